// What both block renderers ask of a block tree: types, synced content, media addresses, list kinds, headings.
import type { BlockNode } from "../notion/model.ts";
import { notionUrl, safeHref } from "./href.ts";
import { inlinePlain } from "./inline-runs.ts";
import type { RenderContext } from "./render-context.ts";

type Json = Record<string, any>;

/** A block's type ("unsupported" for a partial block without one). */
export function blockType(node: BlockNode): string {
  return (node.block as Json).type ?? "unsupported";
}

/** A block's type-specific content (block[block.type]). */
export function blockBody(node: BlockNode): Json {
  const b = node.block as Json;
  return (b[b.type] ?? {}) as Json;
}

/** The original a synced-block reference shows, or undefined for an original (or any other block). */
export function syncedOriginal(node: BlockNode): string | undefined {
  if (blockType(node) !== "synced_block") return undefined;
  return node.syncedOriginalId ?? blockBody(node).synced_from?.block_id ?? undefined;
}

/**
 * The blocks to show inside a block: its children, or for a synced reference the original's children
 * (undefined when the snapshot does not hold them). `open` holds the originals being rendered, so a
 * reference inside its own original cannot recurse forever.
 */
export function shownChildren(
  node: BlockNode,
  ctx: RenderContext,
  open: Set<string>,
): BlockNode[] | undefined {
  const original = syncedOriginal(node);
  if (!original) return node.children;
  if (open.has(original)) return undefined;
  return ctx.syncedChildren(original);
}

/**
 * What a block holds, rendered by `render` (a synced reference's original kept in `open` meanwhile),
 * and notes on what is missing: an original the snapshot lacks, children that were not captured.
 */
export function renderChildren(
  node: BlockNode,
  ctx: RenderContext,
  open: Set<string>,
  render: (nodes: BlockNode[]) => string,
): { body: string; notes: string[] } {
  const original = syncedOriginal(node);
  const list = shownChildren(node, ctx, open);
  if (!list)
    return { body: "", notes: [`synced block: the original ${original ?? ""} is not in this snapshot`] };
  if (original) open.add(original);
  const body = render(list);
  if (original) open.delete(original);
  return { body, notes: node.childrenError ? [`children not captured: ${node.childrenError}`] : [] };
}

/** A link to a Notion object: its captured copy, else its notion.so page; text alone without an id. */
export function objectLink(
  id: string | undefined,
  fallback: string,
  ctx: RenderContext,
): { text: string; href?: string } {
  if (!id) return { text: fallback || "Untitled" };
  const target = ctx.link(id);
  if (target) return { text: target.title || fallback || "Untitled", href: target.href || undefined };
  return { text: fallback || "Untitled", href: notionUrl(id) };
}

/** The image of a callout's icon when it is not text: its download, else its (safe) address. */
export function calloutIconImage(node: BlockNode, ctx: RenderContext): string | undefined {
  const icon = blockBody(node).icon as Json | null | undefined;
  if (!icon || iconText(icon)) return undefined;
  return (
    ctx.media({ object: "block", id: (node.block as Json).id, path: ["callout", "icon"] }) ??
    safeHref(icon.type === "external" ? icon.external?.url : icon.file?.url)
  );
}

/** A simple table's rows (each an array of cells' rich text) and its width in columns. */
export function simpleTableRows(node: BlockNode): { rows: unknown[][]; width: number } {
  const rows = node.children.filter((c) => blockType(c) === "table_row").map((c) => blockBody(c).cells ?? []);
  const width = Math.max(
    Number(blockBody(node).table_width) || 0,
    ...rows.map((r: unknown[]) => r.length),
    1,
  );
  return { rows, width };
}

/** The list a block belongs to, if it is a list item. */
export function listKind(type: string): "ul" | "ol" | "todo" | undefined {
  if (type === "bulleted_list_item") return "ul";
  if (type === "numbered_list_item") return "ol";
  if (type === "to_do") return "todo";
  return undefined;
}

/** A media block's file: where to find it (the download when there is one), its name and caption. */
export interface MediaSource {
  href?: string;
  downloaded: boolean;
  name: string;
  caption: unknown[];
}

