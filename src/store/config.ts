// The store config: format version, store id and the fixed parameters every writer must use.
import { randomBytes } from "node:crypto";
import { StoreError } from "./errors.ts";

/** The only format version this code reads and writes. */
export const formatVersion = 1;

/** FastCDC parameters; fixed for a store's lifetime so equal content always cuts the same way. */
export interface ChunkerParams {
  algorithm: "fastcdc";
  /** Smallest chunk, bytes (except a stream's last chunk). */
  min: number;
  /** Target average chunk, bytes; a power of two. */
  avg: number;
  /** Largest chunk, bytes. */
  max: number;
  /** Normalization level: mask bits added below `avg` and removed above it. */
  normalization: number;
  /** 32 random bytes (hex) from which the gear table is derived, so boundaries are store-specific. */
  gearSeed: string;
}

/** The decoded `config` file. */
export interface StoreConfig {
  version: number;
  /** 32 random bytes, hex; names the store (and its local cache folder). */
  id: string;
  chunker: ChunkerParams;
  compression: { algorithm: "zstd"; level: number };
  /** Target pack size in bytes; a pack is written once it reaches this. */
  packSize: number;
}

/** Parameters a caller may choose at init; everything else is generated. */
export interface ConfigOptions {
  chunker?: Partial<Pick<ChunkerParams, "min" | "avg" | "max" | "normalization">>;
  compressionLevel?: number;
  packSize?: number;
}

/** Default chunk sizes: 512 KiB / 1 MiB / 8 MiB. */
export const defaultChunker = { min: 512 * 1024, avg: 1024 * 1024, max: 8 * 1024 * 1024, normalization: 2 };

/** Default pack size: 16 MiB. */
export const defaultPackSize = 16 * 1024 * 1024;

/** A fresh config with random ids and the given or default parameters. */
export function newConfig(opts: ConfigOptions = {}): StoreConfig {
  const config: StoreConfig = {
    version: formatVersion,
    id: randomBytes(32).toString("hex"),
    chunker: {
      algorithm: "fastcdc",
      ...defaultChunker,
      ...opts.chunker,
      gearSeed: randomBytes(32).toString("hex"),
    },
    compression: { algorithm: "zstd", level: opts.compressionLevel ?? 3 },
    packSize: opts.packSize ?? defaultPackSize,
  };
  validateConfig(config);
  return config;
}

/** Throws StoreError "unsupported_format" unless the config is one this code can use. */
export function validateConfig(config: StoreConfig): void {
  const fail = (why: string): never => {
    throw new StoreError("unsupported_format", `store config: ${why}`);
  };
  if (config.version !== formatVersion) fail(`format version ${config.version} is not supported`);
  if (!/^[0-9a-f]{64}$/.test(config.id ?? "")) fail("bad store id");
  const c = config.chunker;
  if (c?.algorithm !== "fastcdc") fail("unknown chunker");
  const pow2 = Number.isInteger(c.avg) && c.avg > 0 && (c.avg & (c.avg - 1)) === 0;
  if (!pow2 || c.avg < 256 || c.avg > 2 ** 28) fail("chunker avg must be a power of two in [256, 2^28]");
  if (!(c.min >= 64 && c.min <= c.avg && c.avg <= c.max && c.max <= 2 ** 30))
    fail("chunker needs min <= avg <= max");
  if (!(Number.isInteger(c.normalization) && c.normalization >= 0 && c.normalization <= 4)) {
    fail("chunker normalization must be 0..4");
  }
  if (!/^[0-9a-f]{64}$/.test(c.gearSeed ?? "")) fail("bad chunker gear seed");
  if (config.compression?.algorithm !== "zstd") fail("unknown compression");
  if (!(config.packSize >= 1024 && config.packSize <= 2 ** 31)) fail("pack size out of range");
}
