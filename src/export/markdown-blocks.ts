// Notion block trees -> GitHub-flavoured Markdown, every block type covered; the page frame is in markdown.ts.
import type { BlockNode } from "../notion/model.ts";
import {
  blockBody,
  blockType,
  calloutIconImage,
  codeLanguage,
  type HeadingEntry,
  iconText,
  listKind,
  mediaSource,
  objectLink,
  renderChildren,
  simpleTableRows,
  tocDepths,
} from "./block-tree.ts";
import { safeHref } from "./href.ts";
import { escapeHtml, htmlComment } from "./html-escape.ts";
import { inlinePlain } from "./inline-runs.ts";
import { codeFence, escapeLineStarts, escapeMarkdownText, markdownHref } from "./markdown-escape.ts";
import type { RenderContext } from "./render-context.ts";
import { richTextHtml } from "./rich-text-html.ts";
import { richTextMarkdown } from "./rich-text-markdown.ts";
import { renderTableMarkdown } from "./table-markdown.ts";

type Json = Record<string, any>;

/** What rendering one page's blocks needs besides the blocks. */
export interface MarkdownState {
  ctx: RenderContext;
  pageId: string;
  /** The page's headings and their anchors, for tables of contents. */
  headings: Array<HeadingEntry & { anchor: string }>;
  /** Synced originals being rendered (guards against a reference inside its own original). */
  open: Set<string>;
}

/** A Markdown link, or the escaped text alone when there is no (safe) address. */
export function mdLink(text: string, href: string | undefined): string {
  const t = escapeMarkdownText(text);
  return href ? `[${t || escapeMarkdownText(href)}](${markdownHref(href)})` : t;
}

function indent(text: string, width: number): string {
  const pad = " ".repeat(width);
  return text
    .split("\n")
    .map((l) => (l === "" ? "" : pad + l))
    .join("\n");
}

function quoteLines(text: string): string {
  return text
    .split("\n")
    .map((l) => (l === "" ? ">" : `> ${l}`))
    .join("\n");
}

function join(...blocks: string[]): string {
  return blocks.filter((b) => b !== "").join("\n\n");
}

/** A sequence of sibling blocks: list items of one list on consecutive lines, other blocks apart. */
export function blocksMarkdown(nodes: BlockNode[], st: MarkdownState): string {
  let out = "";
  let prev: string | undefined;
  let lastShown: string | undefined;
  let number = 0;
  for (const node of nodes) {
    const kind = listKind(blockType(node));
    const family = kind === "ol" ? "ol" : kind ? "ul" : undefined;
    number = kind === "ol" ? (prev === "ol" ? number + 1 : 1) : 0;
    const md = blockMarkdown(node, st, number);
    if (md === "") {
      prev = undefined;
      continue;
    }
    if (out !== "") out += family && family === prev ? "\n" : "\n\n";
    // Two lists that Notion keeps apart (an empty paragraph between) would merge into one without a separator.
    if (family && family !== prev && family === lastShown) out += "<!-- -->\n\n";
    out += md;
    prev = family;
    lastShown = family;
  }
  return out;
}

/** The Markdown of what a block holds (its children, or a synced original's), with a note when missing. */
function childrenMarkdown(node: BlockNode, st: MarkdownState): string {
  const { body, notes } = renderChildren(node, st.ctx, st.open, (list) => blocksMarkdown(list, st));
  return join(body, ...notes.map(htmlComment));
}

function listItem(marker: string, width: number, text: string, children: string): string {
  const head = marker + indent(escapeLineStarts(text), width).trimStart();
  if (children === "") return head.trimEnd();
  const sep = text === "" || /^(- |\d+\. )/.test(children) ? "\n" : "\n\n";
  return head.trimEnd() + sep + indent(children, width);
}

