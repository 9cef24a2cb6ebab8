// zstd compression of blobs and files, keeping the raw bytes when compression does not pay.
import { Compressor, decompress as zstdDecompress } from "zstd-napi";
import { IntegrityError } from "./errors.ts";

/** Result of `compress`: the bytes to store and whether they are a zstd frame. */
export interface Compressed {
  data: Uint8Array;
  compressed: boolean;
}

const compressors = new Map<number, Compressor>();

function compressor(level: number): Compressor {
  let c = compressors.get(level);
  if (!c) {
    // A reused context saves zstd's per-call allocation of its working tables.
    c = new Compressor();
    c.setParameters({ compressionLevel: level, contentSizeFlag: true, checksumFlag: false });
    compressors.set(level, c);
  }
  return c;
}

/** Inputs from this size up are probed before being compressed whole. */
const probeFrom = 256 * 1024;
const probeSize = 32 * 1024;

/** False for a large input whose first 32 KiB zstd level 1 cannot shrink by 1/64; true otherwise. */
export function looksCompressible(data: Uint8Array): boolean {
  if (data.length < probeFrom) return true;
  return compressor(1).compress(data.subarray(0, probeSize)).length < probeSize - (probeSize >> 6);
}

/**
 * Compresses with zstd at `level`; returns the input itself when that saves under ~3%. Large
 * inputs whose first 32 KiB do not compress at all (media, archives) skip zstd entirely.
 */
export function compress(data: Uint8Array, level: number): Compressed {
  if (data.length < 64 || !looksCompressible(data)) return { data, compressed: false };
  const out = compressor(level).compress(data);
  if (out.length >= data.length - (data.length >> 5)) return { data, compressed: false };
  return { data: out, compressed: true };
}

/** Inflates a zstd frame, checking it yields `expectedLength` bytes when given. */
export function decompress(data: Uint8Array, expectedLength?: number): Uint8Array {
  let out: Uint8Array;
  try {
    out = zstdDecompress(data);
  } catch (cause) {
    throw new IntegrityError("compressed data is corrupt", { cause });
  }
  if (expectedLength !== undefined && out.length !== expectedLength) {
    throw new IntegrityError(`decompressed ${out.length} bytes, expected ${expectedLength}`);
  }
  return out;
}

/** Frames a whole file: 1 flag byte (0 raw, 1 zstd) then the bytes; used for unpacked files. */
export function frame(data: Uint8Array, level: number): Uint8Array {
  const c = compress(data, level);
  const out = Buffer.allocUnsafe(c.data.length + 1);
  out[0] = c.compressed ? 1 : 0;
  out.set(c.data, 1);
  return out;
}

/** Reverses `frame`. */
export function unframe(data: Uint8Array): Uint8Array {
  const flag = data[0];
  if (flag === 0) return data.subarray(1);
  if (flag === 1) return decompress(data.subarray(1));
  throw new IntegrityError(`unknown compression flag ${String(flag)}`);
}
