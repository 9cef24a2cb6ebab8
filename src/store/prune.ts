// Removes what no snapshot references: drops unused packs, repacks mostly-empty ones, under an exclusive lock.
import { readSnapshotUnverified } from "./browse.ts";
import { IntegrityError, isStoreError, StoreError } from "./errors.ts";
import { acquireLock, type LockOptions } from "./lock.ts";
import type { BlobLocation, Repository } from "./repository.ts";
import { listSnapshotIds } from "./snapshot.ts";
import { loadTree } from "./tree.ts";

/** Options for `pruneRepository`. */
export interface PruneOptions {
  /** Repack a pack when its unused share exceeds this (0..1, default 0.3); fully unused packs always go. */
  maxUnused?: number;
  /** Report what would happen without changing anything. */
  dryRun?: boolean;
  lock?: LockOptions;
  onProgress?: (event: PruneEvent) => void;
  signal?: AbortSignal;
}

/** Progress of a prune. */
export type PruneEvent =
  | { type: "phase"; phase: "mark" | "repack" | "index" | "delete" }
  | { type: "repack"; pack: string; blobs: number };

/** What a prune did (or would do, with dryRun). */
export interface PruneResult {
  dryRun: boolean;
  usedBlobs: number;
  unusedBlobs: number;
  /** Packs holding only unused blobs, removed. */
  deletedPacks: number;
  /** Mostly-empty packs whose used blobs were copied to new packs before removal. */
  repackedPacks: number;
  repackedBlobs: number;
  /** Packs no index mentioned (left by interrupted backups), removed. */
  unindexedPacks: number;
  /** Bytes of pack files removed, before new packs are counted. */
  freedBytes: number;
  /** Bytes written into new packs by repacking (plaintext). */
  rewrittenBytes: number;
}

/** Every blob id (trees and data) reachable from any snapshot, signature valid or not. */
export async function usedBlobs(repo: Repository, signal?: AbortSignal): Promise<Set<string>> {
  const used = new Set<string>();
  const visit = async (treeId: string): Promise<void> => {
    if (used.has(treeId)) return;
    signal?.throwIfAborted();
    used.add(treeId);
    let tree: Awaited<ReturnType<typeof loadTree>>;
    try {
      tree = await loadTree(repo, treeId);
    } catch (cause) {
      throw new IntegrityError(`tree ${treeId} cannot be read; run check before pruning`, { cause });
    }
    for (const e of tree.entries) {
      for (const id of e.content ?? []) used.add(id);
      if (e.subtree) await visit(e.subtree);
    }
  };
  for (const id of await listSnapshotIds(repo, signal)) {
    let tree: string;
    try {
      tree = (await readSnapshotUnverified(repo, id, signal)).manifest.tree;
    } catch (err) {
      // Removed by a concurrent forget between list and load: it no longer protects anything.
      if (isStoreError(err, "not_found")) continue;
      throw new IntegrityError(`snapshot ${id} cannot be read; run check before pruning`, { cause: err });
    }
    await visit(tree);
  }
  return used;
}

interface PackUse {
  used: BlobLocation[];
  usedBytes: number;
  unusedBytes: number;
}

/**
 * Prunes the store. Order keeps every moment crash-safe: new packs, then an index naming them
 * (flush), then one compacted index without the dropped packs (old index files removed after it
 * is written), and only then the dropped packs themselves. Backups cannot run meanwhile: prune
 * holds the exclusive lock, and only packs that existed when it started are ever deleted.
 */
export async function pruneRepository(repo: Repository, opts: PruneOptions = {}): Promise<PruneResult> {
  const maxUnused = opts.maxUnused ?? 0.3;
  const dryRun = opts.dryRun ?? false;
  const lock = await acquireLock(repo, "exclusive", { purpose: "prune", signal: opts.signal, ...opts.lock });
  try {
    const signal = opts.signal;
    const existing = new Map<string, number>();
    for await (const f of repo.backend.list("data", signal)) existing.set(f.name, f.size);
    await repo.reloadIndex(signal);
    opts.onProgress?.({ type: "phase", phase: "mark" });
    const used = await usedBlobs(repo, signal);

    const packs = new Map<string, PackUse>();
    for (const p of repo.packs()) packs.set(p, { used: [], usedBytes: 0, unusedBytes: 0 });
    let unusedBlobs = 0;
    let usedCount = 0;
    for (const b of repo.listBlobs()) {
      const use = packs.get(b.pack) ?? { used: [], usedBytes: 0, unusedBytes: 0 };
      packs.set(b.pack, use);
      if (used.has(b.id)) {
        use.used.push(b);
        use.usedBytes += b.length;
        usedCount++;
      } else {
        use.unusedBytes += b.length;
        unusedBlobs++;
      }
    }
    for (const id of used) {
      if (!repo.hasBlob(id)) {
        throw new IntegrityError(`blob ${id} is used but not indexed; run check before pruning`);
      }
    }

    const drop = new Set<string>();
    const repack: string[] = [];
    for (const [pack, use] of packs) {
      if (!existing.has(pack)) continue;
      if (use.used.length === 0) drop.add(pack);
      else if (use.unusedBytes / (use.usedBytes + use.unusedBytes) > maxUnused) {
        drop.add(pack);
        repack.push(pack);
      }
    }
    const indexed = new Set(packs.keys());
    const unindexed = [...existing.keys()].filter((p) => !indexed.has(p));
    const result: PruneResult = {
      dryRun,
      usedBlobs: usedCount,
      unusedBlobs,
      deletedPacks: drop.size - repack.length,
      repackedPacks: repack.length,
      repackedBlobs: repack.reduce((n, p) => n + (packs.get(p)?.used.length ?? 0), 0),
      unindexedPacks: unindexed.length,
      freedBytes: [...drop, ...unindexed].reduce((n, p) => n + (existing.get(p) ?? 0), 0),
      rewrittenBytes: 0,
    };
    if (dryRun) return result;

    opts.onProgress?.({ type: "phase", phase: "repack" });
    for (const pack of repack) {
      const use = packs.get(pack)!;
      opts.onProgress?.({ type: "repack", pack, blobs: use.used.length });
      for (const b of use.used) {
        const plaintext = await repo.loadBlob(b.id, signal);
        await repo.saveBlob(b.type, plaintext, { force: true, signal });
        result.rewrittenBytes += plaintext.length;
      }
    }
    opts.onProgress?.({ type: "phase", phase: "index" });
    await repo.flush(signal);
    if (lock.lost) throw new StoreError("locked", "lost the store lock during prune", { cause: lock.lost });
    if (drop.size > 0) await repo.compactIndex(drop, signal);

    opts.onProgress?.({ type: "phase", phase: "delete" });
    for (const pack of [...drop, ...unindexed]) {
      await repo.backend.remove("data", pack, signal).catch((err) => {
        if (!isStoreError(err, "not_found")) throw err;
      });
    }
    return result;
  } finally {
    await lock.release();
  }
}
