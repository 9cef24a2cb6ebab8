// Tests the write path with a worker pool: hashing in workers, batches of small blobs, exact dedup.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, test } from "node:test";
import { MemoryBackend } from "./backends/memory.ts";
import { decompress } from "./compress.ts";
import { hmacHex, open, randomKey } from "./crypto.ts";
import { MasterIndex } from "./master-index.ts";
import { readPackHeader } from "./pack.ts";
import { PackWriter, poolThreshold } from "./pack-writer.ts";
import { SealPool } from "./seal-pool.ts";

const pool = new SealPool(2);
after(() => pool.close());

function setup(opts: { packSize?: number; batchBytes?: number } = {}) {
  const backend = new MemoryBackend();
  const index = new MasterIndex();
  const key = randomKey();
  const macKey = randomKey();
  const writer = new PackWriter({
    backend,
    key,
    macKey,
    index,
    pool,
    packSize: opts.packSize ?? 1 << 20,
    compressionLevel: 3,
    ...(opts.batchBytes ? { batchBytes: opts.batchBytes } : {}),
  });
  return { backend, index, key, macKey, writer };
}

/** Reads a blob back from the uploaded packs, as a later process would. */
async function readBack(s: ReturnType<typeof setup>, id: string): Promise<Buffer> {
  const loc = s.index.get(id);
  assert.ok(loc, `blob ${id} is indexed`);
  const sealed = await s.backend.load("data", loc.pack, { offset: loc.offset, length: loc.length });
  const payload = open(s.key, sealed);
  return Buffer.from(loc.compressed ? decompress(payload, loc.uncompressedLength) : payload);
}

test("large blobs are hashed in the workers; equal ones saved at once are stored once", async () => {
  const s = setup();
  const big = randomBytes(poolThreshold * 3);
  const text = Buffer.from("a compressible paragraph of page text. ".repeat(5000));
  const results = await Promise.all([
    s.writer.save("data", big),
    s.writer.save("data", big),
    s.writer.save("data", text),
    s.writer.save("data", big),
  ]);
  assert.deepEqual(
    results.map((r) => r.id),
    [big, big, text, big].map((b) => hmacHex(s.macKey, b)),
  );
  assert.equal(results.filter((r) => r.id === results[0]!.id && r.isNew).length, 1);
  assert.equal(results[2]!.isNew, true);
  // Known now: a later save neither re-sends it nor counts it as new.
  assert.equal((await s.writer.save("data", big)).isNew, false);
  await s.writer.flush();
  const entries = [...s.index.blobs()];
  assert.equal(entries.length, 2);
  assert.deepEqual(await readBack(s, results[0]!.id), big);
  const loc = s.index.get(results[2]!.id)!;
  assert.equal(loc.compressed, true);
  assert.ok(loc.length < text.length / 10);
  assert.deepEqual(await readBack(s, results[2]!.id), text);
});

test("small blobs travel in batches, and a read of a pending one sends its batch at once", async () => {
  const s = setup({ batchBytes: 64 * 1024 });
  const docs = Array.from({ length: 40 }, (_, i) =>
    Buffer.from(JSON.stringify({ object: "page", i, t: "x".repeat(i * 50) })),
  );
  const saved = [];
  for (const d of docs) saved.push(await s.writer.save("tree", d));
  assert.ok(saved.every((r) => r.isNew));
  // Far below one batch: nothing has gone to a worker yet, yet the blob can be read.
  const pending = s.writer.getPending(saved[3]!.id);
  assert.ok(pending);
  await pending.ready;
  assert.ok(pending.entry && pending.sealed);
  assert.deepEqual(Buffer.from(decompress(open(s.key, pending.sealed), docs[3]!.length)), docs[3]);
  // The same bytes again are recognised from the pending batch.
  assert.equal((await s.writer.save("tree", docs[7]!)).isNew, false);
  await s.writer.flush();
  assert.equal([...s.index.blobs()].length, docs.length);
  for (const [i, r] of saved.entries()) assert.deepEqual(await readBack(s, r.id), docs[i]);
});

test("a full batch fills packs without a flush; the index names only uploaded packs", async () => {
  const s = setup({ packSize: 8 * 1024, batchBytes: 4 * 1024 });
  const blobs = Array.from({ length: 30 }, () => randomBytes(1500));
  for (const b of blobs) await s.writer.save("data", b);
  let packs = 0;
  for await (const _ of s.backend.list("data")) packs++;
  assert.ok(packs >= 2, `packs uploaded before flush: ${packs}`);
  await s.writer.flush();
  const uploaded = new Set<string>();
  for await (const f of s.backend.list("data")) uploaded.add(f.name);
  for (const [pack, entries] of s.index.packs()) {
    assert.ok(uploaded.has(pack));
    assert.deepEqual(
      (await readPackHeader(s.backend, s.key, pack)).map((e) => e.id),
      entries.map((e) => e.id),
    );
  }
  assert.equal([...s.index.blobs()].length, blobs.length);
});
