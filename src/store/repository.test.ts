// Tests the blob repository end to end on real temp folders: dedup, reopen, cache, damage, signing.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { type LocalS3, startS3 } from "../../test/helpers/s3.ts";
import { FsBackend } from "./backends/fs.ts";
import { MemoryBackend } from "./backends/memory.ts";
import { S3Backend } from "./backends/s3.ts";
import { isStoreError } from "./errors.ts";
import { initRepository, openRepository } from "./repository.ts";

const kdf = { memoryKiB: 1024, iterations: 1, parallelism: 1 };
let root = "";
before(async () => {
  root = await mkdtemp(join(tmpdir(), "nvault-repo-"));
});
after(() => rm(root, { recursive: true, force: true }));

let n = 0;
const fresh = (): { dir: string; cacheDir: string } => {
  n++;
  return { dir: join(root, `store${n}`), cacheDir: join(root, `cache${n}`) };
};

const doc = (i: number): Buffer =>
  Buffer.from(JSON.stringify({ id: i, title: `Page ${i}`, body: "text ".repeat(200) }));

test("identical blobs are stored once, also within the pack being filled", async () => {
  const repo = await initRepository(new MemoryBackend(), "pw", { kdf, cacheDir: false });
  const a = await repo.saveBlob("tree", doc(1));
  const b = await repo.saveBlob("tree", doc(1));
  assert.deepEqual([a.isNew, b.isNew], [true, false]);
  assert.equal(a.id, b.id);
  assert.equal(a.id, repo.blobId(doc(1)));
  assert.ok(repo.hasBlob(a.id));
  const both = await Promise.all([repo.saveBlob("data", doc(2)), repo.saveBlob("data", doc(2))]);
  assert.equal(both.filter((r) => r.isNew).length, 1);
  assert.deepEqual(Buffer.from(await repo.loadBlob(a.id)), doc(1));
  await repo.flush();
  assert.equal((await repo.saveBlob("tree", doc(1))).isNew, false);
  assert.equal([...repo.packs()].length, 1);
  await repo.close();
});

test("large blobs sealed in worker threads dedup, load while pending, and survive reopen", async () => {
  const backend = new MemoryBackend();
  const repo = await initRepository(backend, "pw", { kdf, cacheDir: false, packSize: 300_000 });
  const big = Array.from({ length: 12 }, (_, i) =>
    i % 2 ? randomBytes(200_000) : Buffer.from(`${i} `.repeat(150_000)),
  );
  const first = await Promise.all(big.map((b) => repo.saveBlob("data", b)));
  const again = await Promise.all(big.map((b) => repo.saveBlob("data", b)));
  assert.deepEqual(
    first.map((r) => r.isNew),
    big.map(() => true),
  );
  assert.ok(again.every((r) => !r.isNew));
  assert.deepEqual(Buffer.from(await repo.loadBlob(first[11]!.id)), big[11]);
  await repo.close();
  const reopened = await openRepository(backend, "pw", { cacheDir: false });
  for (const [i, r] of first.entries()) assert.deepEqual(Buffer.from(await reopened.loadBlob(r.id)), big[i]);
  assert.ok([...reopened.packs()].length >= 2);
});

test("a reopened store finds every blob through its index files, with or without the cache", async () => {
  const { dir, cacheDir } = fresh();
  const repo = await initRepository(new FsBackend(dir), "pw", { kdf, cacheDir, packSize: 64 * 1024 });
  const blobs = Array.from({ length: 40 }, (_, i) => (i % 2 ? randomBytes(10_000) : doc(i)));
  const ids: string[] = [];
  for (const b of blobs) ids.push((await repo.saveBlob("data", b)).id);
  await repo.close();
  for (const opts of [{ cacheDir }, { cacheDir }, { cacheDir: false as const }]) {
    const again = await openRepository(new FsBackend(dir), "pw", opts);
    assert.ok([...again.packs()].length > 1);
    for (const [i, id] of ids.entries()) assert.deepEqual(Buffer.from(await again.loadBlob(id)), blobs[i]);
    assert.equal((await again.saveBlob("data", blobs[0]!)).isNew, false);
    await again.close();
  }
  const cached = await readdir(
    join(cacheDir, (await openRepository(new FsBackend(dir), "pw", { cacheDir })).config.id, "index"),
  );
  assert.ok(cached.length >= 1);
});

test("with a warm cache, opening reads no index file from the store", async () => {
  const { dir, cacheDir } = fresh();
  const repo = await initRepository(new FsBackend(dir), "pw", { kdf, cacheDir });
  for (let i = 0; i < 3; i++) {
    await repo.saveBlob("tree", doc(100 + i));
    await repo.flush();
  }
  await repo.close();
  const loads: string[] = [];
  class Counting extends FsBackend {
    override load(...args: Parameters<FsBackend["load"]>) {
      loads.push(args[0]);
      return super.load(...args);
    }
  }
  const again = await openRepository(new Counting(dir), "pw", { cacheDir });
  assert.equal([...again.indexFiles()].length, 3);
  assert.equal(loads.filter((t) => t === "index").length, 0);
  assert.equal(again.hasBlob(again.blobId(doc(101))), true);
});

