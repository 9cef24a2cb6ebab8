// Store locations: parse "PATH", "s3:https://host:port/bucket/prefix", "s3://bucket/prefix" or "memory:NAME".
import { resolve } from "node:path";
import type { Backend } from "./backend.ts";
import { MemoryBackend } from "./backends/memory.ts";
import { StoreError } from "./errors.ts";

/** Where a store lives, decoded from its location string (never holds secrets). */
export type StoreLocation =
  | { kind: "local"; path: string }
  | {
      kind: "s3";
      /** Endpoint URL for S3-compatible services; undefined means AWS. */
      endpoint?: string;
      bucket: string;
      /** Key prefix inside the bucket, without leading or trailing slash ("" for none). */
      prefix: string;
      region: string;
      /** Path-style addressing (host/bucket/key), which MinIO, Garage and s3rver need. */
      pathStyle: boolean;
    }
  | { kind: "memory"; name: string };

function flag(value: string | undefined): boolean | undefined {
  if (value === undefined || value === "") return undefined;
  return /^(1|true|yes|on)$/i.test(value);
}

function bucketAndPrefix(spec: string, rest: string): { bucket: string; prefix: string } {
  const parts = rest.split("/").filter((p) => p !== "");
  const bucket = parts.shift();
  if (!bucket) {
    throw new StoreError("invalid_argument", `no bucket in store location ${JSON.stringify(spec)}`);
  }
  return { bucket, prefix: parts.join("/") };
}

/**
 * Parses a store location. S3 settings come from the environment: S3_ENDPOINT (for s3://),
 * AWS_REGION (default us-east-1), NVAULT_S3_PATH_STYLE (default on when an endpoint is given);
 * credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) are read by the S3 client itself.
 */
export function parseLocation(spec: string, env: NodeJS.ProcessEnv = process.env): StoreLocation {
  if (spec === "") throw new StoreError("invalid_argument", "empty store location");
  if (spec.startsWith("memory:")) return { kind: "memory", name: spec.slice("memory:".length) || "default" };
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || "us-east-1";
  if (spec.startsWith("s3://")) {
    const endpoint = env.S3_ENDPOINT || undefined;
    const pathStyle = flag(env.NVAULT_S3_PATH_STYLE) ?? endpoint !== undefined;
    return { kind: "s3", endpoint, region, pathStyle, ...bucketAndPrefix(spec, spec.slice("s3://".length)) };
  }
  if (spec.startsWith("s3:")) {
    let url: URL;
    try {
      url = new URL(spec.slice("s3:".length));
    } catch (cause) {
      throw new StoreError("invalid_argument", `bad S3 location ${JSON.stringify(spec)}`, { cause });
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new StoreError("invalid_argument", `S3 endpoint must be http(s): ${JSON.stringify(spec)}`);
    }
    if (url.username || url.password) {
      throw new StoreError(
        "invalid_argument",
        "put S3 credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY",
      );
    }
    const pathStyle = flag(env.NVAULT_S3_PATH_STYLE) ?? true;
    return { kind: "s3", endpoint: url.origin, region, pathStyle, ...bucketAndPrefix(spec, url.pathname) };
  }
  return { kind: "local", path: resolve(spec) };
}

/** A location as a string again (for messages and JSON output). */
export function formatLocation(loc: StoreLocation): string {
  if (loc.kind === "local") return loc.path;
  if (loc.kind === "memory") return `memory:${loc.name}`;
  const path = [loc.bucket, loc.prefix].filter((p) => p !== "").join("/");
  return loc.endpoint ? `s3:${loc.endpoint}/${path}` : `s3://${path}`;
}

// Memory stores live for the process, so separate opens of "memory:x" see the same files.
const memoryStores = new Map<string, MemoryBackend>();

/** Opens the backend of a location; the S3 client is loaded only when needed. */
export async function openBackend(loc: StoreLocation): Promise<Backend> {
  if (loc.kind === "memory") {
    const existing = memoryStores.get(loc.name) ?? new MemoryBackend(loc.name);
    memoryStores.set(loc.name, existing);
    return existing;
  }
  if (loc.kind === "local") {
    const { FsBackend } = await import("./backends/fs.ts");
    return new FsBackend(loc.path);
  }
  const { S3Backend } = await import("./backends/s3.ts");
  return new S3Backend({
    bucket: loc.bucket,
    prefix: loc.prefix,
    endpoint: loc.endpoint,
    region: loc.region,
    forcePathStyle: loc.pathStyle,
  });
}
