// A small pool of worker threads that hash, compress and seal blobs while the main thread chunks.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { DigestRequest, SealReply, SealRequest } from "./seal-worker.ts";

/** One blob as a worker returns it: sealed bytes, whether they hold a zstd frame, and its id when asked. */
export interface SealedBlob {
  sealed: Uint8Array;
  compressed: boolean;
  id?: string;
}

interface Waiter {
  resolve(r: SealReply): void;
  reject(err: Error): void;
}

function unpack(reply: SealReply): SealedBlob[] {
  const out: SealedBlob[] = [];
  let pos = 0;
  for (const [i, length] of reply.sealedLengths!.entries()) {
    out.push({
      sealed: reply.sealed!.subarray(pos, pos + length),
      compressed: reply.compressed![i] === true,
      ...(reply.ids ? { id: reply.ids[i] } : {}),
    });
    pos += length;
  }
  return out;
}

// Loads the TypeScript worker through tsx's tsImport: eval'd workers get no loader hooks, neither
// inherited from `tsx` nor from bin/nvault.js's register().
const bootstrap = `
const { workerData } = require("node:worker_threads");
import(workerData.tsx).then((tsx) => tsx.tsImport(workerData.entry, workerData.entry));`;

class PoolWorker {
  readonly worker: Worker;
  readonly waiting = new Map<number, Waiter>();

  constructor(onExit: (w: PoolWorker, err: Error) => void) {
    // Compiled (dist/, see bin/build.js) this module is .js and so is its worker: no loader needed.
    this.worker = import.meta.url.endsWith(".js")
      ? new Worker(new URL("./seal-worker.js", import.meta.url))
      : new Worker(bootstrap, {
          eval: true,
          workerData: {
            entry: new URL("./seal-worker.ts", import.meta.url).href,
            tsx: import.meta.resolve("tsx/esm/api"),
          },
        });
    this.worker.unref();
    this.worker.on("message", (reply: SealReply) => {
      const w = this.waiting.get(reply.job);
      this.waiting.delete(reply.job);
      if (this.waiting.size === 0) this.worker.unref();
      if (!w) return;
      if (reply.error === undefined) w.resolve(reply);
      else w.reject(new Error(`seal worker failed: ${reply.error}`));
    });
    const fail = (err: Error): void => {
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
      onExit(this, err);
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`seal worker exited with code ${code}`)));
  }
}

/** Number of seal workers: one per spare core, at most 4; NVAULT_SEAL_WORKERS overrides (0 = none). */
export function sealWorkerCount(): number {
  const env = process.env.NVAULT_SEAL_WORKERS;
  if (env !== undefined && env !== "") return Math.max(0, Math.min(16, Number.parseInt(env, 10) || 0));
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/** Compresses and seals blobs in worker threads; workers start lazily and never hold the process open. */
export class SealPool {
  private workers: PoolWorker[] = [];
  private nextJob = 0;
  private turn = 0;

  constructor(readonly size: number) {}

  /** Compresses (when it pays) and seals `data` in a worker. The input is copied, never detached. */
  async run(key: Uint8Array, data: Uint8Array, level: number): Promise<SealedBlob> {
    return (await this.runBatch(key, [data], level))[0]!;
  }

  /**
   * Compresses (when it pays) and seals each blob in one worker, in one message each way; with
   * `macKey`, also computes each blob's id. The inputs are copied, never detached.
   */
  runBatch(
    key: Uint8Array,
    blobs: readonly Uint8Array[],
    level: number,
    macKey?: Uint8Array,
  ): Promise<SealedBlob[]> {
    let total = 0;
    for (const b of blobs) total += b.length;
    // Never pooled (it is transferred away) and not zero-filled (every byte is written below).
    const data = Buffer.allocUnsafeSlow(total);
    let pos = 0;
    for (const b of blobs) {
      data.set(b, pos);
      pos += b.length;
    }
    const req: SealRequest = { job: this.nextJob++, key, data, lengths: blobs.map((b) => b.length), level };
    if (macKey) req.macKey = macKey;
    return this.send(req, data.buffer).then(unpack);
  }

  /**
   * SHA-256 (hex) of `bytes` in a worker: a pack's name, 16 MiB of hashing off the calling thread.
   * `bytes` must own its whole buffer: it is moved to the worker and back, returned as `bytes`.
   */
  async digest(bytes: Uint8Array): Promise<{ hex: string; bytes: Uint8Array }> {
    const req: DigestRequest = { job: this.nextJob++, digest: bytes };
    const reply = await this.send(req, bytes.buffer as ArrayBuffer);
    return { hex: reply.hex!, bytes: reply.bytes! };
  }

  private send(req: SealRequest | DigestRequest, transfer: ArrayBuffer): Promise<SealReply> {
    while (this.workers.length < this.size) {
      this.workers.push(new PoolWorker((w) => (this.workers = this.workers.filter((x) => x !== w))));
    }
    // The least busy worker: batches differ in size, so strict turns would queue behind a large one.
    let pw = this.workers[this.turn++ % this.workers.length]!;
    for (const w of this.workers) if (w.waiting.size < pw.waiting.size) pw = w;
    return new Promise((resolve, reject) => {
      pw.waiting.set(req.job, { resolve, reject });
      // Referenced while busy, so a process awaiting a job does not exit under it.
      pw.worker.ref();
      pw.worker.postMessage(req, [transfer]);
    });
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    const ws = this.workers;
    this.workers = [];
    await Promise.all(ws.map((w) => w.worker.terminate()));
  }
}

let shared: SealPool | undefined;

/** The process-wide pool, or undefined when workers are disabled. */
export function sharedSealPool(): SealPool | undefined {
  if (shared === undefined) {
    const n = sealWorkerCount();
    if (n === 0) return undefined;
    shared = new SealPool(n);
  }
  return shared;
}
