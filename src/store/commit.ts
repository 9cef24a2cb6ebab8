// Writes one snapshot safely for any source: shared lock, fresh index, the caller's blobs, flush, signed manifest.
import { hostname } from "node:os";
import { resolveSnapshot } from "./browse.ts";
import { isStoreError, StoreError } from "./errors.ts";
import { acquireLock, currentUser, type LockOptions } from "./lock.ts";
import type { Repository } from "./repository.ts";
import { type Manifest, type Snapshot, type SnapshotSummary, saveSnapshot } from "./snapshot.ts";

/** What describes the snapshot being written. */
export interface CommitOptions {
  /** What is backed up (absolute paths, or a source name such as "notion:<workspace id>"). */
  paths: string[];
  tags?: string[];
  /** Defaults to this machine's host name. */
  host?: string;
  /** The snapshot's time (default: now). */
  time?: Date;
  meta?: Record<string, string>;
  /** Parent id or prefix; by default the latest snapshot with the same host and paths; null for none. */
  parent?: string | null;
  lock?: LockOptions;
  signal?: AbortSignal;
}

/** What the caller's build step gets. */
export interface CommitContext {
  /** The snapshot to compare against (reuse its unchanged entries), if any. */
  parent?: Snapshot;
  host: string;
  signal?: AbortSignal;
}

async function findParent(
  repo: Repository,
  opts: CommitOptions,
  host: string,
): Promise<Snapshot | undefined> {
  if (opts.parent === null) return undefined;
  try {
    return await resolveSnapshot(repo, opts.parent ?? "latest", {
      host,
      paths: opts.paths,
      signal: opts.signal,
    });
  } catch (err) {
    if (opts.parent === undefined && isStoreError(err, "not_found")) return undefined;
    throw err;
  }
}

/**
 * Runs `build` (which saves blobs and trees and returns the root tree) under a shared lock, then
 * writes in the store's crash-safe order: packs, then the index (flush), then the signed manifest.
 * A crash at any point leaves at worst unreferenced packs.
 */
export async function commitSnapshot(
  repo: Repository,
  opts: CommitOptions,
  build: (ctx: CommitContext) => Promise<{ tree: string; summary: SnapshotSummary }>,
): Promise<Snapshot> {
  const time = opts.time ?? new Date();
  const host = opts.host ?? hostname();
  const lock = await acquireLock(repo, "shared", { purpose: "backup", signal: opts.signal, ...opts.lock });
  try {
    // A prune may have finished between open and lock: its dropped packs must not be reused.
    await repo.reloadIndex(opts.signal);
    // Packs a killed backup uploaded but never indexed are adopted, so their blobs are not sent again.
    await repo.recoverPacks(opts.signal);
    const parent = await findParent(repo, opts, host);
    const { tree, summary } = await build({ parent, host, signal: opts.signal });
    await repo.flush(opts.signal);
    if (lock.lost)
      throw new StoreError("locked", "lost the store lock during the backup", { cause: lock.lost });
    const manifest: Manifest = {
      version: 1,
      time: time.toISOString(),
      host,
      username: currentUser(),
      tags: [...(opts.tags ?? [])].sort(),
      paths: opts.paths,
      tree,
      ...(parent ? { parent: parent.id } : {}),
      summary,
      ...(opts.meta ? { meta: opts.meta } : {}),
    };
    return await saveSnapshot(repo, manifest, opts.signal);
  } finally {
    await lock.release();
  }
}
