// Worker-thread side of the seal pool: compresses and seals blobs off the main thread.
import { parentPort } from "node:worker_threads";
import { compress } from "./compress.ts";
import { seal } from "./crypto.ts";

/** A job: compress `data` at `level`, then seal it with `key`. */
export interface SealRequest {
  job: number;
  key: Uint8Array;
  data: Uint8Array;
  level: number;
}

/** A finished job, or its error message. */
export interface SealReply {
  job: number;
  sealed?: Uint8Array;
  compressed?: boolean;
  error?: string;
}

function ownBuffer(b: Uint8Array): Uint8Array {
  // Small Buffers share Node's allocation pool, which must not be transferred away.
  return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : new Uint8Array(b);
}

parentPort?.on("message", (req: SealRequest) => {
  let reply: SealReply;
  try {
    const c = compress(req.data, req.level);
    const sealed = ownBuffer(seal(req.key, c.data));
    reply = { job: req.job, sealed, compressed: c.compressed };
    parentPort?.postMessage(reply, [sealed.buffer as ArrayBuffer]);
  } catch (err) {
    reply = { job: req.job, error: String((err as Error)?.stack ?? err) };
    parentPort?.postMessage(reply);
  }
});
