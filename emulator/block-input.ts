// Request block -> stored block: builds the whole tree first (so a bad request creates nothing), then inserts it.
import { validationError } from "./errors.ts";
import { resolveFileInput } from "./files.ts";
import { normalizeRichText } from "./rich-text.ts";
import type { RequestContext } from "./router.ts";
import { blockChildren, blockType, MEDIA_BLOCKS, TEXT_BLOCKS } from "./validate/blocks.ts";
import { bodyError, checkLength, checkObject, LIMITS, quote } from "./validate/limits.ts";
import { type NotionObject, normalizeId } from "./workspace.ts";

/** What building blocks needs from a request. */
export type BlockInputContext = Pick<RequestContext, "ws" | "integration" | "baseUrl">;

/** A block built from a request but not inserted yet, with its children. */
export interface BlockDraft {
  type: string;
  content: NotionObject;
  children: BlockDraft[];
}

const FILE_KEYS = ["type", "external", "file_upload", "file"];

/** Builds drafts for a validated `children` array: normalized rich text, resolved files and icons. */
export function draftBlocks(
  children: unknown[],
  ctx: BlockInputContext,
  path = "body.children",
): BlockDraft[] {
  return children.map((raw, i) => {
    const block = raw as NotionObject;
    const type = blockType(block)!;
    const p = `${path}[${i}]`;
    const { children: _c, ...content } = block[type] ?? {};
    const nested = blockChildren(block, type);
    const children = Array.isArray(nested) ? draftBlocks(nested, ctx, `${p}.${type}.children`) : [];
    const built = buildContent(type, content, ctx, `${p}.${type}`);
    // A heading given children becomes a toggle heading, as Notion answers.
    if (type.startsWith("heading_") && children.length > 0) built.is_toggleable = true;
    return { type, content: built, children };
  });
}

/**
 * Inserts drafts under a page or block at `index` of its children (the end when omitted), stamped
 * as created now by the integration's bot. Returns the stored first-level blocks.
 */
export function insertBlocks(
  drafts: BlockDraft[],
  parentId: string,
  ctx: BlockInputContext,
  index?: number,
): NotionObject[] {
  const { ws } = ctx;
  const parent = ws.pages.has(parentId)
    ? { type: "page_id", page_id: parentId }
    : { type: "block_id", block_id: parentId };
  const now = ws.timestamp();
  const user = { object: "user", id: ctx.integration.botId };
  const created = drafts.map((d) => {
    const block: NotionObject = {
      object: "block",
      id: ws.newId(),
      parent: { ...parent },
      created_time: now,
      last_edited_time: now,
      created_by: { ...user },
      last_edited_by: { ...user },
      has_children: d.children.length > 0,
      archived: false,
      in_trash: false,
      type: d.type,
      [d.type]: d.content,
    };
    ws.blocks.set(block.id, block);
    if (d.children.length > 0) insertBlocks(d.children, block.id, ctx);
    return block;
  });
  const list = ws.childList(parentId);
  list.splice(index ?? list.length, 0, ...created.map((b) => b.id));
  return created;
}

/** The stored content of one block type from its request content (creation). */
export function buildContent(
  type: string,
  content: NotionObject,
  ctx: BlockInputContext,
  path: string,
): NotionObject {
  const { ws } = ctx;
  if ((TEXT_BLOCKS as readonly string[]).includes(type)) {
    const out: NotionObject = { rich_text: normalizeRichText(content.rich_text, ws, `${path}.rich_text`) };
    if (type === "to_do") out.checked = content.checked === true;
    if (type === "callout")
      out.icon = content.icon ? resolveIcon(content.icon, ctx, `${path}.icon`) : defaultIcon();
    // Paragraphs carry an optional icon since 2026 (answered as null when none was set).
    if (type === "paragraph") out.icon = content.icon ? resolveIcon(content.icon, ctx, `${path}.icon`) : null;
    out.color = content.color ?? "default";
    if (type.startsWith("heading_")) out.is_toggleable = content.is_toggleable === true;
    if (type === "numbered_list_item") {
      if (content.list_start_index !== undefined) out.list_start_index = content.list_start_index;
      if (content.list_format !== undefined) out.list_format = content.list_format;
    }
    return out;
  }
  if ((MEDIA_BLOCKS as readonly string[]).includes(type)) return buildMedia(type, content, ctx, path);
  switch (type) {
    case "code":
      return {
        caption: normalizeRichText(content.caption ?? [], ws, `${path}.caption`),
        rich_text: normalizeRichText(content.rich_text, ws, `${path}.rich_text`),
        language: content.language,
      };
    case "bookmark":
    case "embed":
      return { caption: normalizeRichText(content.caption ?? [], ws, `${path}.caption`), url: content.url };
    case "equation":
      return { expression: content.expression };
    case "table_of_contents":
      return { color: content.color ?? "default" };
    case "link_to_page":
      return linkTarget(content, ctx, path);
    case "synced_block":
      return { synced_from: syncedFrom(content, ctx, path) };
    case "column":
      return content.width_ratio !== undefined ? { width_ratio: content.width_ratio } : {};
    case "table":
      return {
        table_width: content.table_width,
        has_column_header: content.has_column_header === true,
        has_row_header: content.has_row_header === true,
      };
    case "table_row":
      return {
        cells: (content.cells as unknown[]).map((c, i) => normalizeRichText(c, ws, `${path}.cells[${i}]`)),
      };
    default:
      return {};
  }
}

