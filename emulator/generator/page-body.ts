// The content of one page: a realistic mix of blocks, with its child pages and databases placed among them.
import type { NotionObject } from "../workspace.ts";
import { BLOCK_KINDS, type BlockKind, type BlockParent, makeBlock, writeBlock } from "./blocks.ts";
import type { GenContext } from "./context.ts";

/** A child page or child database that must appear as a block in its parent's content. */
export interface StructuralChild {
  type: "child_page" | "child_database";
  id: string;
  title: string;
  /** The page's or database's own stamps, shared by its block. */
  stamps: NotionObject;
}

// How often each kind shows up once every kind has appeared once.
// biome-ignore format: a table reads better packed
const WEIGHTS: Array<[BlockKind, number]> = [
  ["paragraph", 30], ["bulleted_list_item", 8], ["numbered_list_item", 5], ["to_do", 6], ["heading_1", 2],
  ["heading_2", 5], ["heading_3", 4], ["heading_4", 1], ["toggle_heading_2", 1], ["toggle_heading_3", 1],
  ["toggle", 3], ["quote", 2], ["callout_emoji", 2], ["callout_icon", 1], ["code", 3], ["equation", 1],
  ["divider", 3], ["table", 1], ["column_list", 1], ["image_hosted", 1.5], ["image_external", 1],
  ["bookmark", 1], ["embed", 0.5], ["synced_original", 0.4], ["synced_reference", 0.6],
  ["link_to_page_page", 0.7], ["link_to_page_database", 0.3], ["file_hosted", 0.4], ["pdf_hosted", 0.3],
  ["video_external", 0.3], ["audio_hosted", 0.2], ["breadcrumb", 0.2], ["table_of_contents", 0.3],
  ["link_preview", 0.3], ["unsupported", 0.3],
];
const TOTAL = WEIGHTS.reduce((sum, [, w]) => sum + w, 0);

function nextKind(ctx: GenContext): BlockKind {
  // the first blocks of a workspace walk through every kind once, so small workspaces cover them all
  const n = ctx.blockCounter++;
  const first = BLOCK_KINDS[n];
  if (first) return first;
  let x = ctx.rng.next() * TOTAL;
  for (const [kind, w] of WEIGHTS) {
    x -= w;
    if (x < 0) return kind;
  }
  return "paragraph";
}

/**
 * Writes about `size` top-level blocks under the page, with the structural children interleaved in
 * their given order, and returns the top-level blocks that carry rich text (anchors for inline comments).
 */
export function writePageBody(
  ctx: GenContext,
  pageId: string,
  size: number,
  structural: StructuralChild[] = [],
): NotionObject[] {
  const parent: BlockParent = { type: "page_id", id: pageId };
  // where each structural child goes: a sorted list of content positions
  const slots = structural.map(() => ctx.rng.int(size + 1)).sort((a, b) => a - b);
  const anchors: NotionObject[] = [];
  let s = 0;
  for (let i = 0; i <= size; i++) {
    while (s < structural.length && slots[s] === i) {
      const child = structural[s++]!;
      makeBlock(ctx, parent, child.type, { title: child.title }, { id: child.id, stamps: child.stamps });
    }
    if (i === size) break;
    const block = writeBlock(ctx, parent, nextKind(ctx));
    if (block[block.type]?.rich_text) anchors.push(block);
  }
  return anchors;
}

/** A short body for a database row: a few paragraphs and to-dos. */
export function writeRowBody(ctx: GenContext, pageId: string): void {
  const parent: BlockParent = { type: "page_id", id: pageId };
  for (let i = ctx.rng.range(1, 3); i > 0; i--) {
    writeBlock(ctx, parent, ctx.rng.pick<BlockKind>(["paragraph", "to_do", "bulleted_list_item"]));
  }
}
