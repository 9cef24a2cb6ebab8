// Adds snapshots to a search index: walks each snapshot's trees, reading only folders and page versions not seen before.
import { createHash } from "node:crypto";
import PQueue from "p-queue";
import type { Repository } from "../store/repository.ts";
import type { Snapshot } from "../store/snapshot.ts";
import { decodeTree, type TreeEntry } from "../store/tree.ts";
import { extractDoc, type ObjectFiles } from "./extract.ts";
import { type SearchIndex, shortId } from "./search-index.ts";

/** Progress of indexing, for the CLI (stderr) and the UI. */
export type IndexEvent =
  | { type: "snapshot"; snapshot: string; done: number; total: number }
  | { type: "objects"; snapshot: string; objects: number; indexed: number };

/** The object files a document is made of, and the keys they have in ObjectFiles. */
const OBJECT_FILES: Record<string, keyof ObjectFiles> = {
  "page.json": "page",
  "blocks.json": "blocks",
  "comments.json": "comments",
  "database.json": "database",
  "data-source.json": "dataSource",
};

/** Folders that hold only files (downloads, attachments) or records no page owns: never walked. */
const LEAF_FOLDERS = new Set(["media", "comment-files", "synced-blocks"]);

/** How many blobs are read at once (a local store is bound by CPU, S3 by round trips). */
const PARALLEL_READS = 8;

/** What indexing added. */
export interface IndexStats {
  snapshots: number;
  /** Folders whose tree was read (unchanged subtrees of indexed snapshots are not). */
  trees: number;
  /** Object versions read and extracted (each distinct version once). */
  versions: number;
}

/** Adds every snapshot not yet in the index (oldest first); the caller saves the index. */
export async function indexSnapshots(
  repo: Repository,
  index: SearchIndex,
  snapshots: Snapshot[],
  opts: { signal?: AbortSignal; onEvent?: (e: IndexEvent) => void } = {},
): Promise<IndexStats> {
  const todo = snapshots.filter((s) => !index.snapshots.has(s.id));
  const stats: IndexStats = { snapshots: 0, trees: 0, versions: 0 };
  const reads = new PQueue({ concurrency: PARALLEL_READS });
  const load = (id: string) => reads.add(() => repo.loadBlob(id, opts.signal));
  for (const [i, snapshot] of todo.entries()) {
    opts.signal?.throwIfAborted();
    opts.onEvent?.({ type: "snapshot", snapshot: snapshot.id, done: i, total: todo.length });
    let objects = 0;
    const inflight = new Map<string, Promise<void>>();
    const report = () => {
      objects++;
      if (objects % 500 === 0) {
        opts.onEvent?.({ type: "objects", snapshot: snapshot.id, objects, indexed: stats.versions });
      }
    };

    const objectDoc = async (entry: TreeEntry, files: TreeEntry[]): Promise<number> => {
      const id = entry.meta!.notion_id!;
      const type = entry.meta!.notion_type ?? "page";
      const hash = createHash("sha256").update(`${id}\0${type}`);
      for (const f of files) hash.update(`\0${f.name}\0${(f.content ?? []).join(",")}`);
      const key = shortId(hash.digest("hex"));
      const known = index.versions.get(key);
      if (known !== undefined) return known;
      const parsed: ObjectFiles = {};
      await Promise.all(
        files.map(async (f) => {
          const parts = await Promise.all((f.content ?? []).map(load));
          const bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
          parsed[OBJECT_FILES[f.name]!] = JSON.parse(Buffer.from(bytes).toString("utf8"));
        }),
      );
      const doc = index.addDoc(extractDoc(id, type, parsed));
      index.versions.set(key, doc);
      stats.versions++;
      return doc;
    };

    const visit = (treeId: string, entry: TreeEntry | undefined): Promise<void> => {
      const short = shortId(treeId);
      if (index.folders.has(short)) return Promise.resolve();
      let p = inflight.get(short);
      if (!p) {
        p = (async () => {
          const tree = decodeTree(await load(treeId));
          stats.trees++;
          const isObject = entry?.meta?.notion_id !== undefined;
          const dirs = tree.entries.filter((e) => e.type === "dir" && e.subtree && !LEAF_FOLDERS.has(e.name));
          const files = isObject
            ? tree.entries.filter((e) => e.type === "file" && e.name in OBJECT_FILES)
            : [];
          const [doc] = await Promise.all([
            isObject ? objectDoc(entry!, files) : Promise.resolve(-1),
            ...dirs.map((d) => visit(d.subtree!, d)),
          ]);
          if (isObject) report();
          index.folders.add(
            short,
            doc,
            dirs.map((d) => shortId(d.subtree!)),
          );
        })();
        inflight.set(short, p);
      }
      return p;
    };

    await visit(snapshot.manifest.tree, undefined);
    index.snapshots.set(snapshot.id, {
      id: snapshot.id,
      time: snapshot.manifest.time,
      root: shortId(snapshot.manifest.tree),
    });
    stats.snapshots++;
  }
  if (todo.length > 0) {
    opts.onEvent?.({ type: "snapshot", snapshot: todo.at(-1)!.id, done: todo.length, total: todo.length });
  }
  return stats;
}
