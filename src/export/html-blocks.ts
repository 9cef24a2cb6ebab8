// Notion block trees -> HTML, the same coverage as Markdown; every text escaped, no scripts, no iframes.
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
import type { RenderContext } from "./render-context.ts";
import { linkHtml, richTextHtml } from "./rich-text-html.ts";
import { renderTableHtml } from "./table-html.ts";

type Json = Record<string, any>;

/** What rendering one page's blocks needs besides the blocks. */
export interface HtmlState {
  ctx: RenderContext;
  pageId: string;
  headings: HeadingEntry[];
  open: Set<string>;
  /** Show images that were not downloaded from their own address (off: a link, so nothing loads from elsewhere). */
  externalImages: boolean;
}

/** The id attribute of a heading block, for tables of contents. */
export function headingAnchor(blockId: string): string {
  return `h-${blockId.replace(/-/g, "")}`;
}

const LIST_TAG = { ul: "ul", ol: "ol", todo: "ul" } as const;

/** A sequence of sibling blocks, consecutive list items of one kind in one list element. */
export function blocksHtml(nodes: BlockNode[], st: HtmlState): string {
  const out: string[] = [];
  let list: { kind: "ul" | "ol" | "todo"; items: string[] } | undefined;
  const flush = () => {
    if (!list) return;
    const tag = LIST_TAG[list.kind];
    out.push(
      `<${tag}${list.kind === "todo" ? ' class="nv-todo"' : ""}>\n${list.items.join("\n")}\n</${tag}>`,
    );
    list = undefined;
  };
  for (const node of nodes) {
    const kind = listKind(blockType(node));
    if (!kind) {
      flush();
      const html = blockHtml(node, st);
      if (html !== "") out.push(html);
      continue;
    }
    if (list && list.kind !== kind) flush();
    list ??= { kind, items: [] };
    list.items.push(listItemHtml(node, st));
  }
  flush();
  return out.join("\n");
}

function childrenHtml(node: BlockNode, st: HtmlState): string {
  const { body, notes } = renderChildren(node, st.ctx, st.open, (list) => blocksHtml(list, st));
  return joinLines(body, ...notes.map(htmlComment));
}

function listItemHtml(node: BlockNode, st: HtmlState): string {
  const body = blockBody(node);
  const text = richTextHtml(body.rich_text, st.ctx);
  const kids = childrenHtml(node, st);
  const rest = kids ? `\n${kids}\n` : "";
  if (blockType(node) !== "to_do") return `<li>${text}${rest}</li>`;
  const checked = body.checked === true;
  const box = `<input type="checkbox" disabled${checked ? " checked" : ""}>`;
  return `<li${checked ? ' class="nv-checked"' : ""}>${box}<span>${text}</span>${rest}</li>`;
}

function linkTo(id: string | undefined, fallback: string, ctx: RenderContext): string {
  const { text, href } = objectLink(id, fallback, ctx);
  return linkHtml(text, href);
}

function wrap(tag: string, attrs: string, inner: string): string {
  return `<${tag}${attrs}>${inner}</${tag}>`;
}

function simpleTable(node: BlockNode, ctx: RenderContext): string {
  const body = blockBody(node);
  const { rows, width } = simpleTableRows(node);
  const rowHtml = (cells: unknown[], head: boolean) =>
    `<tr>${Array.from({ length: width }, (_, i) => {
      const html = richTextHtml(cells[i], ctx);
      if (head) return `<th scope="col">${html}</th>`;
      return i === 0 && body.has_row_header ? `<th scope="row">${html}</th>` : `<td>${html}</td>`;
    }).join("")}</tr>`;
  const head =
    body.has_column_header && rows.length > 0 ? `<thead>${rowHtml(rows.shift()!, true)}</thead>\n` : "";
  return `<div class="nv-table-wrap"><table class="nv-simple">\n${head}<tbody>\n${rows.map((r) => rowHtml(r, false)).join("\n")}\n</tbody>\n</table></div>`;
}

function tocHtml(st: HtmlState): string {
  if (st.headings.length === 0) return htmlComment("table of contents: no headings");
  const depths = tocDepths(st.headings);
  const items = st.headings.map(
    (h, i) =>
      `<li class="nv-toc-${depths[i]! + 1}"><a href="#${headingAnchor(h.id)}">${escapeHtml(h.text || "Untitled")}</a></li>`,
  );
  return `<nav class="nv-toc"><ul>\n${items.join("\n")}\n</ul></nav>`;
}

function captionHtml(caption: unknown[], ctx: RenderContext): string {
  return caption.length > 0 ? `<figcaption>${richTextHtml(caption, ctx)}</figcaption>` : "";
}

function mediaHtml(node: BlockNode, st: HtmlState): string {
  const type = blockType(node);
  const m = mediaSource(node, st.ctx);
  const caption = captionHtml(m.caption, st.ctx);
  const src = m.href ? escapeHtml(m.href) : "";
  const alt = escapeHtml(inlinePlain(m.caption, st.ctx) || m.name);
  const showInline = m.href && (m.downloaded || st.externalImages);
  if (type === "image" && showInline)
    return `<figure class="nv-image"><img src="${src}" alt="${alt}" loading="lazy">${caption}</figure>`;
  if ((type === "video" || type === "audio") && m.href && m.downloaded) {
    return `<figure class="nv-${type}"><${type} controls preload="metadata" src="${src}"></${type}>${caption}</figure>`;
  }
  const label = { image: "🖼️", video: "🎬", audio: "🔊", pdf: "📄", file: "📎" }[type] ?? "📎";
  return `<figure class="nv-file"><p>${label} ${linkHtml(m.name, m.href)}</p>${caption}</figure>`;
}

