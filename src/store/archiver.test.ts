// Backup and restore of real directories through the library: byte-identical, incremental, deduplicated.
import assert from "node:assert/strict";
import { chmod, mkdir, symlink, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { memoryRepo, mtimes, tempDir } from "../../test/helpers/memory-repo.ts";
import { seededRng } from "../../test/helpers/random.ts";
import { diffDigests, editFile, hashTree, listFiles, writeRandomTree } from "../../test/helpers/tree.ts";
import { type BackupEvent, backupDirectory } from "./archiver.ts";
import { listPath, readFile, resolveSnapshot } from "./browse.ts";
import { restoreSnapshot } from "./restorer.ts";

async function makeSource(root: string): Promise<void> {
  const rng = seededRng("archiver");
  await writeRandomTree(root, rng, { files: 60, size: (r) => r.int(0, 20_000), dirs: 10 });
  await writeFile(join(root, "empty.txt"), "");
  await writeFile(join(root, "Ünïcode ✓ 日本語.md"), "# héllo\n");
  await writeFile(join(root, "large.bin"), rng.bytes(300_000));
  await mkdir(join(root, "empty dir", "deeper"), { recursive: true });
  await writeFile(join(root, "script.sh"), "#!/bin/sh\necho hi\n");
  await chmod(join(root, "script.sh"), 0o755);
  await symlink("script.sh", join(root, "link-to-script"));
  await utimes(
    join(root, "empty.txt"),
    new Date("2001-02-03T04:05:06.789Z"),
    new Date("2001-02-03T04:05:06.789Z"),
  );
}

test("backup then restore is byte-identical with modes and mtimes", async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const src = join(dir, "src");
  await mkdir(src);
  await makeSource(src);
  const repo = await memoryRepo();
  const events: BackupEvent[] = [];
  const { snapshot } = await backupDirectory(repo, {
    source: src,
    tags: ["t1"],
    onProgress: (e) => events.push(e),
  });
  assert.ok(events.some((e) => e.type === "done"));
  assert.equal(snapshot.manifest.summary.files, 64);
  assert.ok(snapshot.manifest.summary.newBlobs > 64, "the large file spans several chunks");

  const out = join(dir, "out");
  const result = await restoreSnapshot(repo, snapshot, { target: out });
  assert.equal(result.files, 64);
  assert.deepEqual(diffDigests(await hashTree(src), await hashTree(out)), []);
  const files = await listFiles(src);
  assert.deepEqual(await mtimes(out, files), await mtimes(src, files));
  assert.deepEqual(
    await mtimes(out, ["empty dir", "empty dir/deeper"]),
    await mtimes(src, ["empty dir", "empty dir/deeper"]),
  );

  const ls = await listPath(repo, snapshot, "");
  assert.ok(ls.some((e) => e.path === "Ünïcode ✓ 日本語.md" && e.type === "file"));
  assert.ok(ls.some((e) => e.path === "link-to-script" && e.type === "symlink" && e.target === "script.sh"));
  const chunks: Uint8Array[] = [];
  for await (const c of readFile(repo, snapshot, "Ünïcode ✓ 日本語.md")) chunks.push(c);
  assert.equal(Buffer.concat(chunks).toString(), "# héllo\n");
});

test("an unchanged tree adds nothing; a changed file adds only its chunks", async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const src = join(dir, "src");
  await mkdir(src);
  await makeSource(src);
  const repo = await memoryRepo();
  const first = await backupDirectory(repo, { source: src });
  const reads: string[] = [];
  const second = await backupDirectory(repo, {
    source: src,
    onProgress: (e) => {
      if (e.type === "file" && e.status !== "unchanged") reads.push(e.path);
    },
  });
  assert.equal(second.snapshot.manifest.parent, first.snapshot.id);
  assert.deepEqual(reads, [], "no file is read again");
  assert.equal(second.snapshot.manifest.summary.newBlobs, 0);
  assert.equal(second.snapshot.manifest.tree, first.snapshot.manifest.tree);

  await editFile(join(src, "large.bin"), seededRng("edit"));
  const third = await backupDirectory(repo, { source: src });
  const s = third.snapshot.manifest.summary;
  // One data chunk (maybe two at a boundary) plus the root tree.
  assert.ok(s.newBlobs >= 2 && s.newBlobs <= 3, `new blobs: ${s.newBlobs}`);
  assert.ok(s.addedBytes < 60_000, `added bytes: ${s.addedBytes}`);
  const latest = await resolveSnapshot(repo, "latest");
  assert.equal(latest.id, third.snapshot.id);
  const prefix = await resolveSnapshot(repo, first.snapshot.id.slice(0, 10));
  assert.equal(prefix.id, first.snapshot.id);
});

test("restore of a sub-path lands as target/<name>, and never follows planted symlinks", async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const src = join(dir, "src");
  await mkdir(join(src, "docs", "inner"), { recursive: true });
  await writeFile(join(src, "docs", "inner", "a.txt"), "A");
  await writeFile(join(src, "docs", "b.txt"), "B");
  const repo = await memoryRepo();
  const { snapshot } = await backupDirectory(repo, { source: src });

  const out = join(dir, "out");
  const outside = join(dir, "outside");
  await mkdir(join(out, "docs"), { recursive: true });
  await mkdir(outside);
  // A symlink where a restored file goes must be replaced, not written through.
  await symlink(join(outside, "victim.txt"), join(out, "docs", "b.txt"));
  await symlink(outside, join(out, "docs", "inner"));
  await restoreSnapshot(repo, snapshot, { target: out, path: "docs" });
  assert.deepEqual(await listFiles(outside), []);
  assert.deepEqual(await listFiles(out), ["docs/b.txt", "docs/inner/a.txt"]);

  const one = join(dir, "one");
  await restoreSnapshot(repo, snapshot, { target: one, path: "docs/inner/a.txt" });
  assert.deepEqual(await listFiles(one), ["a.txt"]);
  await assert.rejects(restoreSnapshot(repo, snapshot, { target: one, path: "../x" }), /may not contain/);
});
