// The workspace as a tree of titles (pages, databases, data sources, rows, templates), for `ls` and the UI.
import { shortId } from "../notion/layout.ts";
import type { WorkspaceSnapshot } from "../notion/snapshot-reader.ts";
import { findEntry, walkTree } from "../store/tree.ts";
import { typeName } from "./type-name.ts";

/** One object of the tree. */
export interface TreeNode {
  id: string;
  type: string;
  title: string;
  /** Its folder in the snapshot. */
  path: string;
  last_edited_time?: string;
  /** Bytes of its own files (JSON, media, comment files), children excluded; with `sizes` only. */
  size?: number;
  children: TreeNode[];
}

/** The tree under `rootId` (or the whole workspace); with `sizes`, one walk of the snapshot adds sizes. */
export async function workspaceTree(
  reader: WorkspaceSnapshot,
  opts: { rootId?: string; sizes?: boolean; signal?: AbortSignal } = {},
): Promise<TreeNode[]> {
  const seen = new Set<string>();
  const build = (ids: string[]): TreeNode[] =>
    ids
      .filter((id) => !seen.has(id) && seen.add(id))
      .map((id) => {
        const e = reader.entry(id)!;
        return {
          id,
          type: e.type,
          title: e.title,
          path: e.path,
          ...(e.last_edited_time ? { last_edited_time: e.last_edited_time } : {}),
          children: build(reader.childrenOf(id)),
        };
      });
  const roots = build(opts.rootId ? [opts.rootId] : reader.roots());
  if (opts.sizes) await addSizes(reader, roots, opts.rootId, opts.signal);
  return roots;
}

async function addSizes(
  reader: WorkspaceSnapshot,
  roots: TreeNode[],
  rootId: string | undefined,
  signal?: AbortSignal,
): Promise<void> {
  const byPath = new Map<string, TreeNode>();
  const index = (list: TreeNode[]) => {
    for (const n of list) {
      n.size = 0;
      byPath.set(n.path, n);
      index(n.children);
    }
  };
  index(roots);
  const base = rootId ? reader.entry(rootId)!.path : "";
  const found = await findEntry(reader.repo, reader.snapshot.manifest.tree, base);
  const treeId = found.entry ? found.entry.subtree : found.treeId;
  if (!treeId) return;
  for await (const w of walkTree(reader.repo, treeId, base)) {
    signal?.throwIfAborted();
    if (w.entry.type !== "file") continue;
    // The nearest folder that is an object owns the file (media/ and comment-files/ belong to it).
    let dir = w.path.slice(0, w.path.lastIndexOf("/"));
    while (dir !== "" && !byPath.has(dir)) dir = dir.includes("/") ? dir.slice(0, dir.lastIndexOf("/")) : "";
    const node = byPath.get(dir);
    if (node) node.size = (node.size ?? 0) + (w.entry.size ?? 0);
  }
}

/** The tree as indented text lines with box-drawing branches; `long` adds type, size and last edited. */
export function formatTree(roots: TreeNode[], long: boolean, bytes: (n: number) => string): string {
  const lines: string[] = [];
  const walk = (list: TreeNode[], prefix: string, top: boolean) => {
    list.forEach((n, i) => {
      const last = i === list.length - 1;
      const branch = top ? "" : last ? "└── " : "├── ";
      const title = (n.title.trim() === "" ? "Untitled" : n.title).replace(/[\p{Cc}]/gu, "�");
      const name = `${prefix}${branch}${title}${long ? "" : n.type === "page" ? "" : ` [${typeName(n.type)}]`}`;
      if (long) {
        const edited = (n.last_edited_time ?? "").slice(0, 16).replace("T", " ");
        lines.push(
          `${n.type.padEnd(11)} ${bytes(n.size ?? 0).padStart(10)}  ${edited.padEnd(16)}  ${shortId(n.id)}  ${name}`,
        );
      } else lines.push(name);
      walk(n.children, top ? "" : `${prefix}${last ? "    " : "│   "}`, false);
    });
  };
  walk(roots, "", true);
  return lines.join("\n");
}
