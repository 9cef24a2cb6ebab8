// Tests FastCDC: deterministic boundaries, resynchronisation after an insertion, size limits.
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { test } from "node:test";
import { chunkStream, gearTable } from "./chunker.ts";

const params = { min: 2048, avg: 8192, max: 65536, normalization: 2, gearSeed: "ab".repeat(32) };

async function* pieces(data: Uint8Array, sizes: number[]): AsyncIterable<Uint8Array> {
  let pos = 0;
  for (let i = 0; pos < data.length; i++) {
    const n = sizes[i % sizes.length]!;
    yield data.subarray(pos, pos + n);
    pos += n;
  }
}

async function cut(data: Uint8Array, sizes = [data.length], p = params): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const c of chunkStream(pieces(data, sizes), p)) out.push(c);
  return out;
}

const digest = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");

test("boundaries depend only on content, not on how the stream is split", async () => {
  const data = randomBytes(2_000_000);
  const whole = await cut(data);
  const small = await cut(data, [1000]);
  const odd = await cut(data, [1, 77777, 4096, 13]);
  assert.deepEqual(small.map(digest), whole.map(digest));
  assert.deepEqual(odd.map(digest), whole.map(digest));
  assert.deepEqual(Buffer.concat(whole), data);
});

test("min and max are respected and the mean is near avg", async () => {
  const data = randomBytes(4_000_000);
  const chunks = await cut(data, [65536]);
  for (const c of chunks.slice(0, -1)) {
    assert.ok(c.length >= params.min && c.length <= params.max, `chunk of ${c.length}`);
  }
  const mean = data.length / chunks.length;
  assert.ok(mean > params.avg / 2 && mean < params.avg * 2, `mean ${mean}`);
  const zeros = await cut(new Uint8Array(300_000));
  for (const c of zeros) assert.ok(c.length <= params.max);
  assert.equal(zeros[0]!.length, params.max);
});

test("an insertion at the start leaves most chunks unchanged", async () => {
  const data = randomBytes(3_000_000);
  const before = new Set((await cut(data)).map(digest));
  const changed = await cut(Buffer.concat([randomBytes(100), data]));
  const reused = changed.filter((c) => before.has(digest(c))).length;
  assert.ok(reused >= changed.length - 3, `${reused} of ${changed.length} chunks reused`);
});

test("a different gear seed cuts differently (boundaries are store-specific)", async () => {
  const data = randomBytes(500_000);
  const a = (await cut(data)).map((c) => c.length);
  const b = (await cut(data, [data.length], { ...params, gearSeed: "cd".repeat(32) })).map((c) => c.length);
  assert.notDeepEqual(a, b);
  assert.equal(gearTable("00".repeat(32)).length, 256);
});

test("empty input yields no chunk, tiny input one chunk", async () => {
  assert.deepEqual(await cut(new Uint8Array(0)), []);
  const one = await cut(Buffer.from("hello"));
  assert.equal(one.length, 1);
  assert.equal(Buffer.from(one[0]!).toString(), "hello");
});
