// In-process access to a temp store for tests: open it through the library, restore, and count its files.
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { FsBackend } from "../../src/store/backends/fs.ts";
import type { ConfigOptions } from "../../src/store/config.ts";
import { initRepository, openRepository, type Repository } from "../../src/store/repository.ts";
import { restoreSnapshot } from "../../src/store/restorer.ts";
import { loadSnapshot } from "../../src/store/snapshot.ts";
import type { TempStore } from "./store.ts";

/** A cheap argon2id cost so tests do not spend their time deriving keys. */
export const testKdf = { memoryKiB: 8 * 1024, iterations: 1, parallelism: 1 };

/** Opens (or with `init`, creates with the given parameters) the temp store's repository in-process. */
export async function openTestRepository(
  store: TempStore,
  opts: ConfigOptions & { init?: boolean } = {},
): Promise<Repository> {
  const { init, ...config } = opts;
  const backend = new FsBackend(store.dir);
  const passphrase = store.env.NVAULT_PASSPHRASE ?? "";
  const cacheDir = store.env.NVAULT_CACHE_DIR ?? false;
  return init
    ? initRepository(backend, passphrase, { ...config, kdf: testKdf, cacheDir })
    : openRepository(backend, passphrase, { cacheDir });
}

/** Restores one snapshot (by full id) into `target`. */
export async function restoreToDir(repo: Repository, id: string, target: string): Promise<void> {
  const snapshot = await loadSnapshot(repo, id);
  await restoreSnapshot(repo, snapshot, { target });
}

/** How many files of each kind a store holds, and the bytes of its packs. */
export interface StoreProbe {
  data: number;
  dataBytes: number;
  index: number;
  snapshots: number;
  locks: number;
}

async function countFiles(dir: string): Promise<{ count: number; bytes: number }> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  let count = 0;
  let bytes = 0;
  for (const e of entries) {
    // Temporary files of interrupted writes start with "." (or sit outside the layout): not counted.
    if (!e.isFile() || e.name.startsWith(".")) continue;
    count++;
    bytes += await stat(join(e.parentPath, e.name)).then(
      (s) => s.size,
      () => 0,
    );
  }
  return { count, bytes };
}

/** The complete files of a local store's data, index and snapshots folders, as "folder/name". */
export async function storeFiles(store: TempStore): Promise<Set<string>> {
  const out = new Set<string>();
  for (const folder of ["data", "index", "snapshots"]) {
    const entries = await readdir(join(store.dir, folder), { recursive: true, withFileTypes: true }).catch(
      () => [],
    );
    for (const e of entries) if (e.isFile() && !e.name.startsWith(".")) out.add(`${folder}/${e.name}`);
  }
  return out;
}

/** Snapshot ids, read from the store's snapshots folder (file name = id; no passphrase needed). */
export async function snapshotIds(store: TempStore): Promise<string[]> {
  const names = await readdir(join(store.dir, "snapshots")).catch(() => []);
  return names.filter((n) => !n.startsWith(".")).sort();
}

/** Counts a local store's files by folder (from the disk, not through the library). */
export async function storeProbe(store: TempStore): Promise<StoreProbe> {
  const data = await countFiles(join(store.dir, "data"));
  return {
    data: data.count,
    dataBytes: data.bytes,
    index: (await countFiles(join(store.dir, "index"))).count,
    snapshots: (await countFiles(join(store.dir, "snapshots"))).count,
    locks: (await countFiles(join(store.dir, "locks"))).count,
  };
}
