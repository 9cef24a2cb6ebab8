// An in-memory backend for tests: same guarantees as the others, nothing persists.
import { type Backend, type ByteRange, type FileInfo, type FileType, filePath } from "../backend.ts";
import { StoreError } from "../errors.ts";

/** A Backend kept in a Map; copies on the way in and out so callers cannot alias stored bytes. */
export class MemoryBackend implements Backend {
  readonly location: string;
  private readonly files = new Map<string, Uint8Array>();

  constructor(name = "memory") {
    this.location = `memory:${name}`;
  }

  async save(type: FileType, name: string, data: Uint8Array, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.files.set(filePath(type, name), new Uint8Array(data));
  }

  async load(type: FileType, name: string, range?: ByteRange, signal?: AbortSignal): Promise<Uint8Array> {
    signal?.throwIfAborted();
    const data = this.files.get(filePath(type, name));
    if (!data) throw new StoreError("not_found", `${type}/${name} not found in ${this.location}`);
    if (!range) return new Uint8Array(data);
    if (range.offset < 0 || range.length < 0 || range.offset + range.length > data.length) {
      throw new StoreError("not_found", `range past the end of ${type}/${name}`);
    }
    return data.slice(range.offset, range.offset + range.length);
  }

  async stat(type: FileType, name: string, signal?: AbortSignal): Promise<{ size: number } | undefined> {
    signal?.throwIfAborted();
    const data = this.files.get(filePath(type, name));
    return data ? { size: data.length } : undefined;
  }

  async remove(type: FileType, name: string, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (!this.files.delete(filePath(type, name))) {
      throw new StoreError("not_found", `${type}/${name} not found in ${this.location}`);
    }
  }

  async *list(type: FileType, signal?: AbortSignal): AsyncIterable<FileInfo> {
    const prefix = type === "config" ? "config" : `${type}/`;
    for (const [path, data] of [...this.files]) {
      signal?.throwIfAborted();
      if (type === "config" ? path === prefix : path.startsWith(prefix)) {
        yield { name: path.slice(path.lastIndexOf("/") + 1), size: data.length };
      }
    }
  }

  async close(): Promise<void> {}
}