test("a corrupt or lost cache is rebuilt from the store", async () => {
  const { dir, cacheDir } = fresh();
  const repo = await initRepository(new FsBackend(dir), "pw", { kdf, cacheDir });
  const { id } = await repo.saveBlob("tree", doc(7));
  await repo.close();
  const idxDir = join(cacheDir, repo.config.id, "index");
  for (const f of await readdir(idxDir)) await writeFile(join(idxDir, f), "garbage");
  const again = await openRepository(new FsBackend(dir), "pw", { cacheDir });
  assert.deepEqual(Buffer.from(await again.loadBlob(id)), doc(7));
  await rm(cacheDir, { recursive: true, force: true });
  const third = await openRepository(new FsBackend(dir), "pw", { cacheDir });
  assert.deepEqual(Buffer.from(await third.loadBlob(id)), doc(7));
  assert.equal((await readdir(idxDir)).length, 1);
});

test("a damaged pack is detected when its blob is loaded", async () => {
  const { dir } = fresh();
  const repo = await initRepository(new FsBackend(dir), "pw", { kdf, cacheDir: false });
  const { id } = await repo.saveBlob("data", randomBytes(5000));
  const other = await repo.saveBlob("data", randomBytes(5000));
  await repo.flush();
  const loc = repo.lookupBlob(id)!;
  const path = join(dir, "data", loc.pack.slice(0, 2), loc.pack);
  const bytes = Buffer.from(await new FsBackend(dir).load("data", loc.pack));
  bytes[loc.offset + 20]! ^= 0x40;
  await writeFile(path, bytes);
  await assert.rejects(repo.loadBlob(id), (e) => isStoreError(e, "integrity") && e.exitCode === 5);
  assert.equal((await repo.loadBlob(other.id)).length, 5000);
});

test("open errors: wrong passphrase, no store, store already there", async () => {
  const backend = new MemoryBackend();
  await assert.rejects(openRepository(backend, "pw", { cacheDir: false }), (e) =>
    isStoreError(e, "not_found"),
  );
  await initRepository(backend, "pw", { kdf, cacheDir: false });
  await assert.rejects(openRepository(backend, "nope", { cacheDir: false }), (e) =>
    isStoreError(e, "wrong_passphrase"),
  );
  await assert.rejects(initRepository(backend, "pw", { kdf }), (e) => isStoreError(e, "already_exists"));
  const repo = await openRepository(backend, "pw", { cacheDir: false });
  const second = await repo.addKey("other", kdf);
  assert.equal((await openRepository(backend, "other", { cacheDir: false })).keyId, second);
  assert.equal((await repo.listKeys()).length, 2);
});

test("packs written without an index (a crash before flush) leave a valid store", async () => {
  const backend = new MemoryBackend();
  const repo = await initRepository(backend, "pw", { kdf, cacheDir: false, packSize: 4096 });
  // Six blobs fill three packs: fewer than the eight after which an index is written anyway.
  for (let i = 0; i < 6; i++) await repo.saveBlob("data", randomBytes(3000));
  let packs = 0;
  for await (const _ of backend.list("data")) packs++;
  assert.ok(packs > 0);
  // No flush: reopening sees no index for those packs, yet everything else works.
  const again = await openRepository(backend, "pw", { cacheDir: false });
  assert.equal([...again.listBlobs()].length, 0);
  const { id } = await again.saveBlob("tree", doc(1));
  await again.flush();
  assert.deepEqual(
    Buffer.from(await (await openRepository(backend, "pw", { cacheDir: false })).loadBlob(id)),
    doc(1),
  );
});

test("recoverPacks adopts packs a killed writer left unindexed, so their blobs are reused", async () => {
  const backend = new MemoryBackend();
  const repo = await initRepository(backend, "pw", { kdf, cacheDir: false, packSize: 4096 });
  const blobs = Array.from({ length: 6 }, () => randomBytes(3000));
  const ids: string[] = [];
  for (const b of blobs) ids.push((await repo.saveBlob("data", b)).id);
  // Let the full packs finish uploading, as a killed process may have; the rest is lost.
  await new Promise((r) => setTimeout(r, 20));
  await backend.save("data", "ff".repeat(32), Buffer.from("not a pack at all"));
  const again = await openRepository(backend, "pw", { cacheDir: false });
  const adopted = await again.recoverPacks();
  assert.ok(adopted >= 2, `adopted ${adopted}`);
  const reused = ids.filter((id) => again.hasBlob(id));
  assert.ok(reused.length >= 4);
  for (const [i, id] of ids.entries()) {
    if (again.hasBlob(id)) assert.deepEqual(Buffer.from(await again.loadBlob(id)), blobs[i]);
  }
  assert.equal((await again.saveBlob("data", blobs[0]!)).isNew, false);
  await again.flush();
  const third = await openRepository(backend, "pw", { cacheDir: false });
  assert.equal(ids.filter((id) => third.hasBlob(id)).length, reused.length);
  assert.equal(await third.recoverPacks(), 0);
});

