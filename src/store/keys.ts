// Master keys and the passphrase-protected key files that wrap them (argon2id + AES-256-GCM).
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { hostname, userInfo } from "node:os";
import { argon2id, hash } from "argon2";
import type { Backend } from "./backend.ts";
import { open, randomKey, seal, sha256Hex } from "./crypto.ts";
import { isStoreError, StoreError } from "./errors.ts";

/** argon2id cost parameters, recorded in each key file. */
export interface KdfParams {
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

/** Default argon2id cost: 64 MiB, 3 passes, 4 lanes (about 0.1-0.2 s). */
export const defaultKdf: KdfParams = { memoryKiB: 64 * 1024, iterations: 3, parallelism: 4 };

/** The store's secrets, identical in every key file. */
export interface MasterKeys {
  /** AES-256-GCM key for everything stored. */
  encrypt: Uint8Array;
  /** HMAC-SHA256 key for blob ids. */
  mac: Uint8Array;
  /** Ed25519 private key that signs snapshots. */
  signPrivate: KeyObject;
  /** Raw 32-byte Ed25519 public key. */
  signPublic: Uint8Array;
}

/** What `listKeys` reports about a key file (never secrets). */
export interface KeyInfo {
  id: string;
  created: string;
  host: string;
  username: string;
  kdf: KdfParams;
}

interface KeyFile {
  version: 1;
  created: string;
  host: string;
  username: string;
  kdf: KdfParams & { algorithm: "argon2id"; salt: string };
  keys: string;
}

const b64 = (b: Uint8Array): string => Buffer.from(b).toString("base64");
const unb64 = (s: string): Buffer => Buffer.from(s, "base64");

/** Fresh random master keys for a new store. */
export function generateMasterKeys(): MasterKeys {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const jwk = publicKey.export({ format: "jwk" });
  return {
    encrypt: randomKey(32),
    mac: randomKey(32),
    signPrivate: privateKey,
    signPublic: Buffer.from(jwk.x ?? "", "base64url"),
  };
}

/** Imports a raw 32-byte Ed25519 public key. */
export function ed25519PublicKey(raw: Uint8Array): KeyObject {
  return createPublicKey({
    key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(raw).toString("base64url") },
    format: "jwk",
  });
}

function encodeMasterKeys(keys: MasterKeys): Uint8Array {
  const jwk = keys.signPrivate.export({ format: "jwk" });
  const body = {
    encrypt: b64(keys.encrypt),
    mac: b64(keys.mac),
    sign: { seed: Buffer.from(jwk.d ?? "", "base64url").toString("base64"), public: b64(keys.signPublic) },
  };
  return Buffer.from(JSON.stringify(body));
}

function decodeMasterKeys(bytes: Uint8Array): MasterKeys {
  const body = JSON.parse(Buffer.from(bytes).toString("utf8"));
  const x = unb64(body.sign.public);
  const signPrivate = createPrivateKey({
    key: {
      kty: "OKP",
      crv: "Ed25519",
      d: unb64(body.sign.seed).toString("base64url"),
      x: x.toString("base64url"),
    },
    format: "jwk",
  });
  return { encrypt: unb64(body.encrypt), mac: unb64(body.mac), signPrivate, signPublic: x };
}

async function deriveKey(passphrase: string, salt: Uint8Array, kdf: KdfParams): Promise<Uint8Array> {
  return hash(passphrase, {
    type: argon2id,
    raw: true,
    salt: Buffer.from(salt),
    memoryCost: kdf.memoryKiB,
    timeCost: kdf.iterations,
    parallelism: kdf.parallelism,
    hashLength: 32,
  });
}

