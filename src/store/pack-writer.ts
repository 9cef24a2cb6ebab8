// The write path: seal blobs into the open pack, upload full packs, then index files naming them.
import type { Backend } from "./backend.ts";
import { compress, looksCompressible } from "./compress.ts";
import { seal, sha256Hex } from "./crypto.ts";
import { StoreError } from "./errors.ts";
import { encodeIndex, type IndexFile } from "./index-file.ts";
import type { MasterIndex } from "./master-index.ts";
import { PackBuilder, type PackEntry } from "./pack.ts";
import type { SealPool } from "./seal-pool.ts";

/** Largest blob accepted (1 GiB); file contents are chunked far below it. */
export const maxBlobSize = 2 ** 30;

/** A blob accepted but not yet in an uploaded pack; entry and sealed are set once `ready` resolves. */
export interface PendingBlob {
  ready: Promise<void>;
  entry?: PackEntry;
  sealed?: Uint8Array;
}

/** Settings of a PackWriter. */
export interface PackWriterOptions {
  backend: Backend;
  key: Uint8Array;
  packSize: number;
  compressionLevel: number;
  index: MasterIndex;
  /** Called after an index file is saved (to copy it into the local cache). */
  onIndexSaved?: (name: string, bytes: Uint8Array) => Promise<void>;
  /** Worker threads for large blobs; without it everything is sealed on the calling thread. */
  pool?: SealPool;
  /** Packs uploading at once; more makes saveBlob wait. */
  maxUploads?: number;
  /** Packs that may wait for an index file before one is written, bounding what a crash forgets. */
  indexEvery?: number;
}

/** Blobs from this size up are sealed in the worker pool; smaller ones cost less than the hand-off. */
export const poolThreshold = 64 * 1024;

const done = Promise.resolve();

/** Writes blobs in store order: packs first, index files after the packs they name. */
export class PackWriter {
  private builder = new PackBuilder();
  private readonly pending = new Map<string, PendingBlob>();
  private readonly sealing = new Set<Promise<void>>();
  private readonly uploads = new Set<Promise<void>>();
  private indexWrite: Promise<void> = Promise.resolve();
  private failure: unknown;
  private readonly maxUploads: number;
  private readonly maxSealing: number;
  private readonly indexEvery: number;

  constructor(private readonly opts: PackWriterOptions) {
    this.maxUploads = opts.maxUploads ?? 2;
    this.maxSealing = 4 * (opts.pool?.size ?? 0) + 4;
    this.indexEvery = opts.indexEvery ?? 8;
  }

  /** The blob if it waits in memory for its pack upload. */
  getPending(id: string): PendingBlob | undefined {
    return this.pending.get(id);
  }

  /**
   * Accepts a blob: from here on it counts as stored for dedup. It is compressed and sealed (in a
   * worker when large), appended to the open pack, and the pack uploaded when full. Waits while
   * too much work is in flight.
   */
  async add(id: string, type: "data" | "tree", plaintext: Uint8Array, signal?: AbortSignal): Promise<void> {
    this.throwIfFailed();
    // Offsets and lengths are 32-bit in pack headers; packSize <= 2 GiB keeps each pack below 4 GiB.
    if (plaintext.length > maxBlobSize) {
      throw new StoreError("invalid_argument", `a blob of ${plaintext.length} bytes exceeds ${maxBlobSize}`);
    }
    // Incompressible data (media) only needs sealing, cheaper here than the copy to a worker.
    const worth = looksCompressible(plaintext);
    const pool = worth && plaintext.length >= poolThreshold ? this.opts.pool : undefined;
    if (!pool) {
      const c = worth
        ? compress(plaintext, this.opts.compressionLevel)
        : { data: plaintext, compressed: false };
      const slot: PendingBlob = { ready: done };
      this.pending.set(id, slot);
      this.append(slot, id, type, seal(this.opts.key, c.data), plaintext.length, c.compressed, signal);
    } else {
      const length = plaintext.length;
      const slot: PendingBlob = { ready: done };
      // The job never rejects: a failure is recorded and thrown by the next add or flush.
      const job = pool
        .run(this.opts.key, plaintext, this.opts.compressionLevel)
        .then((r) => this.append(slot, id, type, r.sealed, length, r.compressed, signal))
        .catch((err: unknown) => {
          this.failure ??= err;
          if (this.pending.get(id) === slot) this.pending.delete(id);
        });
      slot.ready = job;
      this.pending.set(id, slot);
      this.sealing.add(job);
      void job.finally(() => this.sealing.delete(job));
    }
    while (this.sealing.size >= this.maxSealing) await Promise.race(this.sealing);
    while (this.uploads.size >= this.maxUploads) await Promise.race(this.uploads);
    this.throwIfFailed();
  }

  /** Uploads the open pack, waits for every upload, then writes one index file for them all. */
  async flush(signal?: AbortSignal): Promise<void> {
    while (this.sealing.size > 0) await Promise.race(this.sealing);
    this.startUpload(signal);
    while (this.uploads.size > 0) await Promise.race(this.uploads);
    this.throwIfFailed();
    await this.queueIndexWrite(signal);
    this.throwIfFailed();
  }

  private append(
    slot: PendingBlob,
    id: string,
    type: "data" | "tree",
    sealed: Uint8Array,
    length: number,
    compressed: boolean,
    signal?: AbortSignal,
  ): void {
    slot.entry = this.builder.add(id, type, sealed, length, compressed);
    slot.sealed = sealed;
    if (this.builder.size >= this.opts.packSize) this.startUpload(signal);
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  private startUpload(signal?: AbortSignal): void {
    if (this.builder.entries.length === 0) return;
    const builder = this.builder;
    this.builder = new PackBuilder();
    const { name, bytes, entries } = builder.finish(this.opts.key);
    // Point pending blobs into the finished pack so the per-blob buffers can be freed.
    for (const e of entries) {
      const p = this.pending.get(e.id);
      if (p?.entry === e) p.sealed = bytes.subarray(e.offset, e.offset + e.length);
    }
    const upload = (async () => {
      try {
        await this.opts.backend.save("data", name, bytes, signal);
        this.opts.index.addUnindexed(name, entries);
        for (const e of entries) if (this.pending.get(e.id)?.entry === e) this.pending.delete(e.id);
        if (this.opts.index.unindexedCount() >= this.indexEvery) void this.queueIndexWrite(signal);
      } catch (err) {
        this.failure ??= err;
      }
    })();
    this.uploads.add(upload);
    void upload.finally(() => this.uploads.delete(upload));
  }

  /** Serializes index writes so two never list the same packs. */
  private queueIndexWrite(signal?: AbortSignal): Promise<void> {
    this.indexWrite = this.indexWrite.then(async () => {
      const packs = this.opts.index.peekUnindexed();
      if (packs.length === 0) return;
      try {
        const file: IndexFile = { supersedes: [], packs };
        const bytes = encodeIndex(file, this.opts.key, 3);
        const name = sha256Hex(bytes);
        await this.opts.backend.save("index", name, bytes, signal);
        this.opts.index.markIndexed(name, file);
        await this.opts.onIndexSaved?.(name, bytes);
      } catch (err) {
        this.failure ??= err;
      }
    });
    return this.indexWrite;
  }
}
