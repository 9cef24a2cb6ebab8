// Which page holds each synced-block original, gathered at backup time so readers need not scan every page's blocks.
import type { Placement } from "../backup/source.ts";
import type { BlockNode } from "./model.ts";
import { SYNCED_BLOCKS_HOLDER } from "./snapshot-index.ts";

/** Whether a node is a synced-block original (not a reference to one). */
export function isSyncedOriginal(n: BlockNode): boolean {
  const block = n.block as Record<string, any>;
  return block.type === "synced_block" && !block.synced_block?.synced_from && !n.syncedOriginalId;
}

/** Synced-block original id -> the page holding it (or synced-blocks/), over one crawl. */
export class SyncedOriginals {
  private readonly holder = new Map<string, string>();

  /** Notes the originals in a page's block tree (fresh, or reused from an earlier snapshot). */
  notePage(pageId: string, nodes: BlockNode[]): void {
    for (const n of nodes) {
      if (isSyncedOriginal(n)) this.holder.set(n.block.id, pageId);
      this.notePage(pageId, n.children);
    }
  }

  /** Notes an original whose children were written to synced-blocks/ (a page holding it wins). */
  noteSyncedFile(originalId: string): void {
    if (!this.holder.has(originalId)) this.holder.set(originalId, SYNCED_BLOCKS_HOLDER);
  }

  /** index.json's `synced_originals`, sorted; only pages that were placed in the snapshot. */
  toJson(placement: Placement): Record<string, string> {
    const out: Record<string, string> = {};
    for (const id of [...this.holder.keys()].sort()) {
      const at = this.holder.get(id)!;
      if (at === SYNCED_BLOCKS_HOLDER || placement.pathOf(at)) out[id] = at;
    }
    return out;
  }
}
