// Guards writers against an in-memory index that a prune has made stale since the store was opened.
import { StoreError } from "./errors.ts";
import type { Repository } from "./repository.ts";

/**
 * Refuses to write when an index file this process loaded has been deleted (by a prune since the
 * store was opened): its entries may name deleted packs, and deduplicating against them would
 * make the new snapshot reference missing blobs.
 */
export async function assertIndexCurrent(repo: Repository, signal?: AbortSignal): Promise<void> {
  const listed = new Set<string>();
  for await (const f of repo.backend.list("index", signal)) listed.add(f.name);
  const vanished = [...repo.indexFiles()].filter((n) => !listed.has(n));
  if (vanished.length > 0) {
    throw new StoreError("locked", "the store was pruned since it was opened; open it again and retry");
  }
}
