// Snapshot manifests: signed on save, verified on load, and the signing key is named.
import assert from "node:assert/strict";
import { test } from "node:test";
import { memoryRepo } from "../../test/helpers/memory-repo.ts";
import { IntegrityError } from "./errors.ts";
import {
  checkSignature,
  decodeSnapshot,
  keyFingerprint,
  listSnapshotIds,
  loadSnapshot,
  type Manifest,
  saveSnapshot,
} from "./snapshot.ts";
import { saveTree } from "./tree.ts";

async function manifest(repo: Awaited<ReturnType<typeof memoryRepo>>): Promise<Manifest> {
  const tree = await saveTree(repo, { entries: [] });
  return {
    version: 1,
    time: "2026-01-01T00:00:00.000Z",
    host: "h",
    tags: ["daily"],
    paths: ["/data"],
    tree: tree.id,
    summary: { files: 0, dirs: 0, bytes: 0, newBlobs: 1, addedBytes: 10 },
  };
}

test("a saved snapshot loads back verified, naming the key that signed it", async () => {
  const repo = await memoryRepo();
  const saved = await saveSnapshot(repo, await manifest(repo));
  assert.deepEqual(await listSnapshotIds(repo), [saved.id]);
  const loaded = await loadSnapshot(repo, saved.id);
  assert.deepEqual(loaded.manifest, saved.manifest);
  const check = checkSignature(repo, loaded);
  assert.deepEqual(check, {
    id: saved.id,
    valid: true,
    trusted: true,
    keyId: repo.keyId,
    fingerprint: keyFingerprint(repo.signingPublicKey),
  });
});

test("a snapshot signed by another store's key is valid but not trusted", async () => {
  const ours = await memoryRepo("one");
  const theirs = await memoryRepo("two");
  const foreign = await saveSnapshot(theirs, await manifest(theirs));
  const bytes = await theirs.loadUnpacked("snapshots", foreign.id);
  const planted = await ours.saveUnpacked("snapshots", bytes);
  const check = checkSignature(ours, decodeSnapshot(planted, bytes));
  assert.equal(check.valid, true);
  assert.equal(check.trusted, false);
  assert.equal(check.fingerprint, keyFingerprint(theirs.signingPublicKey));
  await assert.rejects(loadSnapshot(ours, planted), /foreign key/);
});

test("garbage in a snapshot file is an integrity error", () => {
  assert.throws(() => decodeSnapshot("x", new TextEncoder().encode("{")), IntegrityError);
  assert.throws(() => decodeSnapshot("x", new TextEncoder().encode('{"manifest":{}}')), IntegrityError);
});
