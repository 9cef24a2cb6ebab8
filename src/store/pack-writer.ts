// The write path: seal blobs into the open pack, upload full packs, then index files naming them.
import type { Backend } from "./backend.ts";
import { compress } from "./compress.ts";
import { hmacHex, seal, sha256Hex } from "./crypto.ts";
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
  /** The blob-id key (HMAC-SHA256), for `save`. */
  macKey: Uint8Array;
  packSize: number;
  compressionLevel: number;
  index: MasterIndex;
  /** Called after an index file is saved (to copy it into the local cache). */
  onIndexSaved?: (name: string, bytes: Uint8Array) => Promise<void>;
  /** Worker threads; without it everything is hashed, compressed and sealed on the calling thread. */
  pool?: SealPool;
  /** Packs uploading at once; more makes saveBlob wait. */
  maxUploads?: number;
  /** Packs that may wait for an index file before one is written, bounding what a crash forgets. */
  indexEvery?: number;
  /** Bytes of small blobs gathered before they go to a worker in one message (default 1 MiB). */
  batchBytes?: number;
}

/** Blobs from this size up go to a worker alone (hashed there too); smaller ones go in batches. */
export const poolThreshold = 64 * 1024;

const done = Promise.resolve();

class Slot implements PendingBlob {
  entry?: PackEntry;
  sealed?: Uint8Array;

  constructor(private readonly wait: () => Promise<void>) {}

  /** Waiting for a blob sends its batch off at once, so a read never waits for the batch to fill. */
  get ready(): Promise<void> {
    return this.wait();
  }
}

interface Batch {
  items: Array<{ id: string; type: "data" | "tree"; length: number; slot: Slot }>;
  blobs: Uint8Array[];
  bytes: number;
  signal?: AbortSignal;
  job?: Promise<void>;
}

/** Writes blobs in store order: packs first, index files after the packs they name. */
export class PackWriter {
  private builder = new PackBuilder();
  private readonly pending = new Map<string, PendingBlob>();
  private readonly sealing = new Set<Promise<void>>();
  private readonly uploads = new Set<Promise<void>>();
  private batch: Batch | undefined;
  private indexWrite: Promise<void> = Promise.resolve();
  private failure: unknown;
  private readonly maxUploads: number;
  private readonly maxSealing: number;
  private readonly indexEvery: number;
  private readonly batchBytes: number;

  constructor(private readonly opts: PackWriterOptions) {
    this.maxUploads = opts.maxUploads ?? 2;
    this.maxSealing = 4 * (opts.pool?.size ?? 0) + 4;
    this.indexEvery = opts.indexEvery ?? 8;
    this.batchBytes = opts.batchBytes ?? 1024 * 1024;
  }

  /** The blob if it waits in memory for its pack upload. */
  getPending(id: string): PendingBlob | undefined {
    return this.pending.get(id);
  }

  /**
   * Hashes a blob and stores it unless the index or a pending pack already has it. Large blobs are
   * hashed in a worker, so the id is known (and dedup decided) only when the worker answers; a
   * duplicate's sealed bytes are then dropped. Waits while too much work is in flight.
   */
  async save(
    type: "data" | "tree",
    plaintext: Uint8Array,
    signal?: AbortSignal,
  ): Promise<{ id: string; isNew: boolean }> {
    const pool = this.opts.pool;
    if (!pool || plaintext.length < poolThreshold) {
      const id = hmacHex(this.opts.macKey, plaintext);
      if (this.has(id)) return { id, isNew: false };
      await this.add(id, type, plaintext, signal);
      return { id, isNew: true };
    }
    this.checkSize(plaintext);
    await this.waitForRoom();
    let result: { id: string; isNew: boolean } | undefined;
    const length = plaintext.length;
    const job = pool
      .runBatch(this.opts.key, [plaintext], this.opts.compressionLevel, this.opts.macKey)
      .then(([r]) => {
        const id = r!.id!;
        // Decided here, on the main thread, so two equal chunks in flight are stored once.
        if (this.has(id)) {
          result = { id, isNew: false };
          return;
        }
        const slot = new Slot(() => done);
        this.pending.set(id, slot);
        this.append(slot, id, type, r!.sealed, length, r!.compressed, signal);
        result = { id, isNew: true };
      });
    this.track(job);
    await job.catch(() => undefined);
    this.throwIfFailed();
    return result!;
  }