test("compactIndex drops packs and supersedes every older index file", async () => {
  const backend = new MemoryBackend();
  const repo = await initRepository(backend, "pw", { kdf, cacheDir: false });
  const a = await repo.saveBlob("tree", doc(1));
  await repo.flush();
  const b = await repo.saveBlob("tree", doc(2));
  await repo.flush();
  assert.equal([...repo.indexFiles()].length, 2);
  const drop = new Set([repo.lookupBlob(a.id)!.pack]);
  await repo.compactIndex(drop);
  assert.equal([...repo.indexFiles()].length, 1);
  const again = await openRepository(backend, "pw", { cacheDir: false });
  assert.equal(again.hasBlob(a.id), false);
  assert.deepEqual(Buffer.from(await again.loadBlob(b.id)), doc(2));
  assert.equal((await again.readPackHeader(again.lookupBlob(b.id)!.pack))[0]!.id, b.id);
});

test("a crash between writing a compacted index and deleting old ones never resurrects them", async () => {
  const backend = new MemoryBackend();
  const repo = await initRepository(backend, "pw", { kdf, cacheDir: false });
  const a = await repo.saveBlob("tree", doc(1));
  await repo.flush();
  const first = [...repo.indexFiles()][0]!;
  const firstBytes = await backend.load("index", first);
  await repo.compactIndex(new Set());
  // Simulate the crash: the superseded file is still there.
  await backend.save("index", first, firstBytes);
  const again = await openRepository(backend, "pw", { cacheDir: false });
  assert.equal([...again.indexFiles()].length, 1);
  await again.compactIndex(new Set([again.lookupBlob(a.id)!.pack]));
  const names: string[] = [];
  for await (const f of backend.list("index")) names.push(f.name);
  assert.equal(names.length, 1);
  const third = await openRepository(backend, "pw", { cacheDir: false });
  assert.equal(third.hasBlob(a.id), false);
});

test("unpacked files round-trip and are checked against their name; signatures verify", async () => {
  const repo = await initRepository(new MemoryBackend(), "pw", { kdf, cacheDir: false });
  const name = await repo.saveUnpacked("snapshots", doc(3));
  assert.deepEqual(Buffer.from(await repo.loadUnpacked("snapshots", name)), doc(3));
  const bytes = Buffer.from(await repo.backend.load("snapshots", name));
  bytes[bytes.length - 1]! ^= 1;
  await repo.backend.save("snapshots", name, bytes);
  await assert.rejects(repo.loadUnpacked("snapshots", name), (e) => isStoreError(e, "integrity"));
  const sig = repo.sign(doc(4));
  assert.equal(repo.verify(doc(4), sig), true);
  assert.equal(repo.verify(doc(5), sig), false);
  assert.equal(repo.verify(doc(4), sig, randomBytes(32)), false);
  assert.equal(repo.verify(doc(4), sig, repo.signingPublicKey), true);
  assert.equal(repo.signingPublicKey.length, 32);
});

test("chunk cuts with the store's parameters", async () => {
  const repo = await initRepository(new MemoryBackend(), "pw", {
    kdf,
    cacheDir: false,
    chunker: { min: 1024, avg: 4096, max: 16384 },
  });
  const data = randomBytes(200_000);
  const chunks: Uint8Array[] = [];
  for await (const c of repo.chunk(
    (async function* () {
      yield data;
    })(),
  ))
    chunks.push(c);
  assert.ok(chunks.length > 10);
  assert.deepEqual(Buffer.concat(chunks), data);
});

let s3: LocalS3 | undefined;
test("the repository works unchanged over S3", async () => {
  s3 = await startS3();
  try {
    const make = () =>
      new S3Backend({
        bucket: s3!.bucket,
        prefix: "repo",
        endpoint: s3!.endpoint,
        credentials: { accessKeyId: s3!.accessKeyId, secretAccessKey: s3!.secretAccessKey },
      });
    const repo = await initRepository(make(), "pw", { kdf, cacheDir: false, packSize: 8192 });
    const blobs = Array.from({ length: 10 }, () => randomBytes(3000));
    const ids = [];
    for (const b of blobs) ids.push((await repo.saveBlob("data", b)).id);
    await repo.close();
    const again = await openRepository(make(), "pw", { cacheDir: false });
    for (const [i, id] of ids.entries()) assert.deepEqual(Buffer.from(await again.loadBlob(id)), blobs[i]);
    await again.close();
  } finally {
    await s3.close();
  }
});