function headingText(md: string): string {
  // A trailing run of "#" would be read as the heading's closing sequence and dropped.
  return md.replace(/(^|\s)(#+)$/, "$1\\$2");
}

function linkTo(id: string | undefined, fallback: string, ctx: RenderContext): string {
  const { text, href } = objectLink(id, fallback, ctx);
  return mdLink(text, href);
}

const MEDIA_LABEL: Record<string, string> = { video: "🎬", audio: "🔊", pdf: "📄", file: "📎" };

function tableMarkdown(node: BlockNode, ctx: RenderContext): string {
  const body = blockBody(node);
  const { rows, width } = simpleTableRows(node);
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  const cellsOf = (row: unknown[]) =>
    Array.from({ length: width }, (_, i) => {
      const md = richTextMarkdown(row[i], ctx, { newline: "html", inTable: true }).trim();
      return i === 0 && body.has_row_header && md !== "" ? `<strong>${md}</strong>` : md;
    });
  const header = body.has_column_header && rows.length > 0 ? cellsOf(rows.shift()!) : Array(width).fill("");
  return [line(header), line(Array(width).fill("---")), ...rows.map((r) => line(cellsOf(r)))].join("\n");
}

function tocMarkdown(st: MarkdownState): string {
  if (st.headings.length === 0) return htmlComment("table of contents: no headings");
  const depths = tocDepths(st.headings);
  return st.headings
    .map((h, i) => `${"  ".repeat(depths[i]!)}- ${mdLink(h.text || "Untitled", `#${h.anchor}`)}`)
    .join("\n");
}

function captionMarkdown(caption: unknown[], ctx: RenderContext): string {
  return caption.length > 0 ? escapeLineStarts(richTextMarkdown(caption, ctx)) : "";
}

/** One block (with what it holds); `number` is its position in a numbered list. */
function blockMarkdown(node: BlockNode, st: MarkdownState, number: number): string {
  const { ctx } = st;
  const type = blockType(node);
  const body = blockBody(node);
  // Trailing spaces would read as hard breaks (two) or just clutter (one).
  const text = () => richTextMarkdown(body.rich_text, ctx).replace(/[ \t]+$/gm, "");
  const id = (node.block as Json).id as string;
  switch (type) {
    case "paragraph":
      return join(escapeLineStarts(text()), childrenMarkdown(node, st));
    case "heading_1":
    case "heading_2":
    case "heading_3":
    case "heading_4": {
      const level = Math.min(6, Number(type.slice(-1)) + 1);
      if (!body.is_toggleable)
        return `${"#".repeat(level)} ${headingText(richTextMarkdown(body.rich_text, ctx, { newline: "space" }))}`.trimEnd();
      const summary = `<summary><h${level}>${richTextHtml(body.rich_text, ctx)}</h${level}></summary>`;
      return details(summary, childrenMarkdown(node, st));
    }
    case "bulleted_list_item":
      return listItem("- ", 2, text(), childrenMarkdown(node, st));
    case "numbered_list_item":
      return listItem(`${number}. `, `${number}. `.length, text(), childrenMarkdown(node, st));
    case "to_do":
      return listItem(`- [${body.checked ? "x" : " "}] `, 2, text(), childrenMarkdown(node, st));
    case "quote": {
      const content = join(escapeLineStarts(text()), childrenMarkdown(node, st));
      return content === "" ? "" : quoteLines(content);
    }
    case "callout": {
      const icon = calloutIcon(node, ctx);
      const first = escapeLineStarts(text());
      return quoteLines(join(icon && first ? `${icon} ${first}` : icon || first, childrenMarkdown(node, st)));
    }
    case "toggle":
      return details(`<summary>${richTextHtml(body.rich_text, ctx)}</summary>`, childrenMarkdown(node, st));
    case "code": {
      const code = inlinePlain(body.rich_text, ctx);
      const fence = codeFence(code);
      return join(
        `${fence}${codeLanguage(body.language)}\n${code}\n${fence}`,
        captionMarkdown(body.caption ?? [], ctx),
      );
    }
    case "equation":
      return `$$\n${String(body.expression ?? "").trim()}\n$$`;
    case "divider":
      return "---";
    case "table":
      return tableMarkdown(node, ctx);
    case "column_list":
    case "column":
    case "synced_block":
    case "tab":
      return childrenMarkdown(node, st);
    case "child_page":
      return linkTo(id, body.title ?? "", ctx);
    case "child_database": {
      const tables = ctx.table?.(id) ?? [];
      return join(linkTo(id, body.title ?? "", ctx), ...tables.map((t) => renderTableMarkdown(t, ctx)));
    }
    case "link_to_page":
      return linkTo(body[body.type] ?? undefined, "", ctx);
    case "bookmark":
    case "embed": {
      const caption = inlinePlain(body.caption, ctx);
      return mdLink(caption || body.url || type, safeHref(body.url));
    }
    case "link_preview":
      return mdLink(body.url ?? "link preview", safeHref(body.url));
    case "breadcrumb": {
      const trail = ctx.ancestors?.(st.pageId);
      if (!trail || trail.length === 0) return htmlComment("breadcrumb");
      return trail.map((t) => mdLink(t.title || "Untitled", t.href || undefined)).join(" / ");
    }
    case "table_of_contents":
      return tocMarkdown(st);
    case "image": {
      const m = mediaSource(node, ctx);
      if (!m.href) return htmlComment(`image ${m.name}: no address`);
      const alt = escapeMarkdownText((inlinePlain(m.caption, ctx) || m.name).replace(/\s+/g, " "));
      return join(`![${alt}](${markdownHref(m.href)})`, captionMarkdown(m.caption, ctx));
    }
    case "video":
    case "audio":
    case "pdf":
    case "file": {
      const m = mediaSource(node, ctx);
      return join(`${MEDIA_LABEL[type]} ${mdLink(m.name, m.href)}`, captionMarkdown(m.caption, ctx));
    }
    case "template":
      return htmlComment(`template button: ${inlinePlain(body.rich_text, ctx)}`);
    case "unsupported":
      return htmlComment(`unsupported block: ${body.block_type ?? "unknown"}`);
    default:
      return join(htmlComment(`${type} block`), childrenMarkdown(node, st));
  }
}

function details(summary: string, children: string): string {
  return children === ""
    ? `<details>\n${summary}\n</details>`
    : `<details>\n${summary}\n\n${children}\n\n</details>`;
}

function calloutIcon(node: BlockNode, ctx: RenderContext): string {
  const src = calloutIconImage(node, ctx);
  if (src) return `<img src="${escapeHtml(src)}" alt="" width="20" height="20">`;
  return iconText(blockBody(node).icon);
}
