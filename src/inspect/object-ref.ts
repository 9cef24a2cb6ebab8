// What a `cat`/`ls`/`restore` argument names: a snapshot and a path, or a Notion object (id, URL or path).
import { isWorkspaceSnapshot, normaliseNotionId, WorkspaceSnapshot } from "../notion/snapshot-reader.ts";
import { parseSnapshotRef } from "../store/browse.ts";
import { StoreError } from "../store/errors.ts";
import type { Repository } from "../store/repository.ts";
import type { Snapshot } from "../store/snapshot.ts";
import { listSnapshotIds } from "../store/snapshot.ts";
import { findEntry, type TreeEntry } from "../store/tree.ts";
import { resolveSnapshotRef } from "./snapshot-ref.ts";

/** A resolved argument: the snapshot, the path after ":", and for a workspace snapshot its reader. */
export interface ResolvedRef {
  snapshot: Snapshot;
  path: string;
  /** Set for Notion workspace snapshots. */
  reader?: WorkspaceSnapshot;
  /** The Notion object the path or id names (workspace snapshots only). */
  id?: string;
  /** Set when `path` names the object itself (its id, URL, short id or exact folder), not a file or folder inside it. */
  object?: string;
  /** The snapshot entry at `path` when it names a file or folder of the tree. */
  entry?: TreeEntry;
}

/**
 * Splits "SNAPSHOT[:PATH]" (SNAPSHOT: an id prefix, "latest" or "latest~N") and accepts a bare
 * Notion id, dashed id or notion.so URL as meaning the latest workspace snapshot, unless the text is
 * also a snapshot id prefix (then it is ambiguous).
 */
export async function splitRef(
  repo: Repository,
  arg: string,
  signal?: AbortSignal,
): Promise<{ snapshot: Snapshot; path: string; bareId: boolean }> {
  const notionId = normaliseNotionId(arg);
  const url = /^https?:\/\//i.test(arg);
  if (notionId && (url || !arg.includes(":"))) {
    const hexOnly = /^[0-9a-f]+$/i.test(arg);
    const prefixOf = hexOnly
      ? (await listSnapshotIds(repo, signal)).some((s) => s.startsWith(arg.toLowerCase()))
      : false;
    if (prefixOf) {
      throw new StoreError(
        "invalid_argument",
        `${arg} is both a snapshot id prefix and a Notion id; write latest:${arg} or ${arg}:PATH`,
      );
    }
    return {
      snapshot: await resolveSnapshotRef(repo, "latest", { workspace: true, signal }),
      path: arg,
      bareId: true,
    };
  }
  const { ref, path } = parseSnapshotRef(arg);
  return { snapshot: await resolveSnapshotRef(repo, ref, { signal }), path, bareId: false };
}

/** Resolves an argument to its snapshot, path, tree entry and (workspace snapshots) Notion object. */
export async function resolveRef(repo: Repository, arg: string, signal?: AbortSignal): Promise<ResolvedRef> {
  const { snapshot, path } = await splitRef(repo, arg, signal);
  const out: ResolvedRef = { snapshot, path };
  if (path !== "" && !normaliseNotionId(path)) {
    out.entry = (await findEntry(repo, snapshot.manifest.tree, path).catch(() => undefined))?.entry;
  }
  if (!isWorkspaceSnapshot(snapshot)) return out;
  out.reader = await WorkspaceSnapshot.open(repo, snapshot, signal);
  if (path !== "") out.id = out.reader.resolve(path) ?? idByPrefix(out.reader, path);
  const trimmed = path.replace(/^\/+|\/+$/g, "");
  if (out.id && (!out.entry || out.reader.entry(out.id)!.path === trimmed)) out.object = out.id;
  return out;
}

/** The error for a path that names nothing in the snapshot (cat, ls and restore say it alike). */
export function nothingMatches(ref: { snapshot: Snapshot; path: string }): StoreError {
  return new StoreError(
    "not_found",
    `nothing in snapshot ${ref.snapshot.id.slice(0, 8)} matches ${JSON.stringify(ref.path)}`,
  );
}

/** The one object whose id starts with `prefix` (8 or more hex digits, as `ls -l` shows them), if exactly one does. */
export function idByPrefix(reader: WorkspaceSnapshot, prefix: string): string | undefined {
  if (!/^[0-9a-f]{8,32}$/i.test(prefix)) return undefined;
  const p = prefix.toLowerCase();
  const hits = reader.ids().filter((id) => id.replace(/-/g, "").startsWith(p));
  if (hits.length > 1) {
    throw new StoreError(
      "invalid_argument",
      `Notion id prefix ${prefix} is ambiguous (${hits.length} objects)`,
    );
  }
  return hits[0];
}
