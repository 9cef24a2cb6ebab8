// Reading snapshots: list them, resolve "latest" or an id prefix, list a tree, read a file.
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

/** Finds one snapshot by "latest" (optionally for a host/paths) or by a unique id prefix. */
export async function resolveSnapshot(
  repo: Repository,
  ref: string,
  filter: { host?: string; paths?: string[]; signal?: AbortSignal } = {},
): Promise<Snapshot> {
  if (ref === "latest") {
    const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
    const all = (await listSnapshots(repo, { signal: filter.signal, host: filter.host })).filter(
      (s) => filter.paths === undefined || same([...s.manifest.paths].sort(), [...filter.paths].sort()),
    );
    const last = all.at(-1);
    if (!last) throw new StoreError("not_found", "the store holds no snapshot yet");
    return last;
  }
  if (!/^[0-9a-f]+$/.test(ref)) {
    throw new StoreError("invalid_argument", `${JSON.stringify(ref)} is not a snapshot id`);
  }
  const matches = (await listSnapshotIds(repo, filter.signal)).filter((id) => id.startsWith(ref));
  if (matches.length === 0) throw new StoreError("not_found", `no snapshot ${ref}`);
  if (matches.length > 1) throw new StoreError("invalid_argument", `snapshot prefix ${ref} is ambiguous`);
  return loadSnapshot(repo, matches[0]!, filter.signal);
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
