// Blocks endpoints: retrieve, update, delete (to trash), children list and children append.
import { visibleOr404 } from "../access.ts";
import { draftBlocks, insertBlocks, mergeContent } from "../block-input.ts";
import { validationError } from "../errors.ts";
import { paginate } from "../pagination.ts";
import { pageTitle, plainText } from "../rich-text.ts";
import type { RequestContext, Route } from "../router.ts";
import { CREATABLE_BLOCKS, TEXT_BLOCKS, validateBlockPayload, validateContent } from "../validate/blocks.ts";
import { checkObject, checkPayloadSize } from "../validate/limits.ts";
import { type NotionObject, normalizeId, parentIdOf, type Workspace } from "../workspace.ts";
import { checkPathId } from "./path-id.ts";

/** Block types that may hold children through the API. */
const PARENT_TYPES = new Set<string>([
  ...TEXT_BLOCKS,
  "synced_block",
  "column_list",
  "column",
  "table",
  "child_page",
  "template",
]);

const ARCHIVED_MESSAGE = "Can't edit block that is archived. You must unarchive the block before editing.";

/** The block for an id: a stored block, or the child_page block of a (top-level) page. */
function blockFor(ctx: RequestContext, id: string): NotionObject {
  checkPathId(id, "block_id");
  const { ws } = ctx;
  if (!ws.blocks.has(id) && ws.pages.has(id)) {
    const page = visibleOr404(ctx, id, "page");
    return {
      object: "block",
      id,
      parent: page.parent,
      created_time: page.created_time,
      last_edited_time: page.last_edited_time,
      created_by: page.created_by,
      last_edited_by: page.last_edited_by,
      has_children: false,
      archived: page.in_trash === true,
      in_trash: page.in_trash === true,
      type: "child_page",
      child_page: { title: pageTitle(page) },
    };
  }
  return visibleOr404(ctx, id, "block");
}

/** The ids of a page's or block's children that are not in the trash (a synced copy lists its original's). */
export function liveChildren(ws: Workspace, id: string): string[] {
  const block = ws.blocks.get(id);
  const source = block?.type === "synced_block" && block.synced_block?.synced_from?.block_id;
  const ids = ws.children.get(source || id) ?? [];
  return ids.filter((c) => {
    const child = ws.blocks.get(c);
    return child && !isTrashed(ws, child);
  });
}

function isTrashed(ws: Workspace, block: NotionObject): boolean {
  if (block.in_trash === true) return true;
  if (block.type === "child_page") return ws.pages.get(block.id)?.in_trash === true;
  if (block.type === "child_database") return ws.databases.get(block.id)?.in_trash === true;
  return false;
}

/** A block in its response form: has_children computed, trash flags and child titles current. */
export function renderBlock(block: NotionObject, ws: Workspace): NotionObject {
  const trashed = isTrashed(ws, block);
  const out: NotionObject = { ...block, has_children: liveChildren(ws, block.id).length > 0 };
  out.archived = trashed;
  out.in_trash = trashed;
  const page = block.type === "child_page" ? ws.pages.get(block.id) : undefined;
  if (page) out.child_page = { title: pageTitle(page) };
  const db = block.type === "child_database" ? ws.databases.get(block.id) : undefined;
  if (db) out.child_database = { title: plainText(db.title) };
  return out;
}

/** The nearest page at or above an object (the page whose content it is). */
export function containingPage(ws: Workspace, id: string): NotionObject | undefined {
  const seen = new Set<string>();
  for (let cur: string | undefined = id; cur && !seen.has(cur); seen.add(cur), cur = ws.parentOf(cur)) {
    const page = ws.pages.get(cur);
    if (page) return page;
  }
  return undefined;
}

/**
 * Moves a block (and the page or database it stands for) into or out of the trash, bumping the
 * containing page's edit stamp.
 */
export function setTrashed(
  ctx: Pick<RequestContext, "ws" | "integration">,
  id: string,
  trashed: boolean,
): void {
  const { ws, integration } = ctx;
  for (const obj of [ws.blocks.get(id), ws.pages.get(id), ws.databases.get(id)]) {
    if (!obj) continue;
    obj.in_trash = trashed;
    obj.archived = trashed;
    ws.touch(obj, integration);
  }
  const parent = ws.blocks.get(id) ? parentIdOf(ws.blocks.get(id)!) : ws.parentOf(id);
  const page = parent ? containingPage(ws, parent) : undefined;
  if (page) ws.touch(page, integration);
}

function touchContent(ctx: RequestContext, id: string): void {
  const page = containingPage(ctx.ws, id);
  if (page) ctx.ws.touch(page, ctx.integration);
}

function retrieve(ctx: RequestContext): NotionObject {
  return renderBlock(blockFor(ctx, ctx.params.id!), ctx.ws);
}