/** Wraps the master keys with `passphrase` into a new key file; returns its id (file name). */
export async function addKey(
  backend: Backend,
  keys: MasterKeys,
  passphrase: string,
  kdf: Partial<KdfParams> = {},
  signal?: AbortSignal,
): Promise<string> {
  if (passphrase.length === 0) throw new StoreError("invalid_argument", "the passphrase must not be empty");
  const params = { ...defaultKdf, ...kdf };
  const salt = randomKey(16);
  const kek = await deriveKey(passphrase, salt, params);
  let user = "";
  try {
    user = userInfo().username;
  } catch {
    // Some containers have no passwd entry; the username is informational only.
  }
  const file: KeyFile = {
    version: 1,
    created: new Date().toISOString(),
    host: hostname(),
    username: user,
    kdf: { algorithm: "argon2id", ...params, salt: b64(salt) },
    keys: b64(seal(kek, encodeMasterKeys(keys))),
  };
  const bytes = Buffer.from(JSON.stringify(file, null, 2));
  const id = sha256Hex(bytes);
  await backend.save("keys", id, bytes, signal);
  return id;
}

function parseKeyFile(bytes: Uint8Array, id: string): KeyFile {
  try {
    const file = JSON.parse(Buffer.from(bytes).toString("utf8")) as KeyFile;
    if (file.version !== 1 || file.kdf?.algorithm !== "argon2id") throw new Error("unknown key file version");
    return file;
  } catch (cause) {
    throw new StoreError("unsupported_format", `key file ${id} is not readable`, { cause });
  }
}

/** Tries `passphrase` on each key file (or only `keyId`); StoreError "wrong_passphrase" when none opens. */
export async function unlock(
  backend: Backend,
  passphrase: string,
  keyId?: string,
  signal?: AbortSignal,
): Promise<{ keys: MasterKeys; keyId: string }> {
  const ids: string[] = [];
  if (keyId) ids.push(keyId);
  else for await (const f of backend.list("keys", signal)) ids.push(f.name);
  if (ids.length === 0)
    throw new StoreError("not_found", `no key files in ${backend.location}; is it a store?`);
  let unreadable: unknown;
  for (const id of ids) {
    let file: KeyFile;
    try {
      file = parseKeyFile(await backend.load("keys", id, undefined, signal), id);
    } catch (err) {
      // One damaged or newer key file must not lock out the passphrases of the others.
      if (!isStoreError(err, "unsupported_format") && !isStoreError(err, "not_found")) throw err;
      unreadable ??= err;
      continue;
    }
    const kek = await deriveKey(passphrase, unb64(file.kdf.salt), file.kdf);
    try {
      return { keys: decodeMasterKeys(open(kek, unb64(file.keys), "key file")), keyId: id };
    } catch (err) {
      if (!isStoreError(err, "integrity")) throw err;
    }
  }
  if (unreadable !== undefined && ids.length === 1) throw unreadable;
  throw new StoreError("wrong_passphrase", `wrong passphrase for the store at ${backend.location}`);
}

/** Describes every key file. */
export async function listKeys(backend: Backend, signal?: AbortSignal): Promise<KeyInfo[]> {
  const out: KeyInfo[] = [];
  for await (const f of backend.list("keys", signal)) {
    const file = parseKeyFile(await backend.load("keys", f.name, undefined, signal), f.name);
    const { memoryKiB, iterations, parallelism } = file.kdf;
    out.push({
      id: f.name,
      created: file.created,
      host: file.host,
      username: file.username,
      kdf: { memoryKiB, iterations, parallelism },
    });
  }
  return out.sort((a, b) => a.created.localeCompare(b.created) || a.id.localeCompare(b.id));
}

/** Removes a key file; refuses the key in use (`currentKeyId`) so a store never locks itself out. */
export async function removeKey(
  backend: Backend,
  id: string,
  currentKeyId: string,
  signal?: AbortSignal,
): Promise<void> {
  if (id === currentKeyId) {
    throw new StoreError(
      "invalid_argument",
      "refusing to remove the key in use; open with another key first",
    );
  }
  if (!(await backend.stat("keys", id, signal))) throw new StoreError("not_found", `no key file ${id}`);
  await backend.remove("keys", id, signal);
}

/** Replaces the key in use by one with a new passphrase: adds the new file, then removes the old. */
export async function changePassphrase(
  backend: Backend,
  keys: MasterKeys,
  currentKeyId: string,
  passphrase: string,
  kdf: Partial<KdfParams> = {},
  signal?: AbortSignal,
): Promise<string> {
  const id = await addKey(backend, keys, passphrase, kdf, signal);
  await backend.remove("keys", currentKeyId, signal);
  return id;
}
