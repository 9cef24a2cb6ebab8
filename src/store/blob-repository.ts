// The Repository implementation: blob reads and writes, index upkeep and keys over any Backend.
import { sign as cryptoSign, verify as cryptoVerify, hkdfSync, type KeyObject } from "node:crypto";
import type { Backend } from "./backend.ts";
import { chunkStream } from "./chunker.ts";
import { decompress } from "./compress.ts";
import type { StoreConfig } from "./config.ts";
import { hmacHex, open, sha256Hex } from "./crypto.ts";
import { IntegrityError, isStoreError, StoreError } from "./errors.ts";
import type { IndexCache } from "./index-cache.ts";
import { decodeIndex, encodeIndex, type IndexFile } from "./index-file.ts";
import {
  addKey,
  changePassphrase,
  ed25519PublicKey,
  type KdfParams,
  type KeyInfo,
  listKeys,
  type MasterKeys,
  removeKey,
} from "./keys.ts";
import { type BlobLocation, MasterIndex } from "./master-index.ts";
import { type PackEntry, readPackHeader } from "./pack.ts";
import { PackWriter } from "./pack-writer.ts";
import type { BlobType, Repository, UnpackedType } from "./repository.ts";
import { sharedSealPool } from "./seal-pool.ts";
import { openFile, sealFile } from "./sealed-file.ts";

/** The Repository implementation over any Backend. */
export class BlobRepository implements Repository {
  private readonly index = new MasterIndex();
  private readonly writer: PackWriter;
  private readonly publicKeys = new Map<string, KeyObject>();

  constructor(
    readonly backend: Backend,
    readonly config: StoreConfig,
    private readonly keys: MasterKeys,
    public keyId: string,
    private readonly cache: IndexCache | undefined,
  ) {
    this.writer = new PackWriter({
      backend,
      key: keys.encrypt,
      macKey: keys.mac,
      packSize: config.packSize,
      compressionLevel: config.compression.level,
      index: this.index,
      pool: sharedSealPool(),
      onIndexSaved: async (name, bytes) => this.cache?.put(name, bytes),
    });
  }

  get signingPublicKey(): Uint8Array {
    return this.keys.signPublic;
  }

  blobId(plaintext: Uint8Array): string {
    return hmacHex(this.keys.mac, plaintext);
  }

  hasBlob(id: string): boolean {
    return this.index.get(id) !== undefined || this.writer.getPending(id) !== undefined;
  }

  lookupBlob(id: string): BlobLocation | undefined {
    return this.index.get(id);
  }

  async saveBlob(
    type: BlobType,
    plaintext: Uint8Array,
    opts: { force?: boolean; signal?: AbortSignal } = {},
  ): Promise<{ id: string; isNew: boolean }> {
    // The writer hashes (large blobs in its workers) and decides dedup against index and pending packs.
    if (!opts.force) return this.writer.save(type, plaintext, opts.signal);
    const id = this.blobId(plaintext);
    if (this.writer.getPending(id)) return { id, isNew: false };
    await this.writer.add(id, type, plaintext, opts.signal);
    return { id, isNew: true };
  }

  async loadBlob(id: string, signal?: AbortSignal): Promise<Uint8Array> {
    const pending = this.writer.getPending(id);
    let entry: PackEntry;
    let sealed: Uint8Array;
    let where: string;
    if (pending) {
      await pending.ready;
      if (!pending.entry || !pending.sealed)
        throw new StoreError("not_found", `blob ${id} failed to be written`);
      ({ entry, sealed } = pending);
      where = "pending pack";
    } else {
      const loc = this.index.get(id);
      if (!loc) throw new StoreError("not_found", `blob ${id} is not in the index`);
      entry = loc;
      where = `pack ${loc.pack}`;
      sealed = await this.backend.load("data", loc.pack, { offset: loc.offset, length: loc.length }, signal);
    }
    const payload = open(this.keys.encrypt, sealed, `blob ${id} in ${where}`);
    const plain = entry.compressed ? decompress(payload, entry.uncompressedLength) : payload;
    if (plain.length !== entry.uncompressedLength || this.blobId(plain) !== id) {
      throw new IntegrityError(`blob ${id} in ${where} does not match its id`);
    }
    return plain;
  }

  flush(signal?: AbortSignal): Promise<void> {
    return this.writer.flush(signal);
  }

  chunk(source: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
    return chunkStream(source, this.config.chunker);
  }

  async saveUnpacked(type: UnpackedType, plaintext: Uint8Array, signal?: AbortSignal): Promise<string> {
    const bytes = sealFile(this.keys.encrypt, plaintext, this.config.compression.level);
    const name = sha256Hex(bytes);
    await this.backend.save(type, name, bytes, signal);
    return name;
  }

  async loadUnpacked(type: UnpackedType, name: string, signal?: AbortSignal): Promise<Uint8Array> {
    const bytes = await this.backend.load(type, name, undefined, signal);
    return openFile(this.keys.encrypt, bytes, `${type}/${name}`, name);
  }

  deriveKey(purpose: string): Uint8Array {
    // HKDF (HMAC-SHA256) with the store id as salt: one key per purpose and store, never a store key.
    const info = Buffer.from(`notion-vault derived key v1: ${purpose}`);
    return new Uint8Array(hkdfSync("sha256", this.keys.encrypt, this.config.id, info, 32));
  }

