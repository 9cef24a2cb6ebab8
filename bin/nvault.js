#!/usr/bin/env node
// Entry point of the `nvault` command: runs the compiled dist/ when it is up to date, else the
// TypeScript sources through tsx (dist/ is built by bin/build.js; any source change since makes it stale).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/** Newest change time under `dir` (files and folders: an added, removed or renamed file changes its folder). */
function newest(dir) {
  const st = statSync(dir);
  let t = Math.max(st.mtimeMs, st.ctimeMs);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else {
      // ctime too: a copy that restores an old mtime (cp -p, tar) still sets ctime to now.
      const s = statSync(p);
      t = Math.max(t, s.mtimeMs, s.ctimeMs);
    }
  }
  return t;
}

function freshDist() {
  if (process.env.NVAULT_NO_DIST === "1") return undefined;
  const main = join(root, "dist", "src", "cli", "main.js");
  try {
    const { started } = JSON.parse(readFileSync(join(root, "dist", "build-stamp.json"), "utf8"));
    if (!existsSync(main) || typeof started !== "number") return undefined;
    const sources = Math.max(newest(join(root, "src")), newest(join(root, "emulator")));
    // File times come from a coarse clock (a few ms behind): a margin keeps a change made just
    // after the build started from looking older than it.
    return sources < started - 2000 ? main : undefined;
  } catch {
    return undefined;
  }
}

const compiled = freshDist();
if (compiled) {
  await import(compiled);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli/main.ts");
}
