// Finds a synced-block original in a snapshot: through index.json's synced_originals, or by scanning every page for older snapshots.
import type { BlockNode } from "./model.ts";
import { SYNCED_BLOCKS_HOLDER } from "./snapshot-index.ts";
import type { WorkspaceSnapshot } from "./snapshot-reader.ts";
import { isSyncedOriginal } from "./synced-originals.ts";

/** A synced original's children, and the page holding it (absent when they come from synced-blocks/). */
export interface SyncedOriginal {
  pageId?: string;
  children: BlockNode[];
}

type Originals = Map<string, Required<SyncedOriginal>>;

// Snapshots without synced_originals are scanned once per opened snapshot, however many pages are rendered.
const scans = new WeakMap<WorkspaceSnapshot, Promise<Originals>>();

/** The originals in a block tree, by id, each with `pageId` as the page holding it. */
export function collectSyncedOriginals(
  nodes: BlockNode[],
  pageId: string,
  into: Originals = new Map(),
): Originals {
  for (const n of nodes) {
    if (isSyncedOriginal(n)) into.set(n.block.id, { pageId, children: n.children });
    collectSyncedOriginals(n.children, pageId, into);
  }
  return into;
}

/** Where a synced original is: one page's blocks.json (or synced-blocks/) read when the index maps it. */
export async function locateSyncedOriginal(
  reader: WorkspaceSnapshot,
  originalId: string,
  signal?: AbortSignal,
): Promise<SyncedOriginal | undefined> {
  const map = reader.index.synced_originals;
  if (map) {
    const at = map[originalId];
    if (!at) return undefined;
    if (at === SYNCED_BLOCKS_HOLDER) {
      const children = await reader.syncedContent(originalId, signal);
      return children ? { children } : undefined;
    }
    if (!reader.entry(at)) return undefined;
    return collectSyncedOriginals(await reader.blocks(at, signal), at).get(originalId);
  }
  const own = await reader.syncedContent(originalId, signal);
  if (own) return { children: own };
  return (await scan(reader, signal)).get(originalId);
}

function scan(reader: WorkspaceSnapshot, signal?: AbortSignal): Promise<Originals> {
  let found = scans.get(reader);
  if (!found) {
    found = (async () => {
      const originals: Originals = new Map();
      for (const id of reader.ids()) {
        const type = reader.entry(id)?.type;
        if (type === "page" || type === "row" || type === "template") {
          collectSyncedOriginals(await reader.blocks(id, signal), id, originals);
        }
      }
      return originals;
    })();
    scans.set(reader, found);
  }
  return found;
}
