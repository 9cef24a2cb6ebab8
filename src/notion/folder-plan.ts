// Snapshot folders of a crawl: each declared once, blocks resolved to their page, and aliases for blocks named before their page was read.
import type { SourceItem } from "../backup/source.ts";
import type { BlockNode } from "./model.ts";

type Json = Record<string, any>;

/** Declares folders and resolves block ids to the page folder holding them. */
export class FolderPlan {
  private readonly blockPage = new Map<string, string>();
  /** Block ids referenced (as a parent, or as a file's owner) before the page holding them was read. */
  private readonly pendingBlocks = new Map<string, string[]>();
  private readonly declared = new Set<string>();
  /** Items made while answering a question (a media folder, an alias), to be yielded by the caller. */
  private readonly outbox: SourceItem[] = [];

  constructor(private readonly onBlockPlaced?: (blockId: string, pageId: string) => void) {}

  /** Notes which page holds these blocks; aliases waiting for one of them now name that page. */
  noteBlocks(pageId: string, nodes: BlockNode[]): void {
    for (const n of nodes) {
      // Only blocks that may hold a page or own a file are asked about later; keeping every
      // block id would grow with the workspace (190,000 blocks for 10,000 pages).
      if (mayBeAskedAbout(n.block)) this.blockPage.set(n.block.id, pageId);
      this.onBlockPlaced?.(n.block.id, pageId);
      for (const alias of this.pendingBlocks.get(n.block.id) ?? []) {
        this.outbox.push({
          kind: "alias",
          id: alias,
          of: alias.startsWith("media:") ? this.mediaDir(pageId) : pageId,
        });
      }
      this.pendingBlocks.delete(n.block.id);
      this.noteBlocks(pageId, n.children);
    }
  }

  /** The items made since the last call (folders and aliases declared on the way). */
  drain(): SourceItem[] {
    return this.outbox.splice(0);
  }

  /** The page holding a block, if that page was read. */
  pageOfBlock(blockId: string): string | undefined {
    return this.blockPage.get(blockId);
  }

  /** Waits for the page holding `blockId`: `alias` then names that page's folder (or its media). */
  pending(blockId: string, alias: string): void {
    const list = this.pendingBlocks.get(blockId) ?? [];
    if (!list.includes(alias)) list.push(alias);
    this.pendingBlocks.set(blockId, list);
  }

  /** The media folder of an object, declared on first use (through the outbox). */
  mediaDir(owner: string): string {
    const id = `media:${owner}`;
    if (!this.declared.has(id)) {
      this.declared.add(id);
      this.outbox.push({ kind: "dir", id, parent: owner, name: "media" });
    }
    return id;
  }

  /** A folder, declared the first time it is named. */
  *dir(id: string, parent: string | null, name: string, mtime?: string, type?: string): Iterable<SourceItem> {
    if (this.declared.has(id)) return;
    this.declared.add(id);
    yield {
      kind: "dir",
      id,
      parent,
      name,
      ...(mtime ? { mtime } : {}),
      ...(type ? { meta: { notion_id: id, notion_type: type } } : {}),
    };
  }

  /** The folder id an object's `parent` names; blocks resolve to their page once it is read. */
  parentNode(parent: Json | undefined): string | null {
    switch (parent?.type) {
      case "page_id":
        return parent.page_id;
      case "database_id":
        return parent.database_id;
      case "data_source_id":
        return parent.data_source_id;
      case "block_id": {
        const page = this.blockPage.get(parent.block_id);
        if (page) return page;
        const alias = `block:${parent.block_id}`;
        this.pending(parent.block_id, alias);
        return alias;
      }
      default:
        return null;
    }
  }
}

/** Block types that own files (media blocks, and callouts through their icon). */
const FILE_BLOCKS = new Set(["image", "video", "file", "pdf", "audio", "callout"]);

/** Whether a block may be named later as a page's parent (it has children) or a file's owner. */
function mayBeAskedAbout(block: BlockNode["block"]): boolean {
  if (!("type" in block)) return true;
  return block.has_children || FILE_BLOCKS.has(block.type);
}
