// Tests zstd compression of blobs and the framing of unpacked files.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { compress, decompress, frame, unframe } from "./compress.ts";
import { isStoreError } from "./errors.ts";

test("compressible data shrinks and round-trips", () => {
  const data = Buffer.from(
    JSON.stringify({ rows: Array.from({ length: 2000 }, (_, i) => ({ i, t: "text" })) }),
  );
  const c = compress(data, 3);
  assert.equal(c.compressed, true);
  assert.ok(c.data.length < data.length / 4);
  assert.deepEqual(Buffer.from(decompress(c.data, data.length)), data);
});

test("incompressible data is kept raw", () => {
  const data = randomBytes(100_000);
  const c = compress(data, 3);
  assert.equal(c.compressed, false);
  assert.equal(c.data, data);
});

test("a large input that starts incompressible is kept raw without compressing it whole", () => {
  const data = Buffer.concat([randomBytes(300_000), Buffer.alloc(300_000)]);
  assert.equal(compress(data, 3).compressed, false);
  const text = Buffer.from("compressible ".repeat(40_000));
  assert.equal(compress(text, 3).compressed, true);
});

test("a wrong expected length or corrupt frame is an integrity error", () => {
  const data = Buffer.from("abc".repeat(1000));
  const c = compress(data, 3);
  assert.throws(
    () => decompress(c.data, data.length + 1),
    (e) => isStoreError(e, "integrity"),
  );
  assert.throws(
    () => decompress(Buffer.from("not zstd at all")),
    (e) => isStoreError(e, "integrity"),
  );
});

test("frame/unframe round-trip both raw and compressed payloads", () => {
  for (const data of [Buffer.from("x"), Buffer.from("y".repeat(10_000)), randomBytes(5000)]) {
    assert.deepEqual(Buffer.from(unframe(frame(data, 3))), data);
  }
  assert.equal(frame(Buffer.from("y".repeat(10_000)), 3)[0], 1);
  assert.equal(frame(randomBytes(5000), 3)[0], 0);
  assert.throws(
    () => unframe(Buffer.from([7, 1, 2])),
    (e) => isStoreError(e, "integrity"),
  );
});
