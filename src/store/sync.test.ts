// sync: copies into a store with other keys, uploads only missing blobs, copies verify and restore there.
import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { memoryRepo, tempDir } from "../../test/helpers/memory-repo.ts";
import { seededRng } from "../../test/helpers/random.ts";
import { diffDigests, hashTree } from "../../test/helpers/tree.ts";
import { backupDirectory } from "./archiver.ts";
import { listSnapshots } from "./browse.ts";
import { checkRepository } from "./check.ts";
import { restoreSnapshot } from "./restorer.ts";
import { syncSnapshots } from "./sync.ts";

test("sync copies snapshots to a store with another passphrase, transferring only what is missing", async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const src = join(dir, "src");
  await mkdir(src);
  const rng = seededRng("sync");
  await writeFile(join(src, "big.bin"), rng.bytes(120_000));
  await writeFile(join(src, "small.txt"), "small");
  const a = await memoryRepo("source passphrase");
  const b = await memoryRepo("another passphrase");
  await backupDirectory(a, { source: src });

  const first = await syncSnapshots(a, b);
  assert.equal(first.copied.length, 1);
  assert.ok(first.blobs > 5);

  const again = await syncSnapshots(a, b);
  assert.deepEqual(
    { copied: again.copied, blobs: again.blobs, skipped: again.skipped },
    { copied: [], blobs: 0, skipped: 1 },
  );

  await writeFile(join(src, "small.txt"), "changed");
  await backupDirectory(a, { source: src });
  const third = await syncSnapshots(a, b);
  assert.equal(third.copied.length, 1);
  // The changed file's one blob plus the root tree; big.bin's chunks are not uploaded again.
  assert.equal(third.blobs, 2);

  const copies = await listSnapshots(b);
  assert.equal(copies.length, 2);
  assert.equal(copies[1]!.manifest.parent, copies[0]!.id);
  assert.equal(copies[1]!.manifest.origin?.store, a.config.id);
  const check = await checkRepository(b, { readData: true });
  assert.deepEqual(check.errors, []);
  assert.ok(check.snapshots.every((s) => s.trusted));
  const out = join(dir, "out");
  await restoreSnapshot(b, copies[1]!, { target: out });
  assert.deepEqual(diffDigests(await hashTree(src), await hashTree(out)), []);
});
