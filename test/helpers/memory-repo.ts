// Shared by the store's upper-layer tests: a small-parameter repository on the memory backend and temp dirs.
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryBackend } from "../../src/store/backends/memory.ts";
import { initRepository, openRepository, type Repository } from "../../src/store/repository.ts";
import { testKdf } from "./store-probe.ts";

/** Store parameters small enough that tests see many chunks and several packs. */
export const smallStore = {
  chunker: { min: 1024, avg: 4096, max: 16384 },
  packSize: 64 * 1024,
  kdf: testKdf,
  cacheDir: false as const,
};

/** A fresh repository on its own memory backend. */
export async function memoryRepo(passphrase = "test passphrase"): Promise<Repository> {
  return initRepository(new MemoryBackend(), passphrase, smallStore);
}

/** Opens the same store again (a second "process"). */
export async function reopen(repo: Repository, passphrase = "test passphrase"): Promise<Repository> {
  return openRepository(repo.backend, passphrase, { cacheDir: false });
}

/** A temp dir removed by the returned cleanup. */
export async function tempDir(
  prefix = "nvault-upper-",
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Path -> mtime in whole milliseconds, for every entry under `root` except symlinks. */
export async function mtimes(root: string, paths: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const p of paths) out.set(p, Math.floor((await stat(join(root, p))).mtimeMs));
  return out;
}
