// Before a byte-identical restore: every path it would write, so a taken one fails the restore before it starts.
import { StoreError } from "../store/errors.ts";
import type { Repository } from "../store/repository.ts";
import type { Snapshot } from "../store/snapshot.ts";
import { findEntry, splitPath, walkTree } from "../store/tree.ts";
import { type PlannedPath, SafeFolder } from "./folder-writer.ts";

/** The paths (relative to the target) a restore of `path` writes: the snapshot's contents, or `<last part>/...`. */
export async function restorePaths(
  repo: Repository,
  snapshot: Snapshot,
  path: string,
): Promise<PlannedPath[]> {
  const found = await findEntry(repo, snapshot.manifest.tree, path);
  const out: PlannedPath[] = [];
  const kind = (t: string) => (t === "dir" ? ("dir" as const) : ("file" as const));
  let treeId = found.treeId;
  let prefix = "";
  if (found.entry) {
    const name = splitPath(path).at(-1)!;
    out.push({ path: name, kind: kind(found.entry.type) });
    if (found.entry.type !== "dir") return out;
    treeId = found.entry.subtree;
    prefix = name;
  }
  if (!treeId) throw new StoreError("not_found", `no such path ${JSON.stringify(path)}`);
  for await (const w of walkTree(repo, treeId, prefix)) out.push({ path: w.path, kind: kind(w.entry.type) });
  return out;
}

/** Fails with a ClashError (exit code 2) naming the first path of the restore that already exists in `target`. */
export async function checkRestoreTarget(
  repo: Repository,
  snapshot: Snapshot,
  path: string,
  target: string,
): Promise<void> {
  const folder = await SafeFolder.open(target, false);
  await folder.check(await restorePaths(repo, snapshot, path));
}
