// Tests AES-256-GCM sealing and the hashes that name blobs and files.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { hmacHex, open, randomKey, seal, sealOverhead, sha256Hex } from "./crypto.ts";
import { isStoreError } from "./errors.ts";

test("seal then open returns the plaintext; each seal uses a fresh nonce", () => {
  const key = randomKey();
  for (const size of [0, 1, 1000, 1 << 20]) {
    const data = randomBytes(size);
    const a = seal(key, data);
    const b = seal(key, data);
    assert.equal(a.length, size + sealOverhead);
    assert.notDeepEqual(Buffer.from(a), Buffer.from(b));
    assert.deepEqual(Buffer.from(open(key, a)), data);
  }
});

test("any flipped bit, truncation or wrong key is an integrity error", () => {
  const key = randomKey();
  const sealed = Buffer.from(seal(key, Buffer.from("the quick brown fox")));
  for (const pos of [0, 11, 12, 20, sealed.length - 1]) {
    const bad = Buffer.from(sealed);
    bad[pos]! ^= 0x01;
    assert.throws(
      () => open(key, bad),
      (e) => isStoreError(e, "integrity"),
    );
  }
  assert.throws(
    () => open(key, sealed.subarray(0, 20)),
    (e) => isStoreError(e, "integrity"),
  );
  assert.throws(
    () => open(randomKey(), sealed),
    (e) => isStoreError(e, "integrity"),
  );
});

test("blob ids are keyed: same data, different key, different id", () => {
  const data = Buffer.from("same content");
  const k = randomKey();
  assert.equal(hmacHex(k, data), hmacHex(k, data));
  assert.notEqual(hmacHex(k, data), hmacHex(randomKey(), data));
  assert.match(hmacHex(k, data), /^[0-9a-f]{64}$/);
  assert.equal(
    sha256Hex(Buffer.from("abc")),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
});
