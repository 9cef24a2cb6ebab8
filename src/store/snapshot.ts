// Snapshot manifests: what a snapshot is, signed with the store's Ed25519 key and saved unpacked.
import { createHash } from "node:crypto";
import { IntegrityError, StoreError } from "./errors.ts";
import type { Repository } from "./repository.ts";
import { canonicalJson } from "./tree.ts";

/** What a backup added and covered. */
export interface SnapshotSummary {
  files: number;
  dirs: number;
  /** Total size of the files in the snapshot. */
  bytes: number;
  /** Blobs (data and tree) this snapshot stored for the first time. */
  newBlobs: number;
  /** Plaintext bytes of those new blobs. */
  addedBytes: number;
}

/** Where a copied snapshot came from (set by sync). */
export interface SnapshotOrigin {
  /** The source store's id. */
  store: string;
  /** The snapshot's id in the source store. */
  snapshot: string;
  /** The source snapshot's root tree id. */
  tree: string;
}

/** The signed description of one snapshot. */
export interface Manifest {
  version: 1;
  /** When the backup started, RFC 3339 UTC. */
  time: string;
  host: string;
  username?: string;
  tags: string[];
  /** What was backed up (absolute paths, or a source description such as "notion:workspace"). */
  paths: string[];
  /** Root tree blob id. */
  tree: string;
  /** The snapshot this one was made incrementally from. */
  parent?: string;
  summary: SnapshotSummary;
  /** Free-form small facts from the layer above (API version, source kind ...). */
  meta?: Record<string, string>;
  origin?: SnapshotOrigin;
}

/** Who signed a manifest. */
export interface SignatureInfo {
  algorithm: "ed25519";
  /** The key file that opened the store when it signed. */
  keyId: string;
  /** Raw Ed25519 public key, hex. */
  publicKey: string;
  /** Signature over the canonical JSON bytes of the manifest, base64. */
  value: string;
}

/** A snapshot as listed: its id (the stored file's name) plus its manifest. */
export interface Snapshot {
  id: string;
  manifest: Manifest;
  signature: SignatureInfo;
}

/** The result of checking one snapshot's signature. */
export interface SignatureCheck {
  id: string;
  valid: boolean;
  /** The public key is this store's own signing key (not just any key that signed). */
  trusted: boolean;
  keyId: string;
  /** First 16 hex characters of SHA-256 of the public key: a short, stable name for the key. */
  fingerprint: string;
}

/** A short name for a public key. */
export function keyFingerprint(publicKey: Uint8Array): string {
  return createHash("sha256").update(publicKey).digest("hex").slice(0, 16);
}

/** The bytes a signature covers. */
export function manifestBytes(manifest: Manifest): Uint8Array {
  return new TextEncoder().encode(canonicalJson(manifest));
}

/** Signs and saves a manifest; returns the snapshot (id = name of the stored file). */
export async function saveSnapshot(
  repo: Repository,
  manifest: Manifest,
  signal?: AbortSignal,
): Promise<Snapshot> {
  const signature: SignatureInfo = {
    algorithm: "ed25519",
    keyId: repo.keyId,
    publicKey: Buffer.from(repo.signingPublicKey).toString("hex"),
    value: Buffer.from(repo.sign(manifestBytes(manifest))).toString("base64"),
  };
  const body = new TextEncoder().encode(canonicalJson({ manifest, signature }));
  const id = await repo.saveUnpacked("snapshots", body, signal);
  return { id, manifest, signature };
}

/** Decodes a stored snapshot file without checking its signature. */
export function decodeSnapshot(id: string, bytes: Uint8Array): Snapshot {
  let doc: { manifest?: Manifest; signature?: SignatureInfo };
  try {
    doc = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (cause) {
    throw new IntegrityError(`snapshot ${id} is not valid JSON`, { cause });
  }
  const m = doc.manifest;
  const s = doc.signature;
  if (!m || typeof m !== "object" || typeof m.tree !== "string" || typeof m.time !== "string") {
    throw new IntegrityError(`snapshot ${id} has no valid manifest`);
  }
  if (m.version !== 1) {
    throw new StoreError("unsupported_format", `snapshot ${id} has version ${String(m.version)}`);
  }
  if (s?.algorithm !== "ed25519" || typeof s.publicKey !== "string" || typeof s.value !== "string") {
    throw new IntegrityError(`snapshot ${id} has no valid signature`);
  }
  return { id, manifest: m, signature: s };
}

/** Checks a snapshot's signature and says which key made it. */
export function checkSignature(repo: Repository, snapshot: Snapshot): SignatureCheck {
  const publicKey = Buffer.from(snapshot.signature.publicKey, "hex");
  const sig = Buffer.from(snapshot.signature.value, "base64");
  let valid = false;
  try {
    valid = publicKey.length === 32 && repo.verify(manifestBytes(snapshot.manifest), sig, publicKey);
  } catch {
    valid = false;
  }
  return {
    id: snapshot.id,
    valid,
    trusted: valid && Buffer.from(repo.signingPublicKey).equals(publicKey),
    keyId: snapshot.signature.keyId,
    fingerprint: keyFingerprint(publicKey),
  };
}

/** Loads a snapshot and verifies that this store's key signed it; IntegrityError otherwise. */
export async function loadSnapshot(repo: Repository, id: string, signal?: AbortSignal): Promise<Snapshot> {
  const snapshot = decodeSnapshot(id, await repo.loadUnpacked("snapshots", id, signal));
  const check = checkSignature(repo, snapshot);
  if (!check.trusted) {
    throw new IntegrityError(
      check.valid
        ? `snapshot ${id.slice(0, 8)} is signed by a foreign key ${check.fingerprint}`
        : `snapshot ${id.slice(0, 8)} has an invalid signature`,
    );
  }
  return snapshot;
}

/** Ids of every snapshot file in the store. */
export async function listSnapshotIds(repo: Repository, signal?: AbortSignal): Promise<string[]> {
  const ids: string[] = [];
  for await (const f of repo.backend.list("snapshots", signal)) ids.push(f.name);
  return ids;
}

/** Removes a snapshot file (its data stays until prune). */
export async function removeSnapshot(repo: Repository, id: string, signal?: AbortSignal): Promise<void> {
  await repo.backend.remove("snapshots", id, signal);
}
