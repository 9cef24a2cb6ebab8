// The blob repository: keys, dedup, packs and index behind one object the upper store layers use.
import type { Backend, FileType } from "./backend.ts";
import { BlobRepository } from "./blob-repository.ts";
import { type ConfigOptions, newConfig, type StoreConfig, validateConfig } from "./config.ts";
import { StoreError } from "./errors.ts";
import { defaultCacheRoot, IndexCache } from "./index-cache.ts";
import { addKey, generateMasterKeys, type KdfParams, type KeyInfo, unlock } from "./keys.ts";
import type { BlobLocation } from "./master-index.ts";
import type { PackEntry } from "./pack.ts";
import { openFile, sealFile } from "./sealed-file.ts";

export type { BlobLocation };

/** What a blob holds: file content ("data") or a serialized tree/document ("tree"). */
export type BlobType = "data" | "tree";

/** Options for `initRepository`. */
export interface InitOptions extends ConfigOptions {
  /** argon2id cost of the first key file; defaults to `defaultKdf`. */
  kdf?: Partial<KdfParams>;
  /** Local cache folder root, or false for none; defaults to NVAULT_CACHE_DIR or ~/.cache/notion-vault. */
  cacheDir?: string | false;
}

/** Options for `openRepository`. */
export interface OpenOptions {
  /** Local cache folder root, or false for none; defaults to NVAULT_CACHE_DIR or ~/.cache/notion-vault. */
  cacheDir?: string | false;
  /** Open only this key file (its name) instead of trying each. */
  keyId?: string;
}

/** Files stored unpacked: one sealed file per object, named by the SHA-256 of its bytes. */
export type UnpackedType = Extract<FileType, "snapshots" | "locks">;

/** An open store: everything the upper layers (trees, snapshots, check, prune, sync) need. */
export interface Repository {
  readonly config: StoreConfig;
  readonly backend: Backend;
  /** Name of the key file that opened this repository. */
  readonly keyId: string;
  /** Raw 32-byte Ed25519 public key of this store's signing key. */
  readonly signingPublicKey: Uint8Array;

  /** The blob id of `plaintext`: hex HMAC-SHA256 under the store's MAC key. */
  blobId(plaintext: Uint8Array): string;
  /** True when the blob is in the index or in a pack not yet written. */
  hasBlob(id: string): boolean;
  /** Location of a blob from the index (undefined for unknown or still pending blobs). */
  lookupBlob(id: string): BlobLocation | undefined;
  /** Stores a blob unless already known; `force` writes it again even if indexed (for repacking). */
  saveBlob(
    type: BlobType,
    plaintext: Uint8Array,
    opts?: { force?: boolean; signal?: AbortSignal },
  ): Promise<{ id: string; isNew: boolean }>;
  /** Reads, decrypts, decompresses and re-hashes a blob; IntegrityError when it does not match. */
  loadBlob(id: string, signal?: AbortSignal): Promise<Uint8Array>;
  /** Writes the pending pack(s), then an index file naming them (order: packs, then index). */
  flush(signal?: AbortSignal): Promise<void>;

