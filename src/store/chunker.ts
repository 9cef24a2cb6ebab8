// FastCDC content-defined chunking with normalized chunking and a store-specific gear table.
import { createHash } from "node:crypto";
import type { ChunkerParams } from "./config.ts";

const gearTables = new Map<string, Int32Array>();

/** Derives the 256-entry gear table: gear[i] = first 4 bytes (LE) of SHA-256(seed || i). */
export function gearTable(seedHex: string): Int32Array {
  // Cached: a backup chunks every file anew, and 256 hashes per file would dominate small files.
  let table = gearTables.get(seedHex);
  if (table) return table;
  const seed = Buffer.from(seedHex, "hex");
  table = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    table[i] = createHash("sha256").update(seed).update(Uint8Array.of(i)).digest().readInt32LE(0);
  }
  gearTables.set(seedHex, table);
  return table;
}

/** A mask of the top `bits` bits of a 32-bit word (the hash's longest-memory bits). */
function topBits(bits: number): number {
  return bits >= 32 ? -1 : bits <= 0 ? 0 : (~0 << (32 - bits)) | 0;
}

/** The rolling hash after a `gearScan` that found no cut. */
let lastHash = 0;

/**
 * Rolls the gear hash `h` over data[i..end); returns the index just past the first byte where
 * (h & mask) === 0, or -1 (then `lastHash` holds the hash). Unrolled 4x: the hottest loop of a backup.
 */
function gearScan(
  data: Uint8Array,
  gear: Int32Array,
  i: number,
  end: number,
  h: number,
  mask: number,
): number {
  const end4 = end - 3;
  while (i < end4) {
    h = ((h << 1) + gear[data[i]!]!) | 0;
    if ((h & mask) === 0) return i + 1;
    h = ((h << 1) + gear[data[i + 1]!]!) | 0;
    if ((h & mask) === 0) return i + 2;
    h = ((h << 1) + gear[data[i + 2]!]!) | 0;
    if ((h & mask) === 0) return i + 3;
    h = ((h << 1) + gear[data[i + 3]!]!) | 0;
    if ((h & mask) === 0) return i + 4;
    i += 4;
  }
  while (i < end) {
    h = ((h << 1) + gear[data[i]!]!) | 0;
    i++;
    if ((h & mask) === 0) return i;
  }
  lastHash = h;
  return -1;
}

/** The streaming cut-point finder; keeps the position inside the current chunk between calls. */
export class FastCdc {
  private readonly gear: Int32Array;
  private readonly min: number;
  private readonly avg: number;
  private readonly max: number;
  private readonly maskS: number;
  private readonly maskL: number;
  private size = 0;
  private hash = 0;

  constructor(params: Pick<ChunkerParams, "min" | "avg" | "max" | "normalization" | "gearSeed">) {
    this.gear = gearTable(params.gearSeed);
    this.min = params.min;
    this.avg = params.avg;
    this.max = params.max;
    const bits = Math.round(Math.log2(params.avg));
    // Harder to cut before avg and easier after: chunk sizes cluster around avg (FastCDC "normalization").
    this.maskS = topBits(bits + params.normalization);
    this.maskL = topBits(bits - params.normalization);
  }

  /**
   * Scans `data` from `start` as the continuation of the current chunk. Returns the index just past
   * the chunk's last byte when a cut is found (and starts a new chunk), or -1 when `data` ran out.
   */
  scan(data: Uint8Array, start: number): number {
    const n = data.length;
    const gear = this.gear;
    let i = start;
    let size = this.size;
    let h = this.hash;
    if (size < this.min) {
      // Bytes before min can never end a chunk, so they are skipped unhashed (FastCDC's speed-up).
      const skip = Math.min(this.min - size, n - i);
      i += skip;
      size += skip;
    }
    if (size >= this.min && size < this.avg) {
      const base = i - size;
      const end = Math.min(n, i + (this.avg - size));
      const cut = gearScan(data, gear, i, end, h, this.maskS);
      if (cut >= 0) return this.cut(cut);
      h = lastHash;
      i = end;
      size = i - base;
    }
    if (size >= this.avg) {
      const base = i - size;
      const end = Math.min(n, i + (this.max - size));
      const cut = gearScan(data, gear, i, end, h, this.maskL);
      if (cut >= 0) return this.cut(cut);
      h = lastHash;
      i = end;
      size = i - base;
      if (size >= this.max) return this.cut(i);
    }
    this.size = size;
    this.hash = h;
    return -1;
  }

  private cut(at: number): number {
    this.size = 0;
    this.hash = 0;
    return at;
  }
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = Buffer.allocUnsafe(total);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

/**
 * Cuts a byte stream into chunks. Holds at most one chunk (<= max) plus one input piece. Chunks
 * that fall inside one input piece are views of it, so the source must not reuse its buffers
 * (Node streams do not).
 */
export async function* chunkStream(
  source: AsyncIterable<Uint8Array>,
  params: Pick<ChunkerParams, "min" | "avg" | "max" | "normalization" | "gearSeed">,
): AsyncIterable<Uint8Array> {
  const cdc = new FastCdc(params);
  let parts: Uint8Array[] = [];
  let pending = 0;
  for await (const piece of source) {
    let start = 0;
    while (start < piece.length) {
      const cut = cdc.scan(piece, start);
      if (cut < 0) {
        parts.push(piece.subarray(start));
        pending += piece.length - start;
        break;
      }
      parts.push(piece.subarray(start, cut));
      const chunk = concat(parts, pending + cut - start);
      parts = [];
      pending = 0;
      start = cut;
      yield chunk;
    }
  }
  if (pending > 0) yield concat(parts, pending);
}
