// Tests key files: wrapping with a passphrase, wrong passphrase, add/passwd/remove, permissions.
import assert from "node:assert/strict";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { FsBackend } from "./backends/fs.ts";
import { MemoryBackend } from "./backends/memory.ts";
import { isStoreError } from "./errors.ts";
import { addKey, changePassphrase, generateMasterKeys, listKeys, removeKey, unlock } from "./keys.ts";

const kdf = { memoryKiB: 1024, iterations: 1, parallelism: 1 };

test("the right passphrase unwraps the same master keys; a wrong one is wrong_passphrase", async () => {
  const backend = new MemoryBackend();
  const keys = generateMasterKeys();
  const id = await addKey(backend, keys, "correct horse", kdf);
  const got = await unlock(backend, "correct horse");
  assert.equal(got.keyId, id);
  assert.deepEqual(Buffer.from(got.keys.encrypt), Buffer.from(keys.encrypt));
  assert.deepEqual(Buffer.from(got.keys.mac), Buffer.from(keys.mac));
  assert.deepEqual(Buffer.from(got.keys.signPublic), Buffer.from(keys.signPublic));
  await assert.rejects(unlock(backend, "battery staple"), (e) => {
    assert.ok(isStoreError(e, "wrong_passphrase"));
    assert.equal(e.exitCode, 3);
    assert.doesNotMatch(e.message, /battery/);
    return true;
  });
});

test("add, passwd and remove keys; the key in use cannot be removed", async () => {
  const backend = new MemoryBackend();
  const keys = generateMasterKeys();
  const first = await addKey(backend, keys, "one", kdf);
  const second = await addKey(backend, keys, "two", kdf);
  assert.deepEqual((await listKeys(backend)).map((k) => k.id).sort(), [first, second].sort());
  assert.equal((await unlock(backend, "two")).keyId, second);
  await assert.rejects(removeKey(backend, first, first), (e) => isStoreError(e, "invalid_argument"));
  const third = await changePassphrase(backend, keys, second, "three", kdf);
  await assert.rejects(unlock(backend, "two"), (e) => isStoreError(e, "wrong_passphrase"));
  assert.equal((await unlock(backend, "three")).keyId, third);
  await removeKey(backend, first, third);
  await assert.rejects(unlock(backend, "one"), (e) => isStoreError(e, "wrong_passphrase"));
  const list = await listKeys(backend);
  assert.deepEqual(
    list.map((k) => k.id),
    [third],
  );
  assert.deepEqual(list[0]!.kdf, kdf);
});

test("a damaged key file does not lock out the others", async () => {
  const backend = new MemoryBackend();
  const keys = generateMasterKeys();
  await backend.save("keys", "broken", Buffer.from("{ not json"));
  const id = await addKey(backend, keys, "fine", kdf);
  assert.equal((await unlock(backend, "fine")).keyId, id);
  await assert.rejects(unlock(backend, "other"), (e) => isStoreError(e, "wrong_passphrase"));
});

test("key files on disk are owner-only (0600) and hold no secret in clear", async () => {
  const dir = await mkdtemp(join(tmpdir(), "nvault-keys-"));
  try {
    const backend = new FsBackend(dir);
    const keys = generateMasterKeys();
    const id = await addKey(backend, keys, "secret passphrase", kdf);
    assert.equal((await stat(join(dir, "keys", id))).mode & 0o777, 0o600);
    const text = Buffer.from(await backend.load("keys", id)).toString();
    assert.doesNotMatch(text, /secret passphrase/);
    assert.equal(text.includes(Buffer.from(keys.encrypt).toString("base64")), false);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
