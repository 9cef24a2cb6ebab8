// A stored block (as the API returned it) -> the request block that recreates it, with ids remapped and files re-attached.
import type { BlockNode } from "../model.ts";
import type { IdMap } from "./id-map.ts";
import { MAX_RICH_TEXT_ITEMS as MAX_ITEMS, splitRichText } from "./rich-text-split.ts";

/** A request block: `{type, [type]: content}` (children go inside the content when sent). */
export type BlockPayload = { type: string } & Record<string, unknown>;

/** What converting a block needs from the restore. */
export interface PayloadContext {
  idMap: IdMap;
  /** Old ids of every object the restore will create (pages, databases, blocks): references to others stay as they are. */
  inSet: (oldId: string) => boolean;
  /** The file_upload id that replaces a Notion-hosted file of this block (uploaded beforehand), if any. */
  uploadFor?: (blockId: string, where: string) => string | undefined;
  /** Told of each reference to an object outside the restored set (kept as it was). */
  onOutsideLink?: (oldId: string, fromBlockId: string) => void;
  /** Told when part of an object's content cannot be written (e.g. rich text past 100 items). */
  onLoss?: (id: string, reason: string) => void;
}

/** The result of converting one block. */
export interface PayloadResult {
  /** The request block; undefined when the block is not created as a block (see `structural`, `dropped`). */
  payload?: BlockPayload;
  /** The children to create under it (empty for synced references: their content is the original's). */
  children: BlockNode[];
  /** Why the block cannot be created through the API (it goes into the report). */
  dropped?: string;
  /** A child page or database: created with pages.create / databases.create at this position. */
  structural?: "child_page" | "child_database";
  /** Old ids it references inside the restored set that have no new id yet (forward references). */
  forward?: string[];
}

/** Block types that only appear in responses, with the reason they cannot be recreated. */
export const UNCREATABLE: Readonly<Record<string, string>> = {
  link_preview: "link_preview blocks are read-only in the API",
  unsupported: "the API cannot represent this block (unsupported)",
  meeting_notes: "meeting notes cannot be created through the API",
  transcription: "meeting notes cannot be created through the API",
  template: "template blocks can no longer be created through the API",
  tab: "tab blocks cannot be created through the API",
};

const TEXT_BLOCKS = new Set([
  "paragraph",
  "heading_1",
  "heading_2",
  "heading_3",
  "heading_4",
  "bulleted_list_item",
  "numbered_list_item",
  "quote",
  "to_do",
  "toggle",
  "callout",
]);
const MEDIA_BLOCKS = new Set(["image", "video", "pdf", "file", "audio"]);

type Json = Record<string, any>;

/** Converts a stored block into its create payload (children are returned beside it, not inside). */
export function blockToPayload(node: BlockNode, ctx: PayloadContext): PayloadResult {
  const block = node.block as Json;
  const type: string = block.type;
  if (type === "child_page" || type === "child_database") return { children: [], structural: type };
  if (UNCREATABLE[type] || !type) {
    const inner = type === "unsupported" ? block.unsupported?.block_type : undefined;
    return { children: [], dropped: `${UNCREATABLE[type] ?? "untyped block"}${inner ? ` (${inner})` : ""}` };
  }
  const forward: string[] = [];
  const refs = new ReferenceMapper(ctx, block.id as string, forward);
  const c: Json = block[type] ?? {};
  let content: Json;
  let children = node.children;
  if (TEXT_BLOCKS.has(type)) {
    content = { rich_text: refs.richText(c.rich_text), color: c.color ?? "default" };
    if (type === "to_do") content.checked = c.checked === true;
    if (type.startsWith("heading_")) content.is_toggleable = c.is_toggleable === true;
    if ((type === "callout" || type === "paragraph") && c.icon) {
      const icon = refs.icon(c.icon, `${type}.icon`);
      if (icon) content.icon = icon;
    }
    if (type === "numbered_list_item") {
      if (c.list_start_index !== undefined) content.list_start_index = c.list_start_index;
      if (c.list_format !== undefined) content.list_format = c.list_format;
    }
  } else if (MEDIA_BLOCKS.has(type)) {
    const file = refs.file(c, type);
    if (!file)
      return {
        children: [],
        dropped: `hosted ${type} whose file is not in the snapshot or over the upload limit`,
      };
    content = { ...file, caption: refs.richText(c.caption ?? []) };
    if (type === "file" && typeof c.name === "string") content.name = c.name;
  } else {
    switch (type) {
      case "code":
        content = {
          rich_text: refs.richText(c.rich_text),
          language: c.language ?? "plain text",
          caption: refs.richText(c.caption ?? []),
        };
        break;
      case "equation":
        content = { expression: String(c.expression ?? "") };
        break;
      case "bookmark":
      case "embed":
        content = { url: String(c.url ?? ""), caption: refs.richText(c.caption ?? []) };
        break;
      case "divider":
      case "breadcrumb":
        content = {};
        break;
      case "table_of_contents":
        content = { color: c.color ?? "default" };
        break;
      case "link_to_page": {
        const kind =
          c.type === "database_id" ? "database_id" : c.type === "comment_id" ? "comment_id" : "page_id";
        content = { type: kind, [kind]: refs.id(String(c[kind])) };
        break;
      }
      case "synced_block":
        if (c.synced_from?.block_id) {
          content = { synced_from: { type: "block_id", block_id: refs.id(String(c.synced_from.block_id)) } };
          children = [];
        } else content = { synced_from: null };
        break;
      case "column_list":
        content = {};
        break;
      case "column":
        content = c.width_ratio !== undefined ? { width_ratio: c.width_ratio } : {};
        break;
      case "table":
        content = {
          table_width: c.table_width,
          has_column_header: c.has_column_header === true,
          has_row_header: c.has_row_header === true,
        };
        break;
      case "table_row":
        content = { cells: ((c.cells ?? []) as unknown[][]).map((cell) => refs.richText(cell)) };
        break;
      default:
        return { children: [], dropped: `block type ${type} is not known to the restore` };
    }
  }
  const result: PayloadResult = { payload: { type, [type]: content } as BlockPayload, children };
  if (forward.length > 0) result.forward = forward;
  return result;
}