function calloutIcon(node: BlockNode, ctx: RenderContext): string {
  const src = calloutIconImage(node, ctx);
  if (src) return `<img src="${escapeHtml(src)}" alt="">`;
  return escapeHtml(iconText(blockBody(node).icon));
}

function joinLines(...parts: string[]): string {
  return parts.filter((p) => p !== "").join("\n");
}

/** One block (with what it holds) as HTML. */
function blockHtml(node: BlockNode, st: HtmlState): string {
  const { ctx } = st;
  const type = blockType(node);
  const body = blockBody(node);
  const id = (node.block as Json).id as string;
  const text = () => richTextHtml(body.rich_text, ctx);
  const kids = () => childrenHtml(node, st);
  switch (type) {
    case "paragraph": {
      const k = kids();
      return joinLines(`<p>${text()}</p>`, k && `<div class="nv-indent">\n${k}\n</div>`);
    }
    case "heading_1":
    case "heading_2":
    case "heading_3":
    case "heading_4": {
      const level = Math.min(6, Number(type.slice(-1)) + 1);
      const h = `<h${level} id="${headingAnchor(id)}">${text()}</h${level}>`;
      if (!body.is_toggleable) return h;
      return `<details class="nv-toggle-heading">\n<summary>${h}</summary>\n${kids()}\n</details>`;
    }
    case "quote":
      return `<blockquote>\n${joinLines(`<p>${text()}</p>`, kids())}\n</blockquote>`;
    case "callout":
      return `<aside class="nv-callout"><div class="nv-callout-icon">${calloutIcon(node, ctx)}</div><div class="nv-callout-body">\n${joinLines(`<p>${text()}</p>`, kids())}\n</div></aside>`;
    case "toggle":
      return `<details>\n<summary>${text()}</summary>\n<div class="nv-indent">\n${kids()}\n</div>\n</details>`;
    case "code": {
      const lang = codeLanguage(body.language);
      const code = escapeHtml(inlinePlain(body.rich_text, ctx));
      return `<figure class="nv-code"><pre><code${lang ? ` class="language-${escapeHtml(lang)}"` : ""}>${code}</code></pre>${captionHtml(body.caption ?? [], ctx)}</figure>`;
    }
    case "equation":
      return `<div class="nv-equation">${escapeHtml(String(body.expression ?? ""))}</div>`;
    case "divider":
      return "<hr>";
    case "table":
      return simpleTable(node, ctx);
    case "column_list":
      return `<div class="nv-columns">\n${node.children.map((c) => columnHtml(c, st)).join("\n")}\n</div>`;
    case "column":
      return columnHtml(node, st);
    case "synced_block":
      return wrap("div", ' class="nv-synced"', `\n${kids()}\n`);
    case "tab":
      return kids();
    case "child_page":
      return `<p class="nv-link-block nv-child-page">📄 ${linkTo(id, body.title ?? "", ctx)}</p>`;
    case "child_database": {
      const tables = ctx.table?.(id) ?? [];
      return joinLines(
        `<p class="nv-link-block nv-child-database">🗃️ ${linkTo(id, body.title ?? "", ctx)}</p>`,
        ...tables.map((t) => renderTableHtml(t, ctx)),
      );
    }
    case "link_to_page":
      return `<p class="nv-link-block nv-link-to-page">↗ ${linkTo(body[body.type] ?? undefined, "", ctx)}</p>`;
    case "bookmark":
    case "embed":
    case "link_preview": {
      const caption = inlinePlain(body.caption, ctx);
      return `<p class="nv-link-block nv-${type}">🔗 ${linkHtml(caption || body.url || type, safeHref(body.url))}</p>`;
    }
    case "breadcrumb": {
      const trail = ctx.ancestors?.(st.pageId);
      if (!trail || trail.length === 0) return htmlComment("breadcrumb");
      return `<nav class="nv-breadcrumb">${trail.map((t) => linkHtml(t.title || "Untitled", t.href || undefined)).join(" / ")}</nav>`;
    }
    case "table_of_contents":
      return tocHtml(st);
    case "image":
    case "video":
    case "audio":
    case "pdf":
    case "file":
      return mediaHtml(node, st);
    case "template":
      return htmlComment(`template button: ${inlinePlain(body.rich_text, ctx)}`);
    case "unsupported":
      return htmlComment(`unsupported block: ${body.block_type ?? "unknown"}`);
    default:
      return joinLines(htmlComment(`${type} block`), kids());
  }
}

function columnHtml(node: BlockNode, st: HtmlState): string {
  const ratio = Number(blockBody(node).width_ratio);
  const style = Number.isFinite(ratio) && ratio > 0 ? ` style="flex: ${ratio} 1 0"` : "";
  return `<div class="nv-column"${style}>\n${childrenHtml(node, st)}\n</div>`;
}
