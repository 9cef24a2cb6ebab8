// Diffs two workspace snapshots by Notion id: objects added, removed, moved, renamed and changed, reading only what differs.
import PQueue from "p-queue";
import type { WorkspaceSnapshot } from "../notion/snapshot-reader.ts";
import { StoreError } from "../store/errors.ts";
import {
  type CompareContext,
  compareObject,
  type DiffSide,
  lazyNames,
  type ObjectDiff,
} from "./diff-object.ts";
import {
  DEFAULT_MASS_THRESHOLD,
  type DiffSummary,
  detectMassChange,
  type MassChange,
  summarise,
} from "./diff-summary.ts";
import { TreeReader } from "./diff-trees.ts";

/** Options of `diffSnapshots`. */
export interface DiffOptions {
  /** Limit the diff to one object and everything below it: a path in either snapshot, a Notion id or URL. */
  path?: string;
  signal?: AbortSignal;
  /** Share (0..1) of pages and rows deleted, emptied or cleared above which `massChange` is set (default 0.1). */
  massThreshold?: number;
  /** Kept lines around each block change (default 3). */
  context?: number;
}

/** The difference between two workspace snapshots. */
export interface SnapshotDiff {
  from: { snapshot: string; time: string };
  to: { snapshot: string; time: string };
  /** The subtree the diff was limited to. */
  scope?: { ref: string; id: string; path: string; title: string };
  /** Every object that differs, by path. */
  objects: ObjectDiff[];
  summary: DiffSummary;
  threshold: number;
  massChange?: MassChange;
  /** What the diff cost: objects in scope, objects whose files had to be compared, blobs loaded. */
  stats: { objects: number; compared: number; blobsRead: number };
}

/** Everything below an object in one snapshot's index, the object included. */
function subtreeIds(reader: WorkspaceSnapshot, id: string, out = new Set<string>()): Set<string> {
  out.add(id);
  for (const c of reader.childrenOf(id)) subtreeIds(reader, c, out);
  return out;
}

/**
 * The object a reference names in either snapshot. A path resolves to its deepest known folder, so an old
 * path of a renamed page would name its parent in the new snapshot: the more specific match wins.
 */
function resolveIn(a: WorkspaceSnapshot, b: WorkspaceSnapshot, ref: string): string | undefined {
  const inB = b.resolve(ref);
  const inA = a.resolve(ref);
  if (!inA || !inB || inA === inB) return inB ?? inA;
  return a.entry(inA)!.path.length > b.entry(inB)!.path.length ? inA : inB;
}

function brief(reader: WorkspaceSnapshot, id: string, status: "added" | "removed"): ObjectDiff {
  const e = reader.entry(id)!;
  return { id, type: e.type, status, title: e.title, path: e.path };
}

/**
 * Compares snapshot `a` (older) with `b` (newer). Objects are matched by Notion id, never by path. A
 * folder whose tree id is the same on both sides is skipped with everything below it, and inside a
 * changed folder only the files whose blob ids differ are read, so few changes cost few reads.
 */
export async function diffSnapshots(
  a: WorkspaceSnapshot,
  b: WorkspaceSnapshot,
  opts: DiffOptions = {},
): Promise<SnapshotDiff> {
  if (a.repo !== b.repo) throw new StoreError("invalid_argument", "both snapshots must come from one store");
  const trees = new TreeReader(a.repo, opts.signal);
  const sideA: DiffSide = { reader: a, root: a.snapshot.manifest.tree };
  const sideB: DiffSide = { reader: b, root: b.snapshot.manifest.tree };
  const ctx: CompareContext = { trees, names: lazyNames(a, b, opts.signal), context: opts.context ?? 3 };
  const threshold = opts.massThreshold ?? DEFAULT_MASS_THRESHOLD;

  let scope: SnapshotDiff["scope"];
  let startB: string[] = b.roots();
  let inScopeA: Set<string> | undefined;
  if (opts.path !== undefined && opts.path !== "") {
    const id = resolveIn(a, b, opts.path);
    if (!id) {
      throw new StoreError("not_found", `nothing in either snapshot matches ${JSON.stringify(opts.path)}`);
    }
    const e = (b.entry(id) ?? a.entry(id))!;
    scope = { ref: opts.path, id, path: e.path, title: e.title };
    startB = b.entry(id) ? [id] : [];
    inScopeA = a.entry(id) ? subtreeIds(a, id) : new Set();
  }

  const objects: ObjectDiff[] = [];
  const handled = new Set<string>();
  let compared = 0;
  const queue = new PQueue({ concurrency: 8 });
  const markUnchanged = (id: string) => {
    for (const c of b.childrenOf(id)) {
      handled.add(c);
      markUnchanged(c);
    }
  };
  const visit = async (id: string, recurse = true): Promise<void> => {
    opts.signal?.throwIfAborted();
    if (handled.has(id)) return;
    handled.add(id);
    if (!a.entry(id)) objects.push(brief(b, id, "added"));
    else {
      const [fa, fb] = await Promise.all([
        trees.folder(sideA.root, a.entry(id)!.path),
        trees.folder(sideB.root, b.entry(id)!.path),
      ]);
      if (!fa || !fb)
        throw new StoreError("integrity", `index.json names a folder that is missing for ${id}`);
      if (fa.entry.subtree !== fb.entry.subtree) compared++;
      const d = await queue.add(() => compareObject(ctx, id, sideA, sideB, fa, fb));
      if (d) objects.push(d);
      // The same subtree holds the same children with the same contents and parents.
      if (fa.entry.subtree === fb.entry.subtree) return markUnchanged(id);
    }
    if (recurse) await Promise.all(b.childrenOf(id).map((c) => visit(c)));
  };
  await Promise.all(startB.map((id) => visit(id)));

  // What the old snapshot held (in scope) that the walk of the new one did not meet: removed, or moved out.
  const idsA = inScopeA ? [...inScopeA] : a.ids();
  // Only what was in scope: a moved-out object's new neighbours are not part of this diff.
  const movedOut = idsA.filter((x) => !handled.has(x) && b.entry(x));
  await Promise.all(movedOut.map((id) => visit(id, false)));
  for (const id of idsA) if (!handled.has(id) && !b.entry(id)) objects.push(brief(a, id, "removed"));

  objects.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : x.id < y.id ? -1 : 1));
  const totals = { pages: 0, rows: 0 };
  for (const id of idsA) {
    const t = a.entry(id)!.type;
    if (t === "page") totals.pages++;
    else if (t === "row") totals.rows++;
  }
  const massChange = detectMassChange(objects, totals, threshold);
  const all = new Set([...idsA, ...(inScopeA ? startB.flatMap((id) => [...subtreeIds(b, id)]) : b.ids())]);
  return {
    from: { snapshot: a.snapshot.id, time: a.snapshot.manifest.time },
    to: { snapshot: b.snapshot.id, time: b.snapshot.manifest.time },
    ...(scope ? { scope } : {}),
    objects,
    summary: summarise(objects),
    threshold,
    ...(massChange ? { massChange } : {}),
    stats: { objects: all.size, compared, blobsRead: trees.blobsRead },
  };
}
