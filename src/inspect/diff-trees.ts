// Snapshot trees read for a diff: each tree blob loaded once, files read by their blob ids, reads counted.
import type { Repository } from "../store/repository.ts";
import { loadTree, splitPath, type TreeEntry } from "../store/tree.ts";

const utf8 = new TextDecoder();

/** A folder of a snapshot: its entry (with the subtree id) and, once asked for, its entries by name. */
export interface Folder {
  entry: TreeEntry;
  treeId: string;
}

/** Reads trees and small files of one store for a diff; shared by both sides so equal trees load once. */
export class TreeReader {
  private readonly trees = new Map<string, Promise<Map<string, TreeEntry>>>();
  /** Blobs loaded so far (trees and file contents), which is what a diff costs. */
  blobsRead = 0;

  constructor(
    private readonly repo: Repository,
    private readonly signal?: AbortSignal,
  ) {}

  /** The entries of a tree by name. */
  entries(treeId: string): Promise<Map<string, TreeEntry>> {
    let found = this.trees.get(treeId);
    if (!found) {
      this.blobsRead++;
      this.signal?.throwIfAborted();
      found = loadTree(this.repo, treeId).then((t) => new Map(t.entries.map((e) => [e.name, e])));
      this.trees.set(treeId, found);
    }
    return found;
  }

  /** The folder at `path` under the root tree, or undefined when there is none. */
  async folder(rootTree: string, path: string): Promise<Folder | undefined> {
    let treeId = rootTree;
    let entry: TreeEntry | undefined;
    for (const part of splitPath(path)) {
      entry = (await this.entries(treeId)).get(part);
      if (entry?.type !== "dir" || !entry.subtree) return undefined;
      treeId = entry.subtree;
    }
    return entry ? { entry, treeId } : undefined;
  }

  /** The file named `name` directly inside a folder, or undefined. */
  async file(folder: Folder, name: string): Promise<TreeEntry | undefined> {
    const e = (await this.entries(folder.treeId)).get(name);
    return e?.type === "file" ? e : undefined;
  }

  /** The names of the files inside a sub-folder of `folder` (empty when it has none). */
  async fileNames(folder: Folder, sub: string): Promise<string[]> {
    const dir = (await this.entries(folder.treeId)).get(sub);
    if (dir?.type !== "dir" || !dir.subtree) return [];
    return [...(await this.entries(dir.subtree)).values()]
      .filter((e) => e.type === "file")
      .map((e) => e.name);
  }

  /** A file's content parsed as JSON. */
  async json<T>(entry: TreeEntry): Promise<T> {
    const parts: Uint8Array[] = [];
    for (const id of entry.content ?? []) {
      this.blobsRead++;
      parts.push(await this.repo.loadBlob(id, this.signal));
    }
    return JSON.parse(utf8.decode(parts.length === 1 ? parts[0]! : Buffer.concat(parts))) as T;
  }
}

/** True when two file entries hold the same bytes (the same blob ids in the same order, or both absent). */
export function sameContent(a: TreeEntry | undefined, b: TreeEntry | undefined): boolean {
  const x = a?.content ?? [];
  const y = b?.content ?? [];
  return (a === undefined) === (b === undefined) && x.length === y.length && x.every((id, i) => id === y[i]);
}

/** The subtree id of a named sub-folder, for comparing folders without reading them. */
export async function subtreeOf(
  reader: TreeReader,
  folder: Folder,
  name: string,
): Promise<string | undefined> {
  const e = (await reader.entries(folder.treeId)).get(name);
  return e?.type === "dir" ? e.subtree : undefined;
}
