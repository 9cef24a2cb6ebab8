// The local-folder backend: atomic writes (temp file, fsync, rename, fsync folder), owner-only files.
import { randomBytes } from "node:crypto";
import { type FileHandle, mkdir, open, readdir, rename, rm, stat, unlink } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { type Backend, type ByteRange, type FileInfo, type FileType, filePath } from "../backend.ts";
import { StoreError } from "../errors.ts";

const isMissing = (err: unknown): boolean => (err as NodeJS.ErrnoException)?.code === "ENOENT";

/** A Backend in a local folder, using the common layout; files 0600, folders 0700. */
export class FsBackend implements Backend {
  readonly location: string;
  private readonly root: string;
  private readonly madeDirs = new Set<string>();
  private readonly handles = new HandleCache(32);

  constructor(dir: string) {
    this.root = resolve(dir);
    this.location = this.root;
  }

  private path(type: FileType, name: string): string {
    return join(this.root, filePath(type, name));
  }

  private notFound(type: FileType, name: string, cause?: unknown): StoreError {
    return new StoreError("not_found", `${type}/${name} not found in ${this.location}`, { cause });
  }

  private async ensureDir(dir: string): Promise<void> {
    if (this.madeDirs.has(dir)) return;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    this.madeDirs.add(dir);
  }

  async save(type: FileType, name: string, data: Uint8Array, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const target = this.path(type, name);
    const dir = dirname(target);
    await this.ensureDir(dir);
    // Temp names start with "." so listings skip them; a crash leaves at most such a file behind.
    const tmp = join(dir, `.tmp-${name}-${randomBytes(6).toString("hex")}`);
    const fh = await open(tmp, "wx", 0o600);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } catch (err) {
      await fh.close().catch(() => {});
      await unlink(tmp).catch(() => {});
      throw err;
    }
    await fh.close();
    try {
      signal?.throwIfAborted();
      await rename(tmp, target);
    } catch (err) {
      await unlink(tmp).catch(() => {});
      throw err;
    }
    await syncDir(dir);
  }

  async load(type: FileType, name: string, range?: ByteRange, signal?: AbortSignal): Promise<Uint8Array> {
    signal?.throwIfAborted();
    if (range && (range.offset < 0 || range.length < 0)) {
      throw new StoreError("invalid_argument", "negative range");
    }
    const path = this.path(type, name);
    try {
      // Packs are immutable and read blob by blob, so their handles are kept open and shared.
      if (range && type === "data") return await this.handles.use(path, (fh) => readRange(fh, range));
      const fh = await open(path, "r");
      try {
        return range ? await readRange(fh, range) : await fh.readFile();
      } finally {
        await fh.close();
      }
    } catch (err) {
      if (isMissing(err)) throw this.notFound(type, name, err);
      if (err === pastEnd) throw new StoreError("not_found", `range past the end of ${type}/${name}`);
      throw err;
    }
  }

  async stat(type: FileType, name: string, signal?: AbortSignal): Promise<{ size: number } | undefined> {
    signal?.throwIfAborted();
    try {
      return { size: (await stat(this.path(type, name))).size };
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async remove(type: FileType, name: string, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    try {
      this.handles.drop(this.path(type, name));
      await unlink(this.path(type, name));
    } catch (err) {
      if (isMissing(err)) throw this.notFound(type, name, err);
      throw err;
    }
  }

  async *list(type: FileType, signal?: AbortSignal): AsyncIterable<FileInfo> {
    if (type === "config") {
      const st = await this.stat("config", "config", signal);
      if (st) yield { name: "config", size: st.size };
      return;
    }
    const base = join(this.root, type);
    const dirs = type === "data" ? (await readNames(base)).map((d) => join(base, d)) : [base];
    for (const dir of dirs) {
      for (const name of await readNames(dir)) {
        signal?.throwIfAborted();
        if (name.startsWith(".")) continue;
        try {
          const st = await stat(join(dir, name));
          if (st.isFile()) yield { name, size: st.size };
        } catch (err) {
          // Removed between readdir and stat: it is simply no longer there.
          if (!isMissing(err)) throw err;
        }
      }
    }
  }

  async close(): Promise<void> {
    this.handles.closeAll();
  }

  /** Deletes the whole store folder (tests and `init` roll-back only). */
  async destroy(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}

const pastEnd = new Error("range past the end");

async function readRange(fh: FileHandle, range: ByteRange): Promise<Uint8Array> {
  const buf = Buffer.allocUnsafe(range.length);
  let done = 0;
  while (done < range.length) {
    const { bytesRead } = await fh.read(buf, done, range.length - done, range.offset + done);
    if (bytesRead === 0) throw pastEnd;
    done += bytesRead;
  }
  return buf;
}

interface SharedHandle {
  fh: Promise<FileHandle>;
  users: number;
  dropped: boolean;
}

/** Open read handles by path, least recently used first; a handle closes once dropped and idle. */
class HandleCache {
  private readonly map = new Map<string, SharedHandle>();

  constructor(private readonly limit: number) {}

  async use<T>(path: string, fn: (fh: FileHandle) => Promise<T>): Promise<T> {
    let h = this.map.get(path);
    if (h) {
      this.map.delete(path);
    } else {
      const opened: SharedHandle = { fh: open(path, "r"), users: 0, dropped: false };
      // A failed open is not cached: the file may appear later.
      opened.fh.catch(() => this.map.get(path) === opened && this.map.delete(path));
      h = opened;
    }
    this.map.set(path, h);
    for (const [k, old] of this.map) {
      if (this.map.size <= this.limit) break;
      this.map.delete(k);
      this.release(old);
    }
    h.users++;
    try {
      return await fn(await h.fh);
    } finally {
      h.users--;
      if (h.dropped && h.users === 0) this.close(h);
    }
  }

  drop(path: string): void {
    const h = this.map.get(path);
    if (!h) return;
    this.map.delete(path);
    this.release(h);
  }

  closeAll(): void {
    for (const h of this.map.values()) this.release(h);
    this.map.clear();
  }

  private release(h: SharedHandle): void {
    h.dropped = true;
    if (h.users === 0) this.close(h);
  }

  private close(h: SharedHandle): void {
    h.fh.then((fh) => fh.close()).catch(() => {});
  }
}

async function readNames(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    // A stray file where a folder is expected holds no store files.
    if (isMissing(err) || (err as NodeJS.ErrnoException)?.code === "ENOTDIR") return [];
    throw err;
  }
}

/** fsyncs a folder so a rename in it survives a power loss (a no-op where the OS refuses). */
async function syncDir(dir: string): Promise<void> {
  let fh: Awaited<ReturnType<typeof open>> | undefined;
  try {
    fh = await open(dir, "r");
    await fh.sync();
  } catch {
    // Some filesystems cannot fsync a directory; the rename is still atomic.
  } finally {
    await fh?.close();
  }
}
