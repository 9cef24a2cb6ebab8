// Reading snapshots: list them, resolve "latest", "latest~N" or an id prefix, list a tree, read a file.
import { StoreError } from "./errors.ts";
import type { Repository } from "./repository.ts";
import { decodeSnapshot, listSnapshotIds, loadSnapshot, type Snapshot } from "./snapshot.ts";
import { findEntry, loadTree, type TreeEntry, walkTree } from "./tree.ts";

/** Options for `listSnapshots`. */
export interface ListOptions {
  signal?: AbortSignal;
  /** Told about each snapshot that fails to load or verify; such snapshots are left out. */
  onRejected?: (id: string, err: unknown) => void;
  /** Keep only snapshots from this host. */
  host?: string;
  /** Keep only snapshots carrying every one of these tags. */
  tags?: string[];
}

/** Every snapshot whose signature verifies, oldest first. */
export async function listSnapshots(repo: Repository, opts: ListOptions = {}): Promise<Snapshot[]> {
  const out: Snapshot[] = [];
  const ids = await listSnapshotIds(repo, opts.signal);
  // A few loads in flight: on S3 each snapshot is one round trip.
  const worker = async () => {
    for (let id = ids.pop(); id !== undefined; id = ids.pop()) {
      try {
        out.push(await loadSnapshot(repo, id, opts.signal));
      } catch (err) {
        if (opts.signal?.aborted) throw err;
        opts.onRejected?.(id, err);
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return out
    .filter((s) => opts.host === undefined || s.manifest.host === opts.host)
    .filter((s) => (opts.tags ?? []).every((t) => s.manifest.tags.includes(t)))
    .sort((a, b) => Date.parse(a.manifest.time) - Date.parse(b.manifest.time) || (a.id < b.id ? -1 : 1));
}

/** A snapshot reference split from an optional path: "latest", "1a2b3c" or "1a2b3c:docs/readme.md". */
export function parseSnapshotRef(arg: string): { ref: string; path: string } {
  const i = arg.indexOf(":");
  return i < 0 ? { ref: arg, path: "" } : { ref: arg.slice(0, i), path: arg.slice(i + 1) };
}

/** "latest", "latest~", "latest~N": how many snapshots back from the newest; undefined for any other text. */
export function latestOffset(ref: string): number | undefined {
  const m = /^latest(?:~(\d*))?$/.exec(ref);
  if (!m) return undefined;
  return m[1] === undefined ? 0 : m[1] === "" ? 1 : Number(m[1]);
}

/** What "latest" and "latest~N" count among (an id prefix names any snapshot). */
export interface ResolveFilter {
  /** Only snapshots from this host. */
  host?: string;
  /** Only snapshots of exactly these backed-up paths (in any order). */
  paths?: string[];
  /** Only snapshots this accepts, e.g. Notion workspace snapshots (the store cannot tell them apart). */
  accept?: (snapshot: Snapshot) => boolean;
  /** What `accept` keeps, for messages: "Notion workspace" -> "no Notion workspace snapshot yet". */
  kind?: string;
  signal?: AbortSignal;
}

/**
 * Finds one snapshot by reference. "latest" is the newest snapshot the filter keeps; "latest~N" the
 * Nth before it of the same source (the same backed-up paths, so another workspace's or folder's
 * snapshots do not count); anything else is a unique id prefix.
 */
export async function resolveSnapshot(
  repo: Repository,
  ref: string,
  filter: ResolveFilter = {},
): Promise<Snapshot> {
  const back = latestOffset(ref);
  if (back !== undefined) return resolveLatest(repo, ref, back, filter);
  if (!/^[0-9a-f]+$/.test(ref)) {
    throw new StoreError("invalid_argument", `${JSON.stringify(ref)} is not a snapshot id`);
  }
  const matches = (await listSnapshotIds(repo, filter.signal)).filter((id) => id.startsWith(ref));
  if (matches.length === 0) throw new StoreError("not_found", `no snapshot ${ref}`);
  if (matches.length > 1) throw new StoreError("invalid_argument", `snapshot prefix ${ref} is ambiguous`);
  return loadSnapshot(repo, matches[0]!, filter.signal);
}

async function resolveLatest(
  repo: Repository,
  ref: string,
  back: number,
  filter: ResolveFilter,
): Promise<Snapshot> {
  const wanted = filter.paths === undefined ? undefined : sourceKey(filter.paths);
  const all = (await listSnapshots(repo, { signal: filter.signal, host: filter.host })).filter(
    (s) => (wanted === undefined || sourceKey(s.manifest.paths) === wanted) && (filter.accept?.(s) ?? true),
  );
  const latest = all.at(-1);
  const kind = filter.kind ? `${filter.kind} snapshot` : "snapshot";
  if (!latest) throw new StoreError("not_found", `the store holds no ${kind} yet`);
  if (back === 0) return latest;
  const key = sourceKey(latest.manifest.paths);
  const same = all.filter((s) => sourceKey(s.manifest.paths) === key);
  const found = same[same.length - 1 - back];
  if (!found) {
    const of = filter.kind ?? "source";
    throw new StoreError("not_found", `${ref}: the store holds only ${same.length} snapshots of this ${of}`);
  }
  return found;
}

/** The source a snapshot was taken of: its backed-up paths, order aside. */
function sourceKey(paths: readonly string[]): string {
  return JSON.stringify([...paths].sort());
}

/** Reads a snapshot file without verifying it (for check, which reports bad ones itself). */
export async function readSnapshotUnverified(
  repo: Repository,
  id: string,
  signal?: AbortSignal,
): Promise<Snapshot> {
  return decodeSnapshot(id, await repo.loadUnpacked("snapshots", id, signal));
}

/** One line of a listing. */
export interface ListedEntry {
  path: string;
  type: TreeEntry["type"];
  size?: number;
  mode: number;
  mtime: string;
  target?: string;
}

function listed(path: string, e: TreeEntry): ListedEntry {
  return { path, type: e.type, size: e.size, mode: e.mode, mtime: e.mtime, target: e.target };
}

/** Lists a directory of a snapshot (or everything below it with `recursive`). */
export async function listPath(
  repo: Repository,
  snapshot: Snapshot,
  path = "",
  opts: { recursive?: boolean } = {},
): Promise<ListedEntry[]> {
  const found = await findEntry(repo, snapshot.manifest.tree, path);
  const base = path
    .split("/")
    .filter((p) => p !== "" && p !== ".")
    .join("/");
  if (found.entry && found.entry.type !== "dir") return [listed(base, found.entry)];
  const treeId = found.treeId!;
  const join = (p: string) => (base === "" ? p : `${base}/${p}`);
  if (!opts.recursive) return (await loadTree(repo, treeId)).entries.map((e) => listed(join(e.name), e));
  const out: ListedEntry[] = [];
  for await (const w of walkTree(repo, treeId)) out.push(listed(join(w.path), w.entry));
  return out;
}

/** Streams a file's content out of a snapshot, each blob verified as it is read. */
export async function* readFile(
  repo: Repository,
  snapshot: Snapshot,
  path: string,
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array> {
  const { entry } = await findEntry(repo, snapshot.manifest.tree, path);
  if (entry?.type !== "file") {
    throw new StoreError("invalid_argument", `${JSON.stringify(path)} is not a file`);
  }
  for (const id of entry.content ?? []) yield await repo.loadBlob(id, signal);
}
