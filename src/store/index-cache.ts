// Local cache of index files, so opening a store does not download every index each time.
import { mkdir, open as openFd, readdir, readFile, rename, rm } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";

/** The cache root: NVAULT_CACHE_DIR, else $XDG_CACHE_HOME/notion-vault, else ~/.cache/notion-vault. */
export function defaultCacheRoot(): string {
  if (process.env.NVAULT_CACHE_DIR) return process.env.NVAULT_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "notion-vault");
}

/**
 * Cached copies of a store's index files, by name, in <root>/<store id>/index/. The files are kept
 * exactly as stored (still encrypted); callers validate them against their name (SHA-256) and
 * fall back to the backend, so a missing or corrupt cache only costs a download.
 */
export class IndexCache {
  private readonly dir: string;

  constructor(root: string, storeId: string) {
    this.dir = join(root, storeId, "index");
  }

  /** The cached bytes of `name`, or undefined. */
  async get(name: string): Promise<Uint8Array | undefined> {
    try {
      return await readFile(join(this.dir, name));
    } catch {
      return undefined;
    }
  }

  /** Stores `name` atomically; cache failures are ignored because the store stays the truth. */
  async put(name: string, bytes: Uint8Array): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      const tmp = join(this.dir, `.${name}.${process.pid}.${Math.random().toString(36).slice(2)}`);
      const fh = await openFd(tmp, "w", 0o600);
      try {
        await fh.writeFile(bytes);
      } finally {
        await fh.close();
      }
      await rename(tmp, join(this.dir, name));
    } catch {
      // A read-only or full cache folder must not fail a backup.
    }
  }

  /** Deletes cached files whose names are not in `keep` (index files removed from the store). */
  async retain(keep: ReadonlySet<string>): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return;
    }
    await Promise.all(
      names.filter((n) => !keep.has(n)).map((n) => rm(join(this.dir, n), { force: true }).catch(() => {})),
    );
  }
}
