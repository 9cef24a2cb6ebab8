// Seeded, reproducible randomness for tests and benchmarks: numbers, choices and fast random bytes.
import { createCipheriv, createHash } from "node:crypto";

/** A seeded pseudo-random source; the same seed always yields the same sequence. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** `n` bytes that look random and do not compress (AES-CTR keystream, fast for large sizes). */
  bytes(n: number): Buffer;
  /** A child source whose sequence depends only on this seed and the label. */
  fork(label: string): Rng;
}

/** Creates a seeded source (sfc32 for numbers, an AES-256-CTR keystream for bulk bytes). */
export function seededRng(seed: string | number): Rng {
  const digest = createHash("sha256").update(String(seed)).digest();
  let a = digest.readUInt32LE(0);
  let b = digest.readUInt32LE(4);
  let c = digest.readUInt32LE(8);
  let d = digest.readUInt32LE(12);
  const next = (): number => {
    // sfc32: small, fast and good enough for picking sizes and moments.
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // One keystream for the whole source, so consecutive bytes() calls never repeat each other.
  const stream = createCipheriv("aes-256-ctr", digest, Buffer.alloc(16));
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      if (items.length === 0) throw new Error("pick from an empty array");
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    bytes: (n) => stream.update(Buffer.alloc(n)),
    fork: (label) => seededRng(`${String(seed)}/${label}`),
  };
  return rng;
}
