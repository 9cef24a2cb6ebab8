// Worker-thread side of the seal pool: hashes, compresses and seals batches of blobs off the main thread.
import { parentPort } from "node:worker_threads";
import { compress } from "./compress.ts";
import { hmacHex, seal, sha256Hex } from "./crypto.ts";

/**
 * A job: the blobs of `data` (back to back, `lengths` bytes each) are each compressed at `level`
 * when it pays, then sealed with `key`; with `macKey`, each blob's id (HMAC-SHA256) is computed too.
 */
export interface SealRequest {
  job: number;
  key: Uint8Array;
  macKey?: Uint8Array;
  data: Uint8Array;
  lengths: number[];
  level: number;
}

/** A job that names a finished pack: SHA-256 of `digest`, whose buffer is handed back. */
export interface DigestRequest {
  job: number;
  digest: Uint8Array;
}

/** A finished job: the sealed blobs back to back, per blob its sealed length, zstd flag and id; or an error. */
export interface SealReply {
  job: number;
  sealed?: Uint8Array;
  sealedLengths?: number[];
  compressed?: boolean[];
  ids?: string[];
  /** For a DigestRequest: the hex SHA-256 and the bytes, given back. */
  hex?: string;
  bytes?: Uint8Array;
  error?: string;
}

function ownBuffer(b: Uint8Array): Uint8Array {
  // Small Buffers share Node's allocation pool, which must not be transferred away.
  return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : new Uint8Array(b);
}

/** Runs one job on this thread (the worker's body; exported for tests). */
export function runSealJob(req: SealRequest): SealReply {
  const parts: Uint8Array[] = [];
  const sealedLengths: number[] = [];
  const compressed: boolean[] = [];
  const ids: string[] = [];
  let pos = 0;
  let total = 0;
  for (const length of req.lengths) {
    const plain = req.data.subarray(pos, pos + length);
    pos += length;
    if (req.macKey) ids.push(hmacHex(req.macKey, plain));
    const c = compress(plain, req.level);
    const sealed = seal(req.key, c.data);
    parts.push(sealed);
    sealedLengths.push(sealed.length);
    compressed.push(c.compressed);
    total += sealed.length;
  }
  const sealed = parts.length === 1 ? ownBuffer(parts[0]!) : Buffer.concat(parts, total);
  return { job: req.job, sealed, sealedLengths, compressed, ...(req.macKey ? { ids } : {}) };
}

parentPort?.on("message", (req: SealRequest | DigestRequest) => {
  let reply: SealReply;
  try {
    if ("digest" in req) {
      reply = { job: req.job, hex: sha256Hex(req.digest), bytes: req.digest };
      parentPort?.postMessage(reply, [req.digest.buffer as ArrayBuffer]);
      return;
    }
    reply = runSealJob(req);
    const buf = reply.sealed!;
    // A Buffer.concat result may sit in Node's pool too; only a whole own buffer is transferred.
    const transfer = buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength;
    parentPort?.postMessage(reply, transfer ? [buf.buffer as ArrayBuffer] : []);
  } catch (err) {
    reply = { job: req.job, error: String((err as Error)?.stack ?? err) };
    parentPort?.postMessage(reply);
  }
});