function update(ctx: RequestContext): NotionObject {
  const id = ctx.params.id!;
  const block = blockFor(ctx, id);
  const { ws, body } = ctx;
  const trash = body.in_trash ?? body.archived;
  if (trash !== undefined && typeof trash !== "boolean") {
    throw validationError(
      `body failed validation: body.in_trash should be a boolean, instead was \`${JSON.stringify(trash)}\`.`,
    );
  }
  const typeKeys = Object.keys(body).filter((k) => CREATABLE_BLOCKS.includes(k) || k === block.type);
  for (const key of typeKeys) {
    if (key !== block.type) {
      throw validationError(
        `body failed validation: body.${key} should be not present, instead was \`${JSON.stringify(body[key])}\`.`,
      );
    }
  }
  if (typeKeys.length > 0) {
    if (isTrashed(ws, block) && trash !== false) throw validationError(ARCHIVED_MESSAGE);
    if (block.type === "synced_block") {
      throw validationError(
        "The content of a synced block cannot be updated; update the original's child blocks.",
      );
    }
    if (!ws.blocks.has(id) || !CREATABLE_BLOCKS.includes(block.type)) {
      throw validationError(`Block type ${block.type} cannot be updated through the blocks API.`);
    }
    const path = `body.${block.type}`;
    const content = checkObject(body[block.type], path);
    validateContent(block.type, content, path, true);
    block[block.type] = mergeContent(block.type, block[block.type] ?? {}, content, ctx, path);
    ws.touch(block, ctx.integration);
    touchContent(ctx, parentIdOf(block));
  }
  if (trash !== undefined) setTrashed(ctx, id, trash);
  return renderBlock(ws.blocks.get(id) ?? blockFor(ctx, id), ws);
}

function remove(ctx: RequestContext): NotionObject {
  const id = ctx.params.id!;
  blockFor(ctx, id);
  setTrashed(ctx, id, true);
  return renderBlock(ctx.ws.blocks.get(id) ?? blockFor(ctx, id), ctx.ws);
}

function listChildren(ctx: RequestContext): unknown {
  const id = ctx.params.id!;
  blockFor(ctx, id);
  const blocks = liveChildren(ctx.ws, id).map((c) => renderBlock(ctx.ws.blocks.get(c)!, ctx.ws));
  return paginate(blocks as Array<NotionObject & { id: string }>, {
    startCursor: ctx.query.get("start_cursor"),
    pageSize: ctx.query.get("page_size") ?? undefined,
    type: "block",
    where: "query",
  });
}

/** Where appended blocks go: `after` (deprecated), `position`, or the end. */
function insertIndex(ctx: RequestContext, siblings: string[]): number | undefined {
  const { after, position } = ctx.body;
  let afterId: unknown = after;
  if (position !== undefined) {
    const pos = checkObject(position, "body.position");
    if (pos.type === "start") return 0;
    if (pos.type === "end") return undefined;
    if (pos.type !== "after_block") {
      throw validationError(
        `body failed validation: body.position.type should be one of \`"after_block"\`, \`"start"\`, \`"end"\`, instead was \`${JSON.stringify(pos.type)}\`.`,
      );
    }
    afterId = pos.after_block?.id;
  }
  if (afterId === undefined || afterId === null) return undefined;
  const idx = siblings.indexOf(normalizeId(String(afterId)));
  if (typeof afterId !== "string" || idx < 0) {
    throw validationError(
      `Block ${String(afterId)} is not a child of block ${ctx.params.id}; \`after\` must name a child.`,
    );
  }
  return idx + 1;
}

function append(ctx: RequestContext): unknown {
  const id = ctx.params.id!;
  const { ws } = ctx;
  const target = blockFor(ctx, id);
  if (isTrashed(ws, target)) throw validationError(ARCHIVED_MESSAGE);
  if (!PARENT_TYPES.has(target.type))
    throw validationError(`Block type ${target.type} does not support children.`);
  if (target.type === "synced_block" && target.synced_block?.synced_from) {
    throw validationError("A synced block copy cannot take children; append to the original synced block.");
  }
  checkPayloadSize(ctx.rawBody);
  validateBlockPayload(ctx.body.children, "body.children", target.type, target.table?.table_width);
  const siblings = ws.childList(id);
  const index = insertIndex(ctx, siblings);
  const drafts = draftBlocks(ctx.body.children, ctx);
  const created = insertBlocks(drafts, id, ctx, index);
  touchContent(ctx, id);
  const ids = created.map((b) => b.id);
  // With a position, Notion answers the new blocks followed by every later sibling.
  if (index !== undefined) {
    const end = siblings.indexOf(ids[ids.length - 1] ?? "") + 1;
    for (const later of siblings.slice(end)) {
      const b = ws.blocks.get(later);
      if (b && !isTrashed(ws, b)) ids.push(later);
    }
  }
  return {
    object: "list",
    results: ids.map((b) => renderBlock(ws.blocks.get(b)!, ws)),
    next_cursor: null,
    has_more: false,
    type: "block",
    block: {},
  };
}

/** The routes of this endpoint group. */
export const routes: Route[] = [
  { method: "GET", path: "/v1/blocks/:id/children", name: "blocks.children.list", handler: listChildren },
  { method: "PATCH", path: "/v1/blocks/:id/children", name: "blocks.children.append", handler: append },
  { method: "GET", path: "/v1/blocks/:id", name: "blocks.retrieve", handler: retrieve },
  { method: "PATCH", path: "/v1/blocks/:id", name: "blocks.update", handler: update },
  { method: "DELETE", path: "/v1/blocks/:id", name: "blocks.delete", handler: remove },
];
