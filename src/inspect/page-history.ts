// A page's own history: the snapshots in which it appeared, changed, moved, was renamed or went away.
import { isWorkspaceSnapshot, normaliseNotionId, WorkspaceSnapshot } from "../notion/snapshot-reader.ts";
import { StoreError } from "../store/errors.ts";
import type { Repository } from "../store/repository.ts";
import type { Snapshot } from "../store/snapshot.ts";
import { type CompareContext, compareObject, lazyNames, type ObjectDiff } from "./diff-object.ts";
import { TreeReader } from "./diff-trees.ts";

/** One snapshot in which the page differs from the snapshot before it. */
export interface PageVersion {
  snapshot: string;
  time: string;
  /** "added" the first time it is seen (or seen again), "removed" when a snapshot no longer has it. */
  change: "added" | "changed" | "removed";
  title: string;
  path: string;
  last_edited_time?: string;
  /** For "changed": what changed (blocks, properties, comments, name, place). */
  diff?: ObjectDiff;
}

/**
 * The snapshots (among `snapshots`, taken oldest first) in which object `id` changed, comparing its own
 * files' blob ids with the previous snapshot that held it (sub-pages do not count as changes). Snapshots
 * that are not of a Notion workspace are skipped.
 */
export async function pageHistory(
  repo: Repository,
  snapshots: Snapshot[],
  id: string,
  opts: { signal?: AbortSignal } = {},
): Promise<PageVersion[]> {
  const key = normaliseNotionId(id);
  if (!key) throw new StoreError("invalid_argument", `${JSON.stringify(id)} is not a Notion id`);
  const trees = new TreeReader(repo, opts.signal);
  const ordered = snapshots
    .filter(isWorkspaceSnapshot)
    .sort((x, y) => Date.parse(x.manifest.time) - Date.parse(y.manifest.time));
  const out: PageVersion[] = [];
  let prev: WorkspaceSnapshot | undefined;
  for (const snapshot of ordered) {
    const cur = await WorkspaceSnapshot.open(repo, snapshot, opts.signal);
    const e = cur.entry(key);
    const at = { snapshot: snapshot.id, time: snapshot.manifest.time };
    if (!e) {
      const gone = prev?.entry(key);
      if (gone) out.push({ ...at, change: "removed", title: gone.title, path: gone.path });
      prev = undefined;
      continue;
    }
    const version = { ...at, title: e.title, path: e.path, last_edited_time: e.last_edited_time };
    if (!prev) out.push({ ...version, change: "added" });
    else {
      const diff = await compareVersions(trees, key, prev, cur, opts.signal);
      if (diff) out.push({ ...version, change: "changed", diff });
    }
    prev = cur;
  }
  return out;
}

async function compareVersions(
  trees: TreeReader,
  id: string,
  a: WorkspaceSnapshot,
  b: WorkspaceSnapshot,
  signal?: AbortSignal,
): Promise<ObjectDiff | undefined> {
  const rootA = a.snapshot.manifest.tree;
  const rootB = b.snapshot.manifest.tree;
  const [fa, fb] = await Promise.all([
    trees.folder(rootA, a.entry(id)!.path),
    trees.folder(rootB, b.entry(id)!.path),
  ]);
  if (!fa || !fb) throw new StoreError("integrity", `index.json names a folder that is missing for ${id}`);
  const ctx: CompareContext = { trees, context: 3, names: lazyNames(a, b, signal) };
  return compareObject(ctx, id, { reader: a, root: rootA }, { reader: b, root: rootB }, fa, fb);
}
