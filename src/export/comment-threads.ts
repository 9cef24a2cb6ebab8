// A page's open comments as discussions to render: page-level first, then inline ones in block order.
import type { CommentObjectResponse } from "@notionhq/client";
import type { BlockNode, FileOwner } from "../notion/model.ts";
import type { PageComments } from "../notion/snapshot-reader.ts";
import { blockBody, blockType } from "./block-tree.ts";
import { inlinePlain } from "./inline-runs.ts";
import type { RenderContext } from "./render-context.ts";

type Json = Record<string, any>;

/** The discussions hanging off one place: the page itself (no block) or one block. */
export interface CommentGroup {
  /** The block the discussions are anchored to, and the start of its text. */
  block?: { id: string; excerpt: string };
  /** Each discussion is its comments, oldest first; the first one opened it. */
  discussions: CommentObjectResponse[][];
}

function byDiscussion(comments: CommentObjectResponse[]): CommentObjectResponse[][] {
  const threads = new Map<string, CommentObjectResponse[]>();
  for (const c of comments) {
    const list = threads.get(c.discussion_id) ?? [];
    list.push(c);
    threads.set(c.discussion_id, list);
  }
  return [...threads.values()];
}

function blockIndex(nodes: BlockNode[], into = new Map<string, BlockNode>()): Map<string, BlockNode> {
  for (const n of nodes) {
    into.set((n.block as Json).id, n);
    blockIndex(n.children, into);
  }
  return into;
}

/** The groups of a page's comments, inline groups in the order their blocks appear. */
export function commentGroups(
  comments: PageComments | undefined,
  blocks: BlockNode[],
  ctx: RenderContext,
): CommentGroup[] {
  if (!comments) return [];
  const groups: CommentGroup[] = [];
  if (comments.page.length > 0) groups.push({ discussions: byDiscussion(comments.page) });
  const index = blockIndex(blocks);
  const position = new Map([...index.keys()].map((id, i) => [id, i]));
  const at = (id: string) => position.get(id) ?? position.size;
  const ids = Object.keys(comments.blocks).sort((a, b) => at(a) - at(b) || (a < b ? -1 : 1));
  for (const id of ids) {
    const list = comments.blocks[id] ?? [];
    if (list.length === 0) continue;
    const node = index.get(id);
    const text = (node ? inlinePlain(blockBody(node).rich_text, ctx) || blockType(node) : "a block")
      .replace(/\s+/g, " ")
      .trim();
    const excerpt = text.length > 60 ? `${text.slice(0, 60).trimEnd()}…` : text;
    groups.push({ block: { id, excerpt }, discussions: byDiscussion(list) });
  }
  return groups;
}

/** Who wrote a comment: the snapshot's user, else the name Notion showed. */
export function commentAuthor(c: CommentObjectResponse, ctx: RenderContext): string {
  const j = c as unknown as Json;
  return ctx.user(j.created_by?.id ?? "")?.name ?? j.display_name?.resolved_name ?? "Unknown";
}

/** A comment's attachments: name and the address of the downloaded copy (or the URL Notion gave). */
export function commentAttachments(
  c: CommentObjectResponse,
  ctx: RenderContext,
): Array<{ name: string; href?: string; image: boolean }> {
  const list = ((c as unknown as Json).attachments ?? []) as Json[];
  return list.map((a, i) => {
    const owner: FileOwner = { object: "comment", id: c.id, path: ["attachments", i] };
    const href = ctx.media(owner);
    const url = typeof a.file?.url === "string" ? a.file.url : "";
    const name = decodeURIComponent(url.split("?")[0]?.split("/").pop() ?? "") || `attachment ${i + 1}`;
    return { name, href, image: a.category === "image" };
  });
}
