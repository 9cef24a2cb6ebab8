// Derives a history for the search benchmark: snapshots of a mostly unchanged workspace, each retitling a few pages.
import type { Repository } from "../src/store/repository.ts";
import { type Snapshot, saveSnapshot } from "../src/store/snapshot.ts";
import { decodeTree, saveTree, type TreeEntry } from "../src/store/tree.ts";

/** page.json folders of a snapshot, as paths of entry names from the root. */
export async function pageFolders(repo: Repository, root: string): Promise<string[][]> {
  const out: string[][] = [];
  const walk = async (treeId: string, path: string[]): Promise<void> => {
    const tree = decodeTree(await repo.loadBlob(treeId));
    if (tree.entries.some((e) => e.name === "page.json") && path.length > 0) out.push(path);
    for (const e of tree.entries) {
      if (e.type === "dir" && e.subtree && !["media", "comment-files", "synced-blocks"].includes(e.name)) {
        await walk(e.subtree, [...path, e.name]);
      }
    }
  };
  await walk(root, []);
  return out;
}

type Edit = (pageJson: Record<string, unknown>) => void;

/** Rewrites page.json of the folders under `treeId` named in `edits` (paths relative to it); returns the new tree id. */
async function rewrite(repo: Repository, treeId: string, edits: Map<string, Edit>): Promise<string> {
  const tree = decodeTree(await repo.loadBlob(treeId));
  const byChild = new Map<string, Map<string, Edit>>();
  for (const [path, edit] of edits) {
    const [head, ...rest] = path.split("/");
    const sub = byChild.get(head!) ?? new Map<string, Edit>();
    sub.set(rest.join("/"), edit);
    byChild.set(head!, sub);
  }
  const entries: TreeEntry[] = [];
  for (const e of tree.entries) {
    const sub = byChild.get(e.name);
    if (e.name === "page.json" && edits.has("")) {
      const doc = JSON.parse(Buffer.from(await repo.loadBlob(e.content![0]!)).toString()) as Record<
        string,
        unknown
      >;
      edits.get("")!(doc);
      const bytes = Buffer.from(JSON.stringify(doc, null, 2));
      const { id } = await repo.saveBlob("data", bytes);
      entries.push({ ...e, content: [id], size: bytes.length });
    } else if (sub && e.type === "dir" && e.subtree) {
      entries.push({ ...e, subtree: await rewrite(repo, e.subtree, sub) });
    } else entries.push(e);
  }
  return (await saveTree(repo, { entries })).id;
}

/** Appends " revN" to the title of a page.json. */
function retitle(n: number): Edit {
  return (doc) => {
    const props = doc.properties as Record<string, { type: string; title?: Array<Record<string, unknown>> }>;
    const title = Object.values(props).find((p) => p.type === "title");
    const first = title?.title?.[0] as { plain_text: string; text?: { content: string } } | undefined;
    if (!first) return;
    first.plain_text += ` rev${n}`;
    if (first.text) first.text.content += ` rev${n}`;
  };
}

/** Adds `count` snapshots after `base`, each an hour later, each retitling `perSnapshot` pages of the previous one. */
export async function deriveHistory(
  repo: Repository,
  base: Snapshot,
  count: number,
  perSnapshot: number,
  log: (line: string) => void,
): Promise<Snapshot[]> {
  const folders = await pageFolders(repo, base.manifest.tree);
  const out: Snapshot[] = [];
  let prev = base;
  for (let k = 1; k <= count; k++) {
    const edits = new Map<string, Edit>();
    for (let i = 0; i < perSnapshot; i++) {
      // Spread the edited pages over the workspace; they differ from one snapshot to the next.
      const folder = folders[(k * 7919 + i * 104729) % folders.length]!;
      edits.set(folder.join("/"), retitle(k));
    }
    const tree = await rewrite(repo, prev.manifest.tree, edits);
    await repo.flush();
    const time = new Date(Date.parse(prev.manifest.time) + 3600_000).toISOString();
    prev = await saveSnapshot(repo, { ...prev.manifest, time, tree, parent: prev.id });
    out.push(prev);
    if (k % 10 === 0) log(`  derived ${k}/${count} snapshots`);
  }
  return out;
}