/** The file of an image, video, audio, pdf or file block. */
export function mediaSource(node: BlockNode, ctx: RenderContext): MediaSource {
  const type = blockType(node);
  const body = blockBody(node);
  const local = ctx.media({ object: "block", id: (node.block as Json).id, path: [type] });
  const remote = body.type === "external" ? body.external?.url : body.file?.url;
  const href = local ?? safeHref(remote);
  return {
    href,
    downloaded: local !== undefined,
    name: body.name || fileNameOf(remote) || type,
    caption: Array.isArray(body.caption) ? body.caption : [],
  };
}

/** The last part of a file's address, decoded ("Q3 report.pdf"); "" when it is no URL. */
export function fileNameOf(url: unknown): string {
  if (typeof url !== "string") return "";
  try {
    const last = new URL(url).pathname.split("/").filter(Boolean).pop();
    return last ? decodeURIComponent(last) : "";
  } catch {
    return "";
  }
}

// Notion's own icons ({type: "icon", icon: {name, color}}) by the emoji closest to them.
const NOTION_ICONS: Record<string, string> = {
  lightbulb: "💡",
  warning: "⚠️",
  "info-alternate": "ℹ️",
  info: "ℹ️",
  checkmark: "✅",
  "check-circle": "✅",
  star: "⭐",
  heart: "❤️",
  bookmark: "🔖",
  flag: "🚩",
  pin: "📌",
  question: "❓",
  fire: "🔥",
  calendar: "📅",
  document: "📄",
  bug: "🐛",
};

/** A page or callout icon as text: the emoji, ":name:" for a custom emoji, a Notion icon's emoji; "" for images. */
export function iconText(icon: Json | null | undefined): string {
  if (!icon) return "";
  if (icon.type === "emoji") return icon.emoji ?? "";
  if (icon.type === "custom_emoji") return icon.custom_emoji?.name ? `:${icon.custom_emoji.name}:` : "";
  if (icon.type === "icon")
    return NOTION_ICONS[icon.icon?.name] ?? (icon.icon?.name ? `:${icon.icon.name}:` : "");
  return "";
}

/** A heading of the page, for tables of contents. */
export interface HeadingEntry {
  id: string;
  level: number;
  text: string;
}

const HEADING = /^heading_([1-4])$/;

/** Every heading in the tree, in reading order (inside toggles, columns and synced originals too). */
export function collectHeadings(nodes: BlockNode[], ctx: RenderContext): HeadingEntry[] {
  const out: HeadingEntry[] = [];
  const walk = (list: BlockNode[]) => {
    for (const node of list) {
      const m = HEADING.exec(blockType(node));
      if (m)
        out.push({
          id: (node.block as Json).id,
          level: Number(m[1]),
          text: inlinePlain(blockBody(node).rich_text, ctx),
        });
      if (blockType(node) !== "synced_block" || !syncedOriginal(node)) walk(node.children);
    }
  };
  walk(nodes);
  return out;
}

/** The nesting depth (0 = top) of each heading in a table of contents: a heading sits one below the last one of a lower level, never deeper, whatever levels it skips. */
export function tocDepths(headings: Array<{ level: number }>): number[] {
  const open: number[] = [];
  return headings.map((h) => {
    while (open.length > 0 && open[open.length - 1]! >= h.level) open.pop();
    open.push(h.level);
    return open.length - 1;
  });
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces as dashes, repeats numbered. */
export class Slugger {
  private readonly seen = new Map<string, number>();

  /** The anchor of the next heading with this text. */
  slug(text: string): string {
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "")
      .replace(/ /g, "-");
    const n = this.seen.get(base);
    this.seen.set(base, (n ?? 0) + 1);
    return n === undefined ? base : `${base}-${n}`;
  }
}

const LANGUAGES: Record<string, string> = {
  "plain text": "text",
  "c++": "cpp",
  "c#": "csharp",
  "f#": "fsharp",
  "objective-c": "objectivec",
  "vb.net": "vbnet",
  "visual basic": "vb",
  "java/c/c++/c#": "java",
  markup: "html",
  shell: "sh",
  webassembly: "wasm",
  docker: "dockerfile",
};

/** A code block's language as a fence info string or CSS class (Notion's names normalised). */
export function codeLanguage(language: unknown): string {
  const l = typeof language === "string" ? language.toLowerCase() : "";
  return (LANGUAGES[l] ?? l).replace(/[^a-z0-9+#._-]+/g, "-");
}
