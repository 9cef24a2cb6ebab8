// Runs the shared backend suite on the local-folder backend, plus fs-only guarantees.
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { FsBackend } from "./fs.ts";
import { backendSuite } from "./suite.ts";

let dir = "";
backendSuite("fs", {
  create: async () => {
    dir = await mkdtemp(join(tmpdir(), "nvault-fs-"));
    return new FsBackend(dir);
  },
  cleanup: () => rm(dir, { recursive: true, force: true }),
});

test("fs: files are owner-only, use the common layout and leave no temp files", async () => {
  const root = await mkdtemp(join(tmpdir(), "nvault-fs-"));
  try {
    const b = new FsBackend(root);
    const name = `ab${"0".repeat(62)}`;
    await b.save("data", name, Buffer.from("pack"));
    await b.save("keys", "k1", Buffer.from("key"));
    const st = await stat(join(root, "data", "ab", name));
    assert.equal(st.mode & 0o777, 0o600);
    assert.equal((await stat(join(root, "keys", "k1"))).mode & 0o777, 0o600);
    assert.deepEqual(await readdir(join(root, "data", "ab")), [name]);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test("fs: a temp file left by a crash is not listed", async () => {
  const root = await mkdtemp(join(tmpdir(), "nvault-fs-"));
  try {
    const b = new FsBackend(root);
    await b.save("snapshots", "real", Buffer.from("x"));
    await writeFile(join(root, "snapshots", ".tmp-half-written-123"), "partial");
    const names: string[] = [];
    for await (const f of b.list("snapshots")) names.push(f.name);
    assert.deepEqual(names, ["real"]);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
