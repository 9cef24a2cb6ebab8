// A small pool of worker threads that compress and seal large blobs while the main thread chunks.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { SealReply, SealRequest } from "./seal-worker.ts";

interface Waiter {
  resolve(r: { sealed: Uint8Array; compressed: boolean }): void;
  reject(err: Error): void;
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
    this.worker = new Worker(bootstrap, {
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
      if (reply.sealed) w.resolve({ sealed: reply.sealed, compressed: reply.compressed === true });
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
  run(
    key: Uint8Array,
    data: Uint8Array,
    level: number,
  ): Promise<{ sealed: Uint8Array; compressed: boolean }> {
    while (this.workers.length < this.size) {
      this.workers.push(new PoolWorker((w) => (this.workers = this.workers.filter((x) => x !== w))));
    }
    const pw = this.workers[this.turn++ % this.workers.length]!;
    const job = this.nextJob++;
    const copy = new Uint8Array(data);
    return new Promise((resolve, reject) => {
      pw.waiting.set(job, { resolve, reject });
      // Referenced while busy, so a process awaiting a job does not exit under it.
      pw.worker.ref();
      const req: SealRequest = { job, key, data: copy, level };
      pw.worker.postMessage(req, [copy.buffer]);
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