  /**
   * Accepts a blob: from here on it counts as stored for dedup. It is compressed and sealed (in a
   * worker when there is a pool; small blobs in batches), appended to the open pack, and the pack
   * uploaded when full. Waits while too much work is in flight.
   */
  async add(id: string, type: "data" | "tree", plaintext: Uint8Array, signal?: AbortSignal): Promise<void> {
    this.checkSize(plaintext);
    const pool = this.opts.pool;
    if (!pool) {
      const c = compress(plaintext, this.opts.compressionLevel);
      const slot = new Slot(() => done);
      this.pending.set(id, slot);
      this.append(slot, id, type, seal(this.opts.key, c.data), plaintext.length, c.compressed, signal);
    } else if (plaintext.length < poolThreshold) {
      // One message per small blob costs more than its compression: they travel in batches.
      if (!this.batch) this.batch = { items: [], blobs: [], bytes: 0 };
      const b = this.batch;
      const slot = new Slot(() => this.dispatch(b));
      b.items.push({ id, type, length: plaintext.length, slot });
      b.blobs.push(plaintext);
      b.bytes += plaintext.length;
      b.signal = signal;
      this.pending.set(id, slot);
      // The adder that fills a batch waits for it: back-pressure, and no pack waits on a batch.
      if (b.bytes >= Math.min(this.batchBytes, this.opts.packSize))
        await this.dispatch(b).catch(() => undefined);
    } else {
      const length = plaintext.length;
      const slot: Slot = new Slot((): Promise<void> => job);
      const job: Promise<void> = pool
        .runBatch(this.opts.key, [plaintext], this.opts.compressionLevel)
        .then(([r]) => this.append(slot, id, type, r!.sealed, length, r!.compressed, signal))
        .catch((err: unknown) => {
          if (this.pending.get(id) === slot) this.pending.delete(id);
          throw err;
        });
      this.pending.set(id, slot);
      this.track(job);
    }
    await this.waitForRoom();
  }

  /** Uploads the open pack, waits for every upload, then writes one index file for them all. */
  async flush(signal?: AbortSignal): Promise<void> {
    if (this.batch) void this.dispatch(this.batch);
    while (this.sealing.size > 0) await Promise.race(this.sealing);
    this.startUpload(signal);
    while (this.uploads.size > 0) await Promise.race(this.uploads);
    this.throwIfFailed();
    await this.queueIndexWrite(signal);
    this.throwIfFailed();
  }

  private has(id: string): boolean {
    return this.pending.has(id) || this.opts.index.get(id) !== undefined;
  }

  private checkSize(plaintext: Uint8Array): void {
    this.throwIfFailed();
    // Offsets and lengths are 32-bit in pack headers; packSize <= 2 GiB keeps each pack below 4 GiB.
    if (plaintext.length > maxBlobSize) {
      throw new StoreError("invalid_argument", `a blob of ${plaintext.length} bytes exceeds ${maxBlobSize}`);
    }
  }

  private async waitForRoom(): Promise<void> {
    while (this.sealing.size >= this.maxSealing) await Promise.race(this.sealing);
    while (this.uploads.size >= this.maxUploads) await Promise.race(this.uploads);
    this.throwIfFailed();
  }

  /** Sends a batch of small blobs to the pool (once); resolves when they are in the open pack. */
  private dispatch(b: Batch): Promise<void> {
    if (b.job) return b.job;
    if (this.batch === b) this.batch = undefined;
    const pool = this.opts.pool!;
    b.job = pool
      .runBatch(this.opts.key, b.blobs, this.opts.compressionLevel)
      .then((rs) => {
        for (const [i, it] of b.items.entries()) {
          const r = rs[i]!;
          this.append(it.slot, it.id, it.type, r.sealed, it.length, r.compressed, b.signal);
        }
      })
      .catch((err: unknown) => {
        for (const it of b.items) if (this.pending.get(it.id) === it.slot) this.pending.delete(it.id);
        throw err;
      });
    b.blobs = [];
    this.track(b.job);
    return b.job;
  }

  /** Counts a job as in flight until it settles; a failure is recorded and thrown by the next call. */
  private track(job: Promise<void>): void {
    const tracked = job.catch((err: unknown) => {
      this.failure ??= err;
    });
    this.sealing.add(tracked);
    void tracked.finally(() => this.sealing.delete(tracked));
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
    const assembled = builder.assemble(this.opts.key);
    const entries = assembled.entries;
    const upload = (async () => {
      try {
        const { name, bytes } = await this.nameOf(assembled.bytes);
        // Point pending blobs into the finished pack so the per-blob buffers can be freed.
        for (const e of entries) {
          const p = this.pending.get(e.id);
          if (p?.entry === e) p.sealed = bytes.subarray(e.offset, e.offset + e.length);
        }
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

  /** A pack's name (its SHA-256), hashed in a worker when the pack owns its buffer (all but tiny ones). */
  private async nameOf(bytes: Uint8Array): Promise<{ name: string; bytes: Uint8Array }> {
    const pool = this.opts.pool;
    if (!pool || bytes.byteOffset !== 0 || bytes.byteLength !== bytes.buffer.byteLength) {
      return { name: sha256Hex(bytes), bytes };
    }
    const r = await pool.digest(bytes);
    return { name: r.hex, bytes: r.bytes };
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
