// Snapshot references for every command and the UI: the store's resolver, told what a workspace snapshot is.
import { isWorkspaceSnapshot } from "../notion/snapshot-reader.ts";
import { type ResolveFilter, resolveSnapshot } from "../store/browse.ts";
import type { Repository } from "../store/repository.ts";
import type { Snapshot } from "../store/snapshot.ts";

/** What a reference may name. */
export interface SnapshotRefOptions {
  /** "latest" and "latest~N" count Notion workspace snapshots only (diff, a bare Notion id). */
  workspace?: boolean;
  signal?: AbortSignal;
}

/** The filter that makes "latest" and "latest~N" count Notion workspace snapshots only. */
export const WORKSPACE_SNAPSHOTS: ResolveFilter = { accept: isWorkspaceSnapshot, kind: "Notion workspace" };

/**
 * The snapshot a reference names (an id prefix, "latest" or "latest~N"; see the store's
 * resolveSnapshot), counting only Notion workspace snapshots with `workspace`.
 */
export function resolveSnapshotRef(
  repo: Repository,
  ref: string,
  opts: SnapshotRefOptions = {},
): Promise<Snapshot> {
  return resolveSnapshot(repo, ref, { ...(opts.workspace ? WORKSPACE_SNAPSHOTS : {}), signal: opts.signal });
}