  sign(bytes: Uint8Array): Uint8Array {
    return cryptoSign(null, bytes, this.keys.signPrivate);
  }

  verify(bytes: Uint8Array, signature: Uint8Array, publicKey?: Uint8Array): boolean {
    const raw = publicKey ?? this.keys.signPublic;
    const hex = Buffer.from(raw).toString("hex");
    try {
      let key = this.publicKeys.get(hex);
      if (!key) {
        key = ed25519PublicKey(raw);
        this.publicKeys.set(hex, key);
      }
      return cryptoVerify(null, bytes, key, signature);
    } catch {
      return false;
    }
  }

  listBlobs(): Iterable<BlobLocation> {
    return this.index.blobs();
  }

  packs(): Iterable<string> {
    return this.index.packs().keys();
  }

  indexFiles(): Iterable<string> {
    return this.index.fileNames();
  }

  readPackHeader(pack: string, signal?: AbortSignal): Promise<PackEntry[]> {
    return readPackHeader(this.backend, this.keys.encrypt, pack, signal);
  }

  async compactIndex(dropPacks: ReadonlySet<string>, signal?: AbortSignal): Promise<void> {
    await this.flush(signal);
    // Superseded files still present (a crash after an earlier compaction) are named again, or
    // deleting the file that superseded them would bring them back to life.
    const old = this.index.allFileNames();
    const packs = [...this.index.packs()]
      .filter(([pack]) => !dropPacks.has(pack))
      .map(([pack, blobs]) => ({ pack, blobs }));
    const file: IndexFile = { supersedes: old, packs };
    const bytes = encodeIndex(file, this.keys.encrypt, 3);
    const name = sha256Hex(bytes);
    await this.backend.save("index", name, bytes, signal);
    this.index.addFiles([[name, file]]);
    await this.cache?.put(name, bytes);
    // Old files go only after the new one is durable; a crash in between leaves them superseded.
    for (const n of old) {
      await this.backend.remove("index", n, signal).catch((err: unknown) => {
        if (!isStoreError(err, "not_found")) throw err;
      });
    }
    this.index.removeFiles(old);
  }

  async recoverPacks(signal?: AbortSignal): Promise<number> {
    const known = this.index.packs();
    const orphans: string[] = [];
    for await (const f of this.backend.list("data", signal)) if (!known.has(f.name)) orphans.push(f.name);
    const headers = await mapLimit(orphans, 8, async (pack) => {
      try {
        return { pack, blobs: await this.readPackHeader(pack, signal) };
      } catch (err) {
        // Gone meanwhile, damaged or not ours: it simply is not adopted (check reports damage).
        if (isStoreError(err, "not_found") || isStoreError(err, "integrity")) return undefined;
        throw err;
      }
    });
    let adopted = 0;
    for (const h of headers) {
      if (!h || this.index.packs().has(h.pack)) continue;
      this.index.addUnindexed(h.pack, h.blobs);
      adopted++;
    }
    return adopted;
  }

  async reloadIndex(signal?: AbortSignal): Promise<void> {
    const names: string[] = [];
    for await (const f of this.backend.list("index", signal)) names.push(f.name);
    // Index files a prune has deleted since they were loaded name packs that may be gone: forget them.
    const listed = new Set(names);
    const vanished = this.index.allFileNames().filter((n) => !listed.has(n));
    if (vanished.length > 0) this.index.removeFiles(vanished);
    const fresh = names.filter((n) => !this.index.hasFile(n));
    const loaded = await mapLimit(fresh, 8, async (name): Promise<[string, IndexFile] | undefined> => {
      try {
        return [name, await this.loadIndexFile(name, signal)];
      } catch (err) {
        // Removed since the listing by a concurrent prune, which wrote a superseding file first.
        if (isStoreError(err, "not_found")) return undefined;
        throw err;
      }
    });
    this.index.addFiles(loaded.filter((f) => f !== undefined));
    await this.cache?.retain(new Set(names));
  }

  private async loadIndexFile(name: string, signal?: AbortSignal): Promise<IndexFile> {
    const cached = await this.cache?.get(name);
    if (cached) {
      try {
        return decodeIndex(cached, this.keys.encrypt, name);
      } catch {
        // A damaged cache entry is simply fetched again from the store.
      }
    }
    const bytes = await this.backend.load("index", name, undefined, signal);
    const file = decodeIndex(bytes, this.keys.encrypt, name);
    await this.cache?.put(name, bytes);
    return file;
  }

  async addKey(passphrase: string, kdf?: Partial<KdfParams>, signal?: AbortSignal): Promise<string> {
    return addKey(this.backend, this.keys, passphrase, kdf, signal);
  }

  async removeKey(id: string, signal?: AbortSignal): Promise<void> {
    return removeKey(this.backend, id, this.keyId, signal);
  }

  async changePassphrase(
    passphrase: string,
    kdf?: Partial<KdfParams>,
    signal?: AbortSignal,
  ): Promise<string> {
    this.keyId = await changePassphrase(this.backend, this.keys, this.keyId, passphrase, kdf, signal);
    return this.keyId;
  }

  listKeys(signal?: AbortSignal): Promise<KeyInfo[]> {
    return listKeys(this.backend, signal);
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.backend.close();
    }
  }
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
