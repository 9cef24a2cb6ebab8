// Tests the worker pool that compresses and seals large blobs off the main thread.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, test } from "node:test";
import { decompress } from "./compress.ts";
import { hmacHex, open, randomKey, sha256Hex } from "./crypto.ts";
import { SealPool } from "./seal-pool.ts";

const pool = new SealPool(2);
after(() => pool.close());

test("jobs come back sealed under the key, compressed when it pays, input left intact", async () => {
  const key = randomKey();
  const text = Buffer.from("notion page text ".repeat(20_000));
  const noise = randomBytes(300_000);
  const [a, b] = await Promise.all([pool.run(key, text, 3), pool.run(key, noise, 3)]);
  assert.equal(a.compressed, true);
  assert.deepEqual(Buffer.from(decompress(open(key, a.sealed), text.length)), text);
  assert.equal(b.compressed, false);
  assert.deepEqual(Buffer.from(open(key, b.sealed)), noise);
  assert.equal(text.length, 17 * 20_000);
  assert.equal(noise.length, 300_000);
});

test("many concurrent jobs all resolve, each with its own result", async () => {
  const key = randomKey();
  const inputs = Array.from({ length: 20 }, (_, i) => Buffer.from(`blob ${i} `.repeat(5000 + i)));
  const out = await Promise.all(inputs.map((d) => pool.run(key, d, 1)));
  for (const [i, r] of out.entries()) {
    const plain = r.compressed ? decompress(open(key, r.sealed)) : open(key, r.sealed);
    assert.deepEqual(Buffer.from(plain), inputs[i]);
  }
});

test("a batch comes back as one sealed blob per input, with ids when given the id key", async () => {
  const key = randomKey();
  const macKey = randomKey();
  const blobs = [Buffer.from("tiny"), Buffer.from("{}".repeat(3000)), randomBytes(70_000), Buffer.alloc(0)];
  const out = await pool.runBatch(key, blobs, 3, macKey);
  assert.equal(out.length, blobs.length);
  for (const [i, r] of out.entries()) {
    assert.equal(r.id, hmacHex(macKey, blobs[i]!));
    const plain = r.compressed ? decompress(open(key, r.sealed), blobs[i]!.length) : open(key, r.sealed);
    assert.deepEqual(Buffer.from(plain), blobs[i]);
  }
  assert.equal(out[1]!.compressed, true);
  assert.equal(out[2]!.compressed, false);
  // Without the id key no ids are computed.
  assert.equal((await pool.runBatch(key, blobs, 3))[0]!.id, undefined);
});

test("digest hashes a buffer in a worker and hands the same bytes back", async () => {
  const bytes = randomBytes(1 << 20);
  const copy = Buffer.from(bytes);
  const expected = sha256Hex(copy);
  const r = await pool.digest(bytes);
  assert.equal(r.hex, expected);
  assert.deepEqual(Buffer.from(r.bytes), copy);
  // The caller's view was moved to the worker: it must not be used any more.
  assert.equal(bytes.length, 0);
});