/**
 * Merges an update's content into stored content, key by key, as Notion does (`{to_do:{checked:true}}`
 * keeps the text). Returns the new content; the stored one is not mutated.
 */
export function mergeContent(
  type: string,
  stored: NotionObject,
  update: NotionObject,
  ctx: BlockInputContext,
  path: string,
): NotionObject {
  const out: NotionObject = { ...stored };
  const { ws } = ctx;
  if ((MEDIA_BLOCKS as readonly string[]).includes(type) && FILE_KEYS.some((k) => update[k] !== undefined)) {
    const media = buildMedia(type, { caption: [], ...update }, ctx, path);
    for (const k of ["external", "file", "name"]) delete out[k];
    Object.assign(out, { type: media.type, [media.type]: media[media.type] });
    if (type === "file") out.name = media.name;
  }
  for (const [key, value] of Object.entries(update)) {
    if (FILE_KEYS.includes(key) || key === "children") continue;
    if (key === "rich_text" || key === "caption") out[key] = normalizeRichText(value, ws, `${path}.${key}`);
    else if (key === "icon") out.icon = value === null ? null : resolveIcon(value, ctx, `${path}.icon`);
    else if (key === "cells")
      out.cells = (value as unknown[]).map((c, i) => normalizeRichText(c, ws, `${path}.cells[${i}]`));
    else if (key === "table_width" && value !== stored.table_width) {
      throw validationError("The table width of a table block cannot be changed after it is created.");
    } else if (key === "page_id" || key === "database_id") Object.assign(out, linkTarget(update, ctx, path));
    else out[key] = value;
  }
  return out;
}

function buildMedia(type: string, content: NotionObject, ctx: BlockInputContext, path: string): NotionObject {
  const { caption, name, ...source } = content;
  const file = resolveFileInput(source, ctx, path);
  const out: NotionObject = {
    caption: normalizeRichText(caption ?? [], ctx.ws, `${path}.caption`),
    type: file.type,
    [file.type]: file[file.type],
  };
  if (type === "file") {
    const stored = file.type === "file" ? ctx.ws.files.get(file.file.file_id) : undefined;
    const fromUrl =
      file.type === "external"
        ? decodeURIComponent(String(file.external.url).split(/[?#]/)[0]!.split("/").pop() ?? "")
        : "";
    out.name = typeof name === "string" ? name : (stored?.name ?? fromUrl);
  }
  return out;
}

/** The stored form of a page or callout icon: emoji, external, file_upload, custom_emoji or Notion icon. */
export function resolveIcon(raw: unknown, ctx: BlockInputContext, path: string): NotionObject {
  const icon = checkObject(raw, path);
  const type =
    icon.type ?? ["emoji", "external", "file_upload", "custom_emoji", "icon", "file"].find((k) => icon[k]);
  if (type === "emoji") {
    if (typeof icon.emoji !== "string")
      throw bodyError(`${path}.emoji should be a string, instead was \`${quote(icon.emoji)}\`.`);
    return { type: "emoji", emoji: icon.emoji };
  }
  if (type === "custom_emoji") {
    const e = checkObject(icon.custom_emoji, `${path}.custom_emoji`);
    return { type, custom_emoji: { id: normalizeId(String(e.id)), name: e.name ?? "", url: e.url ?? "" } };
  }
  if (type === "icon") return { type, icon: { name: icon.icon?.name, color: icon.icon?.color ?? "gray" } };
  if (type === "external") checkLength(icon.external?.url, LIMITS.url, `${path}.external.url`);
  const file = resolveFileInput(icon, ctx, path);
  return { type: file.type, [file.type]: file[file.type] };
}

function defaultIcon(): NotionObject {
  return { type: "emoji", emoji: "💡" };
}

function linkTarget(content: NotionObject, ctx: BlockInputContext, path: string): NotionObject {
  for (const key of ["page_id", "database_id", "comment_id"]) {
    if (typeof content[key] !== "string") continue;
    const id = normalizeId(content[key]);
    if (key !== "comment_id" && !(ctx.ws.find(id) && ctx.ws.isVisible(id, ctx.integration))) {
      throw validationError(`${path}.${key}: could not find ${key.replace("_id", "")} with ID: ${id}.`);
    }
    return { type: key, [key]: id };
  }
  throw bodyError(`${path}.page_id should be defined, instead was \`undefined\`.`);
}

function syncedFrom(content: NotionObject, ctx: BlockInputContext, path: string): NotionObject | null {
  if (!content.synced_from) return null;
  const id = normalizeId(String(content.synced_from.block_id));
  const original = ctx.ws.blocks.get(id);
  const visible = original && ctx.ws.isVisible(id, ctx.integration);
  if (!visible || original?.type !== "synced_block" || original.synced_block?.synced_from) {
    throw validationError(
      `${path}.synced_from.block_id: could not find an original synced block with ID: ${id}.`,
    );
  }
  return { type: "block_id", block_id: id };
}
