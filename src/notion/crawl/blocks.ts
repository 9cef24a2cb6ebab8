// Block trees: every child of every block, in order, listed 100 at a time; child pages and databases become crawl targets.
import type { BlockObjectResponse, PartialBlockObjectResponse } from "@notionhq/client";
import { isNotionApiError } from "../errors.ts";
import type { BlockNode } from "../model.ts";
import { type CrawlContext, paginate } from "./context.ts";

type AnyBlock = BlockObjectResponse | PartialBlockObjectResponse;

/** Told about each block as it is listed. */
export interface TreeVisitor {
  /** Every block of the tree (child_page and child_database blocks included). */
  onBlock(block: AnyBlock): void;
  /** A child page met anywhere in the tree: a new crawl target, not inline content. */
  onChildPage(id: string): void;
  /** A child database met anywhere in the tree: a new crawl target. */
  onChildDatabase(id: string): void;
}

/**
 * Synced blocks across one crawl: originals met in some tree, and for each original referenced,
 * one reference to read its content through when no crawled page holds the original.
 */
export class SyncedBlocks {
  private readonly originals = new Set<string>();
  private readonly references = new Map<string, string>();

  /** Notes a synced_block; answers the original's id when `block` is a reference. */
  note(block: AnyBlock): string | undefined {
    if (!("type" in block) || block.type !== "synced_block") return undefined;
    const from = block.synced_block.synced_from;
    if (!from) {
      this.originals.add(block.id);
      return undefined;
    }
    if (!this.references.has(from.block_id)) this.references.set(from.block_id, block.id);
    return from.block_id;
  }

  /** Originals referenced but never met, with the reference to read them through. */
  unreached(): Array<{ originalId: string; referenceId: string }> {
    return [...this.references]
      .filter(([original]) => !this.originals.has(original))
      .map(([originalId, referenceId]) => ({ originalId, referenceId }));
  }
}

/** Lists the children of `parentId` and, recursively, of every child that has children. */
export async function fetchTree(
  ctx: CrawlContext,
  parentId: string,
  visitor: TreeVisitor,
  synced: SyncedBlocks,
): Promise<BlockNode[]> {
  const blocks: AnyBlock[] = [];
  await paginate(
    (cursor) =>
      ctx.call("blocks.children.list", {
        block_id: parentId,
        page_size: 100,
        ...(cursor ? { start_cursor: cursor } : {}),
      }),
    (results) => {
      blocks.push(...results);
    },
  );
  // Siblings' subtrees are listed concurrently; the client's limiter keeps the request rate.
  return Promise.all(blocks.map((block) => nodeFor(ctx, block, visitor, synced)));
}

async function nodeFor(
  ctx: CrawlContext,
  block: AnyBlock,
  visitor: TreeVisitor,
  synced: SyncedBlocks,
): Promise<BlockNode> {
  visitor.onBlock(block);
  const node: BlockNode = { block, children: [] };
  if (!("type" in block)) return node;
  if (block.type === "child_page") {
    visitor.onChildPage(block.id);
    return node;
  }
  if (block.type === "child_database") {
    visitor.onChildDatabase(block.id);
    return node;
  }
  if (block.type === "unsupported") {
    const kind = block.unsupported.block_type ?? "unknown";
    ctx.report.unsupportedBlocks[kind] = (ctx.report.unsupportedBlocks[kind] ?? 0) + 1;
  }
  const original = synced.note(block);
  if (original) {
    // A reference lists its original's children; they are captured once, where the original lives.
    node.syncedOriginalId = original;
    return node;
  }
  if (!block.has_children) return node;
  try {
    node.children = await fetchTree(ctx, block.id, visitor, synced);
  } catch (err) {
    // Some kinds (unsupported ones especially) may refuse their children; keep the block as returned.
    if (!isNotionApiError(err, "validation_error") && !isNotionApiError(err, "object_not_found")) throw err;
    node.childrenError = err.message;
    ctx.warn({
      code: "children_unlisted",
      id: block.id,
      message: `children of block ${block.id}: ${err.message}`,
    });
  }
  return node;
}

/** Every block id of a tree, depth first. */
export function* blockIds(nodes: BlockNode[]): Generator<string> {
  for (const n of nodes) {
    yield n.block.id;
    yield* blockIds(n.children);
  }
}

/** The number of blocks in a tree. */
export function countBlocks(nodes: BlockNode[]): number {
  let n = 0;
  for (const node of nodes) n += 1 + countBlocks(node.children);
  return n;
}
