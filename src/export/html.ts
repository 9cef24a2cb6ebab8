// A page as HTML: a standalone document (inline CSS, nothing loaded from elsewhere, no script) or a body fragment.
import type { BlockNode } from "../notion/model.ts";
import { collectHeadings, iconText } from "./block-tree.ts";
import { commentAttachments, commentAuthor, commentGroups } from "./comment-threads.ts";
import { formatTimestamp } from "./format-date.ts";
import { safeHref } from "./href.ts";
import { blocksHtml, type HtmlState } from "./html-blocks.ts";
import { escapeHtml } from "./html-escape.ts";
import { PAGE_CSS } from "./html-style.ts";
import { inlinePlain } from "./inline-runs.ts";
import { titleRich } from "./markdown.ts";
import type { PageDoc, RenderContext } from "./render-context.ts";
import { linkHtml, richTextHtml } from "./rich-text-html.ts";
import { valueHtml } from "./table-html.ts";

type Json = Record<string, any>;

/** How to render a page as HTML. */
export interface HtmlOptions {
  /** A whole document with <head> and the stylesheet (default true); false gives the <article> alone. */
  standalone?: boolean;
  /** Show images that were not downloaded from their own (remote) address (default false: a link). */
  externalImages?: boolean;
}

function propertiesHtml(doc: PageDoc, ctx: RenderContext): string {
  const props = Object.entries(doc.page.properties as Record<string, Json>).filter(
    ([, p]) => p?.type !== "title",
  );
  if (props.length === 0) return "";
  const rows = props.map(
    ([name, prop]) =>
      `<tr><th scope="row">${escapeHtml(name)}</th><td>${valueHtml(prop, ctx, { pageId: doc.id, property: name })}</td></tr>`,
  );
  return `<table class="nv-properties"><tbody>\n${rows.join("\n")}\n</tbody></table>`;
}

function coverHtml(doc: PageDoc, ctx: RenderContext, externalImages: boolean): string {
  const cover = (doc.page as Json).cover as Json | null;
  if (!cover) return "";
  const local = ctx.media({ object: "page", id: doc.id, path: ["cover"] });
  const remote = cover.type === "external" ? safeHref(cover.external?.url) : undefined;
  const src = local ?? (externalImages ? remote : undefined);
  return src ? `<img class="nv-cover" src="${escapeHtml(src)}" alt="">` : "";
}

function commentsHtml(doc: PageDoc, ctx: RenderContext): string {
  const groups = commentGroups(doc.comments, doc.blocks, ctx);
  if (groups.length === 0) return "";
  const out = ['<section class="nv-comments">', "<h2>Comments</h2>"];
  for (const g of groups) {
    if (g.block) out.push(`<p class="nv-comment-meta">On “${escapeHtml(g.block.excerpt)}”:</p>`);
    for (const thread of g.discussions) {
      out.push('<div class="nv-comment-thread">');
      for (const c of thread) {
        const files = commentAttachments(c, ctx).map((a) =>
          a.image && a.href
            ? `<img src="${escapeHtml(a.href)}" alt="${escapeHtml(a.name)}">`
            : `📎 ${linkHtml(a.name, a.href)}`,
        );
        const meta = `<div class="nv-comment-meta"><strong>${escapeHtml(commentAuthor(c, ctx))}</strong> · ${escapeHtml(formatTimestamp((c as unknown as Json).created_time))}</div>`;
        out.push(
          `<div class="nv-comment">${meta}<p>${richTextHtml(c.rich_text, ctx)}</p>${files.join("")}</div>`,
        );
      }
      out.push("</div>");
    }
  }
  out.push("</section>");
  return out.join("\n");
}

/** The page's icon before its title: an emoji, or its image when downloaded (or remote ones are allowed). */
function iconHtml(doc: PageDoc, ctx: RenderContext, emoji: string, externalImages: boolean): string {
  if (emoji) return `<span class="nv-icon">${escapeHtml(emoji)}</span> `;
  const icon = (doc.page as Json).icon as Json | null;
  if (!icon) return "";
  const local = ctx.media({ object: "page", id: doc.id, path: ["icon"] });
  const src =
    local ?? (externalImages && icon.type === "external" ? safeHref(icon.external?.url) : undefined);
  return src ? `<img class="nv-icon" src="${escapeHtml(src)}" alt=""> ` : "";
}

/** A page (or row, or template) as HTML. */
export function renderHtml(doc: PageDoc, ctx: RenderContext, opts: HtmlOptions = {}): string {
  const externalImages = opts.externalImages ?? false;
  const st: HtmlState = {
    ctx,
    pageId: doc.id,
    headings: collectHeadings(doc.blocks, ctx),
    open: new Set(),
    externalImages,
  };
  const icon = iconText((doc.page as Json).icon);
  const title = richTextHtml(titleRich(doc.page), ctx) || "Untitled";
  const article = [
    '<article class="nv-page">',
    coverHtml(doc, ctx, externalImages),
    `<h1 class="nv-title">${iconHtml(doc, ctx, icon, externalImages)}${title}</h1>`,
    propertiesHtml(doc, ctx),
    blocksHtml(doc.blocks, st),
    commentsHtml(doc, ctx),
    "</article>",
  ]
    .filter((p) => p !== "")
    .join("\n");
  if (opts.standalone === false) return `${article}\n`;
  const plainTitle = inlinePlain(titleRich(doc.page), ctx) || "Untitled";
  return htmlPage(plainTitle, article, externalImages);
}

/** A whole HTML document around an `<article>`: the renderers' stylesheet, and a policy that lets nothing run. */
export function htmlPage(title: string, article: string, externalImages = false): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp(externalImages)}">
<title>${escapeHtml(title)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
${article}
</body>
</html>
`;
}

/** Nothing runs and nothing loads from another site, whatever a page holds (unless remote images are asked for). */
function csp(externalImages: boolean): string {
  const img = externalImages ? "'self' data: blob: https: http:" : "'self' data: blob:";
  return `default-src 'none'; style-src 'unsafe-inline'; img-src ${img}; media-src 'self' data: blob:`;
}

/** Blocks alone as an HTML fragment (no title or properties). */
export function renderBlocksHtml(blocks: BlockNode[], ctx: RenderContext, pageId = ""): string {
  return blocksHtml(blocks, {
    ctx,
    pageId,
    headings: collectHeadings(blocks, ctx),
    open: new Set(),
    externalImages: false,
  });
}
