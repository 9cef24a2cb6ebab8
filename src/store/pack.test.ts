// Tests the pack format: build, read back the header, locate and open each blob, detect damage.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { MemoryBackend } from "./backends/memory.ts";
import { compress, decompress } from "./compress.ts";
import { hmacHex, open, randomKey, seal, sha256Hex } from "./crypto.ts";
import { isStoreError } from "./errors.ts";
import { PackBuilder, parseHeader, readPackHeader } from "./pack.ts";

test("a pack's header lists every blob and each blob opens at its offset", async () => {
  const key = randomKey();
  const mac = randomKey();
  const blobs = [Buffer.from("a".repeat(5000)), randomBytes(3000), Buffer.from("{}")];
  const builder = new PackBuilder();
  for (const [i, b] of blobs.entries()) {
    const c = compress(b, 3);
    builder.add(hmacHex(mac, b), i === 2 ? "tree" : "data", seal(key, c.data), b.length, c.compressed);
  }
  const { name, bytes, entries } = builder.finish(key);
  assert.equal(name, sha256Hex(bytes));
  const backend = new MemoryBackend();
  await backend.save("data", name, bytes);
  const header = await readPackHeader(backend, key, name);
  assert.deepEqual(header, entries);
  assert.deepEqual(
    header.map((e) => [e.type, e.compressed]),
    [
      ["data", true],
      ["data", false],
      ["tree", false],
    ],
  );
  for (const [i, e] of header.entries()) {
    const payload = open(key, bytes.subarray(e.offset, e.offset + e.length));
    const plain = e.compressed ? decompress(payload, e.uncompressedLength) : payload;
    assert.deepEqual(Buffer.from(plain), blobs[i]);
    assert.equal(e.id, hmacHex(mac, plain));
  }
});

test("a damaged or truncated header is an integrity error", () => {
  const key = randomKey();
  const builder = new PackBuilder();
  builder.add("11".repeat(32), "data", seal(key, Buffer.from("x")), 1, false);
  const { bytes } = builder.finish(key);
  const bad = Buffer.from(bytes);
  bad[bad.length - 10]! ^= 0xff;
  assert.throws(
    () => parseHeader(key, bad, bad.length, "p"),
    (e) => isStoreError(e, "integrity"),
  );
  const lying = Buffer.from(bytes);
  lying.writeUInt32LE(1 << 30, lying.length - 4);
  assert.throws(
    () => parseHeader(key, lying, lying.length, "p"),
    (e) => isStoreError(e, "integrity"),
  );
  assert.throws(
    () => parseHeader(randomKey(), bytes, bytes.length, "p"),
    (e) => isStoreError(e, "integrity"),
  );
});
