// Where a store's search index lives in the local cache, and opening it (or starting afresh when it is missing or damaged).
import { join } from "node:path";
import { defaultCacheRoot } from "../store/index-cache.ts";
import type { Repository } from "../store/repository.ts";
import { readSegmentFile, writeSegmentFile } from "./sealed-segments.ts";
import { SearchIndex } from "./search-index.ts";

/** The key purpose the index is sealed under (a subkey of the store's master keys). */
const KEY_PURPOSE = "search-index";

/** How an opened index came to be. */
export type IndexState = "loaded" | "missing" | "corrupt" | "memory";

/** A store's index and where it is kept. */
export interface OpenedIndex {
  index: SearchIndex;
  state: IndexState;
  /** The index file, or undefined when the cache is disabled. */
  path?: string;
  /** Bytes of the file read (0 when none was). */
  bytes: number;
  /** Why a damaged file was set aside. */
  problem?: string;
}

/** The index file of a store: <cache root>/<store id>/search/index.nvs. */
export function searchIndexPath(cacheRoot: string, storeId: string): string {
  return join(cacheRoot, storeId, "search", "index.nvs");
}

/** Opens the index of `repo` from the cache (`cacheDir` false: an in-memory index only). */
export async function openIndex(repo: Repository, cacheDir?: string | false): Promise<OpenedIndex> {
  if (cacheDir === false) return { index: SearchIndex.empty(), state: "memory", bytes: 0 };
  const path = searchIndexPath(cacheDir ?? defaultCacheRoot(), repo.config.id);
  try {
    const reader = await readSegmentFile(path, repo.deriveKey(KEY_PURPOSE));
    if (!reader) return { index: SearchIndex.empty(), state: "missing", path, bytes: 0 };
    return { index: SearchIndex.load(reader), state: "loaded", path, bytes: reader.size };
  } catch (err) {
    // The cache is never the truth: anything unreadable is rebuilt from the store.
    return {
      index: SearchIndex.empty(),
      state: "corrupt",
      path,
      bytes: 0,
      problem: err instanceof Error ? err.message : String(err),
    };
  }
}

/** Writes the index back to its file (atomically, owner-only); returns the file's size. */
export async function saveIndex(repo: Repository, opened: OpenedIndex): Promise<number> {
  if (!opened.path) return 0;
  return writeSegmentFile(opened.path, repo.deriveKey(KEY_PURPOSE), opened.index.segments());
}
