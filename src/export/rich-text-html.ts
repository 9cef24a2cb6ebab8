// Notion rich text -> inline HTML: every character escaped, marks as tags, links and mentions resolved.
import { escapeHtml } from "./html-escape.ts";
import { type InlinePiece, inlineRuns } from "./inline-runs.ts";
import type { RenderContext } from "./render-context.ts";

function pieceHtml(piece: InlinePiece): string {
  if (piece.math) return `<span class="nv-math">${escapeHtml(piece.text)}</span>`;
  let out = escapeHtml(piece.text).replace(/\r?\n/g, "<br>");
  const m = piece.marks;
  if (m.code) out = `<code>${out}</code>`;
  if (m.strikethrough) out = `<s>${out}</s>`;
  if (m.underline) out = `<u>${out}</u>`;
  if (m.italic) out = `<em>${out}</em>`;
  if (m.bold) out = `<strong>${out}</strong>`;
  return out;
}

/** Rich text as inline HTML. */
export function richTextHtml(rich: unknown, ctx: RenderContext): string {
  return inlineRuns(rich, ctx)
    .map((run) => {
      const inner = run.pieces.map(pieceHtml).join("");
      return run.href ? `<a href="${escapeHtml(run.href)}">${inner}</a>` : inner;
    })
    .join("");
}

/** A link, or just the text when there is no address. */
export function linkHtml(text: string, href: string | undefined, attrs = ""): string {
  const t = escapeHtml(text);
  return href ? `<a href="${escapeHtml(href)}"${attrs}>${t}</a>` : t;
}
