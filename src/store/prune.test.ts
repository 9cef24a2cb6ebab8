// forget + prune on a real store: unreferenced data goes, kept snapshots still restore, locks are honoured.
import assert from "node:assert/strict";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { memoryRepo, reopen, tempDir } from "../../test/helpers/memory-repo.ts";
import { seededRng } from "../../test/helpers/random.ts";
import { diffDigests, hashTree } from "../../test/helpers/tree.ts";
import { backupDirectory } from "./archiver.ts";
import { checkRepository } from "./check.ts";
import { isStoreError } from "./errors.ts";
import { forgetSnapshots } from "./forget.ts";
import { acquireLock } from "./lock.ts";
import { pruneRepository } from "./prune.ts";
import { restoreSnapshot } from "./restorer.ts";
import { loadSnapshot } from "./snapshot.ts";

async function dataBytes(repo: { backend: { list(t: "data"): AsyncIterable<{ size: number }> } }) {
  let n = 0;
  for await (const f of repo.backend.list("data")) n += f.size;
  return n;
}

test("forget --keep-last 1 then prune frees old data; the kept snapshot restores and checks", async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const src = join(dir, "src");
  await mkdir(src);
  const rng = seededRng("prune");
  await writeFile(join(src, "keep.bin"), rng.bytes(50_000));
  const repo = await memoryRepo();
  for (let i = 0; i < 3; i++) {
    await writeFile(join(src, "churn.bin"), rng.bytes(200_000));
    await backupDirectory(repo, { source: src, time: new Date(Date.UTC(2026, 0, 1 + i)) });
  }
  const expected = await hashTree(src);
  // An interrupted backup's leftover pack: in data/ but in no index.
  await repo.backend.save("data", "ab".repeat(32), new Uint8Array(100));
  const before = await dataBytes(repo);

  const forgot = await forgetSnapshots(repo, { last: 1 });
  assert.equal(forgot.removed.length, 2);
  const dry = await pruneRepository(repo, { dryRun: true });
  assert.equal(await dataBytes(repo), before, "dry run changes nothing");
  const result = await pruneRepository(repo);
  assert.equal(result.unindexedPacks, 1);
  assert.ok(result.deletedPacks + result.repackedPacks > 0);
  assert.deepEqual({ ...dry, dryRun: false, rewrittenBytes: 0 }, { ...result, rewrittenBytes: 0 });
  const after = await dataBytes(repo);
  assert.ok(after < before * 0.6, `data ${before} -> ${after}`);

  const fresh = await reopen(repo);
  const check = await checkRepository(fresh, { readData: true });
  assert.deepEqual(check.errors, []);
  assert.deepEqual(check.warnings, []);
  const [kept] = forgot.groups[0]!.keep;
  const out = join(dir, "out");
  await rm(out, { recursive: true, force: true });
  await restoreSnapshot(fresh, await loadSnapshot(fresh, kept!.id), { target: out });
  assert.deepEqual(diffDigests(expected, await hashTree(out)), []);
  const again = await pruneRepository(fresh);
  assert.equal(
    again.deletedPacks + again.repackedPacks + again.unindexedPacks,
    0,
    "a second prune has nothing to do",
  );
});

test("an exclusive lock blocks prune and backup; two backups at once both succeed", async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const src = join(dir, "src");
  await mkdir(src);
  await writeFile(join(src, "a.txt"), "a");
  const repo = await memoryRepo();
  const other = await reopen(repo);

  const [x, y] = await Promise.all([
    backupDirectory(repo, { source: src }),
    backupDirectory(other, { source: src }),
  ]);
  assert.notEqual(x.snapshot.id, y.snapshot.id);

  const held = await acquireLock(other, "exclusive", { purpose: "prune" });
  await assert.rejects(
    pruneRepository(repo),
    (err) => isStoreError(err, "locked") && /held by prune/.test(String(err)),
  );
  await assert.rejects(backupDirectory(repo, { source: src }), (err) => isStoreError(err, "locked"));
  await held.release();
  await pruneRepository(repo);

  const shared = await acquireLock(other, "shared", { purpose: "backup" });
  await assert.rejects(pruneRepository(repo), (err) => isStoreError(err, "locked"));
  await backupDirectory(repo, { source: src });
  await shared.release();
  let locks = 0;
  for await (const _ of repo.backend.list("locks")) locks++;
  assert.equal(locks, 0, "every lock is released");
});

test("a process opened before two prunes does not reuse blobs those prunes deleted", async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const src = join(dir, "src");
  await mkdir(src);
  const rng = seededRng("stale-index");
  const old = rng.bytes(30_000);
  await writeFile(join(src, "f.bin"), old);
  const repo = await memoryRepo();
  await backupDirectory(repo, { source: src });
  const early = await reopen(repo);

  for (let i = 0; i < 2; i++) {
    await writeFile(join(src, "f.bin"), rng.bytes(30_000));
    await backupDirectory(repo, { source: src });
    await forgetSnapshots(repo, { last: 1 });
    await pruneRepository(repo);
  }
  // The early process backs up the original content again: it must store it anew.
  await writeFile(join(src, "f.bin"), old);
  // It sees the prunes when it takes its lock, so it stores the content anew: no dangling snapshot.
  await backupDirectory(early, { source: src, parent: null });
  const check = await checkRepository(await reopen(repo));
  assert.deepEqual(check.errors, []);
});
