// Tests index files: encode/decode round trip, name check, and tamper detection.
import assert from "node:assert/strict";
import { test } from "node:test";
import { randomKey, sha256Hex } from "./crypto.ts";
import { isStoreError } from "./errors.ts";
import { decodeIndex, encodeIndex, type IndexFile } from "./index-file.ts";

const hex = (c: string): string => c.repeat(64);

test("an index file round-trips packs, blobs and supersedes", () => {
  const key = randomKey();
  const file: IndexFile = {
    supersedes: [hex("a"), hex("b")],
    packs: [
      {
        pack: hex("c"),
        blobs: [
          { id: hex("1"), type: "data", offset: 0, length: 100, uncompressedLength: 300, compressed: true },
          { id: hex("2"), type: "tree", offset: 100, length: 50, uncompressedLength: 22, compressed: false },
        ],
      },
      { pack: hex("d"), blobs: [] },
    ],
  };
  const bytes = encodeIndex(file, key, 3);
  assert.deepEqual(decodeIndex(bytes, key, sha256Hex(bytes)), file);
});

test("an index whose bytes do not match its name, or were altered, is rejected", () => {
  const key = randomKey();
  const bytes = Buffer.from(encodeIndex({ supersedes: [], packs: [] }, key, 3));
  assert.throws(
    () => decodeIndex(bytes, key, hex("0")),
    (e) => isStoreError(e, "integrity"),
  );
  const name = sha256Hex(bytes);
  bytes[bytes.length - 1]! ^= 1;
  assert.throws(
    () => decodeIndex(bytes, key, name),
    (e) => isStoreError(e, "integrity"),
  );
  assert.throws(
    () => decodeIndex(bytes, key, sha256Hex(bytes)),
    (e) => isStoreError(e, "integrity"),
  );
});