/** Remaps the ids an object's content holds (forward references collected) and turns response shapes into request shapes. */
export class ReferenceMapper {
  constructor(
    private readonly ctx: PayloadContext,
    private readonly blockId: string,
    private readonly forward: string[],
  ) {}

  /** The new id of a referenced object; the old one for outside links and forward references. */
  id(oldId: string): string {
    const mapped = this.ctx.idMap.get(oldId);
    if (mapped) return mapped;
    if (this.ctx.inSet(oldId)) this.forward.push(oldId);
    else this.ctx.onOutsideLink?.(oldId, this.blockId);
    return oldId;
  }

  richText(items: unknown): Json[] {
    if (!Array.isArray(items)) return [];
    const split = splitRichText(items as Json[]);
    if (split.length > MAX_ITEMS) {
      // One request array holds 100 items at most; the rest of the text cannot be written.
      this.ctx.onLoss?.(this.blockId, `rich text of ${split.length} items cut to ${MAX_ITEMS}`);
    }
    return split.slice(0, MAX_ITEMS).map((item) => this.richTextItem(item));
  }

  /** One response rich-text item -> request item (no plain_text/href; mentions remapped). */
  richTextItem(item: Json): Json {
    const out: Json = {};
    if (item.annotations) out.annotations = item.annotations;
    if (item.type === "text") {
      out.type = "text";
      out.text = {
        content: item.text?.content ?? "",
        link: item.text?.link?.url ? { url: item.text.link.url } : null,
      };
    } else if (item.type === "equation") {
      out.type = "equation";
      out.equation = { expression: item.equation?.expression ?? "" };
    } else if (item.type === "mention") {
      const m: Json = item.mention ?? {};
      const t: string = m.type;
      out.type = "mention";
      if (t === "page" || t === "database") out.mention = { type: t, [t]: { id: this.id(String(m[t]?.id)) } };
      else if (t === "user") out.mention = { type: t, user: { id: m.user?.id } };
      else if (t === "date") out.mention = { type: t, date: m.date };
      else if (t === "link_preview") out.mention = { type: t, link_preview: { url: m.link_preview?.url } };
      else if (t === "template_mention") out.mention = { type: t, template_mention: m.template_mention };
      else if (t === "custom_emoji") out.mention = { type: t, custom_emoji: { id: m.custom_emoji?.id } };
      else {
        // A mention type the API cannot write: keep its words.
        out.type = "text";
        out.text = { content: String(item.plain_text ?? ""), link: item.href ? { url: item.href } : null };
      }
    } else {
      out.type = "text";
      out.text = { content: String(item.plain_text ?? ""), link: null };
    }
    return out;
  }

  /** A block's file source: external kept, hosted replaced by its file_upload; undefined when neither works. */
  file(c: Json, where: string): Json | undefined {
    if (c.type === "external") return { type: "external", external: { url: c.external?.url } };
    const upload = this.ctx.uploadFor?.(this.blockId, where);
    if (upload) return { type: "file_upload", file_upload: { id: upload } };
    return undefined;
  }

  /** A callout/paragraph icon in request form; a hosted icon without an upload is left out. */
  icon(icon: Json, where: string): Json | undefined {
    if (icon.type === "emoji") return { type: "emoji", emoji: icon.emoji };
    if (icon.type === "icon") return { type: "icon", icon: icon.icon };
    if (icon.type === "custom_emoji")
      return { type: "custom_emoji", custom_emoji: { id: icon.custom_emoji?.id } };
    return this.file(icon, where);
  }
}