  /** Cuts a byte stream into content-defined chunks with the store's FastCDC parameters. */
  chunk(source: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array>;

  /** Seals and saves a snapshot or lock; returns its name (hex SHA-256 of the stored bytes). */
  saveUnpacked(type: UnpackedType, plaintext: Uint8Array, signal?: AbortSignal): Promise<string>;
  /** Loads and opens a snapshot or lock; IntegrityError when its bytes do not match its name. */
  loadUnpacked(type: UnpackedType, name: string, signal?: AbortSignal): Promise<Uint8Array>;

  /**
   * A 32-byte key for one local purpose (e.g. "search-index"), derived from the master keys with
   * HKDF-SHA256, so caches outside the store can be encrypted without reusing a store key.
   */
  deriveKey(purpose: string): Uint8Array;

  /** Ed25519 signature of `bytes` with the store's signing key. */
  sign(bytes: Uint8Array): Uint8Array;
  /** Checks an Ed25519 signature, against `publicKey` (raw 32 bytes) or this store's key. */
  verify(bytes: Uint8Array, signature: Uint8Array, publicKey?: Uint8Array): boolean;

  /** Every indexed blob (one entry per id, even if it sits in two packs). */
  listBlobs(): Iterable<BlobLocation>;
  /** Names of every pack the index references. */
  packs(): Iterable<string>;
  /** Names of the index files currently loaded. */
  indexFiles(): Iterable<string>;
  /** Reads and decrypts a pack's own header (for check --read-data and prune). */
  readPackHeader(pack: string, signal?: AbortSignal): Promise<PackEntry[]>;
  /**
   * Writes one index file holding every indexed pack except `dropPacks`, superseding all loaded
   * index files, then removes those files. Used by prune after repacking; packs are removed after.
   */
  compactIndex(dropPacks: ReadonlySet<string>, signal?: AbortSignal): Promise<void>;
  /** Re-reads index files added by other writers since open. */
  reloadIndex(signal?: AbortSignal): Promise<void>;
  /**
   * Adopts packs that exist but no index file names (left by a killed backup): their headers are
   * read, their blobs become known, and the next flush indexes them. Returns how many. Call with a
   * backup's lock held, before saving blobs, so an interrupted upload is reused.
   */
  recoverPacks(signal?: AbortSignal): Promise<number>;

  /** Adds a key file for another passphrase; returns its id. */
  addKey(passphrase: string, kdf?: Partial<KdfParams>, signal?: AbortSignal): Promise<string>;
  /** Removes a key file other than the one in use. */
  removeKey(id: string, signal?: AbortSignal): Promise<void>;
  /** Replaces the key in use by one with a new passphrase; `keyId` becomes the new id. */
  changePassphrase(passphrase: string, kdf?: Partial<KdfParams>, signal?: AbortSignal): Promise<string>;
  /** Describes every key file (see keys.ts `listKeys`). */
  listKeys(signal?: AbortSignal): Promise<KeyInfo[]>;

  /** Flushes pending blobs and closes the backend. */
  close(): Promise<void>;
}

/** Opens an existing store; StoreError "wrong_passphrase" when no key file accepts the passphrase. */
export async function openRepository(
  backend: Backend,
  passphrase: string,
  opts: OpenOptions = {},
  signal?: AbortSignal,
): Promise<Repository> {
  if (!(await backend.stat("config", "config", signal))) {
    throw new StoreError("not_found", `no store at ${backend.location} (no config file)`);
  }
  const { keys, keyId } = await unlock(backend, passphrase, opts.keyId, signal);
  const config = JSON.parse(
    Buffer.from(
      openFile(keys.encrypt, await backend.load("config", "config", undefined, signal), "config"),
    ).toString(),
  ) as StoreConfig;
  validateConfig(config);
  const repo = new BlobRepository(backend, config, keys, keyId, cacheFor(opts.cacheDir, config.id));
  await repo.reloadIndex(signal);
  return repo;
}

/** Creates a store in an empty backend: key file first, then the config that marks it initialized. */
export async function initRepository(
  backend: Backend,
  passphrase: string,
  opts: InitOptions = {},
  signal?: AbortSignal,
): Promise<Repository> {
  if (await backend.stat("config", "config", signal)) {
    throw new StoreError("already_exists", `a store already exists at ${backend.location}`);
  }
  const config = newConfig(opts);
  const keys = generateMasterKeys();
  const keyId = await addKey(backend, keys, passphrase, opts.kdf, signal);
  const configBytes = sealFile(keys.encrypt, Buffer.from(JSON.stringify(config)), config.compression.level);
  await backend.save("config", "config", configBytes, signal);
  return new BlobRepository(backend, config, keys, keyId, cacheFor(opts.cacheDir, config.id));
}

function cacheFor(dir: string | false | undefined, storeId: string): IndexCache | undefined {
  return dir === false ? undefined : new IndexCache(dir ?? defaultCacheRoot(), storeId);
}
