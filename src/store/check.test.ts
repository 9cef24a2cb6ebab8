// check: passes on a sound store, names snapshot and path of a damaged blob, rejects tampered manifests.
import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { memoryRepo, reopen, tempDir } from "../../test/helpers/memory-repo.ts";
import { seededRng } from "../../test/helpers/random.ts";
import { backupDirectory } from "./archiver.ts";
import { checkRepository } from "./check.ts";
import { IntegrityError } from "./errors.ts";
import { loadSnapshot } from "./snapshot.ts";
import { canonicalJson, findEntry } from "./tree.ts";

async function storeWithTwoSnapshots(dir: string) {
  const src = join(dir, "src");
  await mkdir(join(src, "media"), { recursive: true });
  await writeFile(join(src, "media", "photo.bin"), seededRng("photo").bytes(100_000));
  await writeFile(join(src, "note.txt"), "hello");
  const repo = await memoryRepo();
  const a = await backupDirectory(repo, { source: src });
  await writeFile(join(src, "note2.txt"), "second");
  const b = await backupDirectory(repo, { source: src });
  return { repo, src, ids: [a.snapshot.id, b.snapshot.id] };
}

test("check passes on a sound store, with and without --read-data", async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const { repo } = await storeWithTwoSnapshots(dir);
  const quick = await checkRepository(repo);
  assert.deepEqual(quick.errors, []);
  assert.equal(quick.ok, true);
  assert.equal(quick.snapshots.length, 2);
  assert.ok(quick.snapshots.every((s) => s.valid && s.trusted && s.keyId === repo.keyId));
  const full = await checkRepository(repo, { readData: true });
  assert.equal(full.ok, true);
  assert.equal(full.readData, true);
});

test("check --read-data names the snapshots and path that use a damaged blob", async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const { repo, ids } = await storeWithTwoSnapshots(dir);
  const snap = await loadSnapshot(repo, ids[0]!);
  const { entry } = await findEntry(repo, snap.manifest.tree, "media/photo.bin");
  const blob = entry!.content![1]!;
  const where = repo.lookupBlob(blob)!;
  const bytes = await repo.backend.load("data", where.pack);
  bytes[where.offset + 20]! ^= 0xff;
  await repo.backend.save("data", where.pack, bytes);

  const fresh = await reopen(repo);
  const quick = await checkRepository(fresh);
  assert.equal(quick.ok, true, "structure alone does not read pack contents");
  const full = await checkRepository(fresh, { readData: true });
  assert.equal(full.ok, false);
  const damaged = full.errors.find((e) => e.kind === "damaged_blob" && e.blob === blob);
  assert.ok(damaged, JSON.stringify(full.errors));
  assert.deepEqual(
    damaged.usedBy?.map((u) => u.path),
    ["media/photo.bin", "media/photo.bin"],
  );
  assert.deepEqual(damaged.usedBy?.map((u) => u.snapshot).sort(), [...ids].sort());
});

test("a tampered snapshot manifest fails signature verification", async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const { repo, ids } = await storeWithTwoSnapshots(dir);
  const doc = JSON.parse(new TextDecoder().decode(await repo.loadUnpacked("snapshots", ids[1]!)));
  doc.manifest.tags = ["forged"];
  const forged = await repo.saveUnpacked("snapshots", new TextEncoder().encode(canonicalJson(doc)));
  await repo.backend.remove("snapshots", ids[1]!);

  await assert.rejects(loadSnapshot(repo, forged), IntegrityError);
  const result = await checkRepository(repo);
  assert.equal(result.ok, false);
  const sig = result.snapshots.find((s) => s.id === forged);
  assert.equal(sig?.valid, false);
  assert.ok(result.errors.some((e) => e.kind === "bad_signature" && e.message.includes(forged)));
});
