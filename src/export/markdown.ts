// A page as GitHub-flavoured Markdown: title, properties, blocks, comments. Pure: records in, text out.
import type { BlockNode } from "../notion/model.ts";
import { collectHeadings, iconText, Slugger } from "./block-tree.ts";
import { commentAttachments, commentAuthor, commentGroups } from "./comment-threads.ts";
import { formatTimestamp } from "./format-date.ts";
import { safeHref } from "./href.ts";
import { inlinePlain } from "./inline-runs.ts";
import { blocksMarkdown, type MarkdownState, mdLink } from "./markdown-blocks.ts";
import { escapeLineStarts, escapeMarkdownText, markdownHref } from "./markdown-escape.ts";
import type { PageDoc, RenderContext } from "./render-context.ts";
import { richTextMarkdown } from "./rich-text-markdown.ts";
import { valueMarkdown } from "./table-markdown.ts";

type Json = Record<string, any>;

/** The title property's rich text of a page. */
export function titleRich(page: { properties?: Record<string, unknown> }): unknown[] {
  for (const p of Object.values(page.properties ?? {}) as Json[])
    if (p?.type === "title") return p.title ?? [];
  return [];
}

/** The properties shown under the title: every one but the title (pages outside databases have none). */
function propertiesMarkdown(doc: PageDoc, ctx: RenderContext): string {
  const props = Object.entries(doc.page.properties as Record<string, Json>).filter(
    ([, p]) => p?.type !== "title",
  );
  if (props.length === 0) return "";
  const lines = ["| Property | Value |", "| --- | --- |"];
  for (const [name, prop] of props) {
    lines.push(
      `| ${escapeMarkdownText(name)} | ${valueMarkdown(prop, ctx, { pageId: doc.id, property: name })} |`,
    );
  }
  return lines.join("\n");
}

function coverMarkdown(doc: PageDoc, ctx: RenderContext): string {
  const cover = (doc.page as Json).cover as Json | null;
  if (!cover) return "";
  const href =
    ctx.media({ object: "page", id: doc.id, path: ["cover"] }) ??
    safeHref(cover.type === "external" ? cover.external?.url : cover.file?.url);
  return href ? `![cover](${markdownHref(href)})` : "";
}

function commentsMarkdown(doc: PageDoc, ctx: RenderContext): string {
  const groups = commentGroups(doc.comments, doc.blocks, ctx);
  if (groups.length === 0) return "";
  const out: string[] = ["## Comments"];
  for (const g of groups) {
    const lines: string[] = [];
    const pad = g.block ? "  " : "";
    if (g.block) lines.push(`- On “${escapeMarkdownText(g.block.excerpt)}”:`);
    for (const thread of g.discussions) {
      thread.forEach((c, i) => {
        const at = formatTimestamp((c as unknown as Json).created_time);
        const body = richTextMarkdown(c.rich_text, ctx, { newline: "space" });
        const files = commentAttachments(c, ctx).map((a) =>
          a.image && a.href
            ? `![${escapeMarkdownText(a.name)}](${markdownHref(a.href)})`
            : `📎 ${mdLink(a.name, a.href)}`,
        );
        const text = escapeLineStarts([body.trim(), ...files].filter(Boolean).join(" "));
        lines.push(
          `${pad}${i === 0 ? "" : "  "}- **${escapeMarkdownText(commentAuthor(c, ctx))}** (${at}): ${text}`,
        );
      });
    }
    out.push(lines.join("\n"));
  }
  return out.join("\n\n");
}

/** A page (or row, or template) as Markdown. */
export function renderMarkdown(doc: PageDoc, ctx: RenderContext): string {
  const slugger = new Slugger();
  const title = inlinePlain(titleRich(doc.page), ctx);
  slugger.slug(title);
  const headings = collectHeadings(doc.blocks, ctx).map((h) => ({ ...h, anchor: slugger.slug(h.text) }));
  const st: MarkdownState = { ctx, pageId: doc.id, headings, open: new Set() };
  const icon = iconText((doc.page as Json).icon);
  const heading = richTextMarkdown(titleRich(doc.page), ctx, { newline: "space" }).trim() || "Untitled";
  const parts = [
    `# ${icon ? `${icon} ` : ""}${heading.replace(/(^|\s)(#+)$/, "$1\\$2")}`,
    coverMarkdown(doc, ctx),
    propertiesMarkdown(doc, ctx),
    blocksMarkdown(doc.blocks, st),
    commentsMarkdown(doc, ctx),
  ];
  return `${parts.filter((p) => p !== "").join("\n\n")}\n`;
}

/** Blocks alone as Markdown (no title or properties), e.g. a synced block's content. */
export function renderBlocksMarkdown(blocks: BlockNode[], ctx: RenderContext, pageId = ""): string {
  return blocksMarkdown(blocks, { ctx, pageId, headings: [], open: new Set() });
}
