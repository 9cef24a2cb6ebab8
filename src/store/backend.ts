// The backend interface: a small, dumb object store the repository builds on (fs, S3, memory).
import { StoreError } from "./errors.ts";

/** The kinds of files a store holds; each maps to one folder (or key prefix). */
export type FileType = "config" | "keys" | "data" | "index" | "snapshots" | "locks";

/** Every file type, in a stable order. */
export const fileTypes: readonly FileType[] = ["config", "keys", "data", "index", "snapshots", "locks"];

/** A byte range inside a file. */
export interface ByteRange {
  offset: number;
  length: number;
}

/** A file as a listing reports it. */
export interface FileInfo {
  name: string;
  size: number;
}

/**
 * A place that stores named, immutable files.
 *
 * Guarantees every implementation gives (checked by the shared suite in backends/suite.ts):
 * - `save` is atomic: a reader sees either no file or the whole file, never a partial one, also
 *   after a crash. Saving a name that exists replaces it atomically (the store never does that for
 *   content-addressed files, but `config` and locks may be rewritten).
 * - `load` returns exactly the bytes saved; with a range, exactly that slice. A missing file, or a
 *   range past the end, throws StoreError "not_found".
 * - `stat` returns undefined for a missing file rather than throwing.
 * - `remove` of a missing file throws StoreError "not_found".
 * - `list` yields every complete file of a type (never temporary files), in no particular order.
 * - Concurrent calls are safe, including concurrent saves of different names.
 * - Every method honours its AbortSignal by rejecting with the signal's reason.
 * - Names are restricted to [A-Za-z0-9_-] (plus "." not first); the `config` type has the single
 *   name "config".
 * Layout of fs and S3: `config`, `keys/<name>`, `data/<first 2 chars>/<name>`, `index/<name>`,
 * `snapshots/<name>`, `locks/<name>`.
 */
export interface Backend {
  /** Where the store lives, for messages (a path or an s3:// URL). */
  readonly location: string;
  /** Stores `data` under (type, name), atomically. */
  save(type: FileType, name: string, data: Uint8Array, signal?: AbortSignal): Promise<void>;
  /** Reads a whole file, or a range of it. */
  load(type: FileType, name: string, range?: ByteRange, signal?: AbortSignal): Promise<Uint8Array>;
  /** Size of a file, or undefined when it does not exist. */
  stat(type: FileType, name: string, signal?: AbortSignal): Promise<{ size: number } | undefined>;
  /** Deletes a file. */
  remove(type: FileType, name: string, signal?: AbortSignal): Promise<void>;
  /** Lists the files of a type. */
  list(type: FileType, signal?: AbortSignal): AsyncIterable<FileInfo>;
  /** Releases connections and handles; the backend is unusable afterwards. */
  close(): Promise<void>;
}

/** Throws when `name` could escape its folder or clash with temporary files. */
export function checkName(type: FileType, name: string): void {
  const ok = type === "config" ? name === "config" : /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(name);
  if (!ok || (type === "data" && name.length < 2)) {
    throw new StoreError("invalid_argument", `invalid ${type} file name ${JSON.stringify(name)}`);
  }
}

/** The relative path (fs) or key (S3) of a file in the common layout. */
export function filePath(type: FileType, name: string): string {
  checkName(type, name);
  if (type === "config") return "config";
  if (type === "data") return `data/${name.slice(0, 2)}/${name}`;
  return `${type}/${name}`;
}
