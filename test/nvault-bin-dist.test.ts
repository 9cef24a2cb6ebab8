// Tests bin/nvault.js's choice between the compiled dist/ and the TypeScript sources: never stale code.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, test } from "node:test";

const repo = resolve(import.meta.dirname, "..");
const root = mkdtempSync(join(tmpdir(), "nvault-bin-"));
after(() => rmSync(root, { recursive: true, force: true }));

/** A project whose entry points only say which one ran. */
function layout(): void {
  for (const d of ["bin", "src/cli", "src/store", "emulator", "dist/src/cli"])
    mkdirSync(join(root, d), { recursive: true });
  copyFileSync(join(repo, "bin/nvault.js"), join(root, "bin/nvault.js"));
  symlinkSync(join(repo, "node_modules"), join(root, "node_modules"));
  writeFileSync(join(root, "package.json"), '{ "type": "module" }\n');
  writeFileSync(join(root, "src/cli/main.ts"), 'const from: string = "sources";\nconsole.log(from);\n');
  writeFileSync(join(root, "src/store/x.ts"), "export const x = 1;\n");
  writeFileSync(join(root, "emulator/y.ts"), "export const y = 1;\n");
  writeFileSync(join(root, "dist/src/cli/main.js"), 'console.log("dist");\n');
}

function stamp(started: number): void {
  writeFileSync(join(root, "dist/build-stamp.json"), JSON.stringify({ started }));
}

function run(env: Record<string, string> = {}): string {
  return execFileSync(process.execPath, [join(root, "bin/nvault.js")], {
    encoding: "utf8",
    env: { ...process.env, ...env },
  }).trim();
}

test("dist runs only while no source file or folder changed since its build started", () => {
  layout();
  assert.equal(run(), "sources", "no stamp: the sources run");
  // A build that started after every source was written.
  stamp(Date.now() + 60_000);
  assert.equal(run(), "dist");
  assert.equal(run({ NVAULT_NO_DIST: "1" }), "sources");
  // A file changed after the build started (here: an mtime past the stamp).
  const later = new Date(Date.now() + 120_000);
  utimesSync(join(root, "src/store/x.ts"), later, later);
  assert.equal(run(), "sources");
  // Rebuilt later still; then a file added to emulator/ changes its folder.
  stamp(Date.now() + 180_000);
  assert.equal(run(), "dist");
  writeFileSync(join(root, "emulator/z.ts"), "export const z = 1;\n");
  utimesSync(join(root, "emulator"), new Date(Date.now() + 240_000), new Date(Date.now() + 240_000));
  assert.equal(run(), "sources");
  // Every source written just now: a build stamped 1 s later is not trusted (file times come from
  // a coarse clock, so a change right after a build started could look older); 10 s later it is.
  const now = new Date();
  for (const p of ["src/store/x.ts", "emulator", "emulator/z.ts"]) utimesSync(join(root, p), now, now);
  stamp(now.getTime() + 1000);
  assert.equal(run(), "sources");
  stamp(now.getTime() + 10_000);
  assert.equal(run(), "dist");
  // A stamp without the compiled entry point is ignored.
  stamp(Date.now() + 600_000);
  rmSync(join(root, "dist/src/cli/main.js"));
  assert.equal(run(), "sources");
});
