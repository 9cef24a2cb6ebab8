// Notion rich text -> runs of annotated pieces, mentions resolved; the Markdown and HTML renderers format these.
import { formatDateValue } from "./format-date.ts";
import { resolveHref, safeHref } from "./href.ts";
import type { RenderContext } from "./render-context.ts";

type Json = Record<string, any>;

/** The annotations a renderer keeps (colours are dropped). */
export interface Marks {
  bold: boolean;
  italic: boolean;
  strikethrough: boolean;
  underline: boolean;
  code: boolean;
}

/** A stretch of text with one set of marks; `math` for an inline equation (text is its TeX). */
export interface InlinePiece {
  text: string;
  marks: Marks;
  math?: boolean;
}

/** Consecutive pieces sharing one link (or none). */
export interface InlineRun {
  href?: string;
  pieces: InlinePiece[];
}

const NO_MARKS: Marks = { bold: false, italic: false, strikethrough: false, underline: false, code: false };

function marksOf(item: Json): Marks {
  const a = (item.annotations ?? {}) as Json;
  return {
    bold: a.bold === true,
    italic: a.italic === true,
    strikethrough: a.strikethrough === true,
    underline: a.underline === true,
    code: a.code === true,
  };
}

function sameMarks(a: Marks, b: Marks): boolean {
  return (
    a.bold === b.bold &&
    a.italic === b.italic &&
    a.strikethrough === b.strikethrough &&
    a.underline === b.underline &&
    a.code === b.code
  );
}

/** The text and link one rich-text item shows. */
function itemContent(item: Json, ctx: RenderContext): { text: string; href?: string; math?: boolean } {
  const plain = typeof item.plain_text === "string" ? item.plain_text : "";
  if (item.type === "text") {
    return { text: item.text?.content ?? plain, href: resolveHref(item.text?.link?.url, ctx) };
  }
  if (item.type === "equation") return { text: item.equation?.expression ?? plain, math: true };
  if (item.type !== "mention") return { text: plain, href: safeHref(item.href) };
  const m = (item.mention ?? {}) as Json;
  switch (m.type) {
    case "page":
    case "database": {
      const target = ctx.link(m[m.type]?.id ?? "");
      if (target) return { text: target.title || plain, href: target.href || undefined };
      return { text: plain, href: safeHref(item.href) };
    }
    case "user": {
      const id = m.user?.id ?? "";
      const name = ctx.user(id)?.name ?? m.user?.name;
      return { text: name ? `@${name}` : plain || "@unknown user" };
    }
    case "date":
      return { text: formatDateValue(m.date) || plain };
    case "link_preview":
      return { text: m.link_preview?.url ?? plain, href: safeHref(m.link_preview?.url) };
    case "link_mention":
      return { text: m.link_mention?.title || plain, href: safeHref(m.link_mention?.href ?? item.href) };
    default:
      return { text: plain, href: safeHref(item.href) };
  }
}

/** Rich text as runs: items sharing a link grouped, neighbours with the same marks merged. */
export function inlineRuns(rich: unknown, ctx: RenderContext): InlineRun[] {
  const runs: InlineRun[] = [];
  if (!Array.isArray(rich)) return runs;
  for (const item of rich as Json[]) {
    const { text, href, math } = itemContent(item, ctx);
    if (text === "") continue;
    const marks = item ? marksOf(item) : NO_MARKS;
    let run = runs[runs.length - 1];
    if (!run || run.href !== href) {
      run = { href, pieces: [] };
      runs.push(run);
    }
    const last = run.pieces[run.pieces.length - 1];
    if (last && !last.math && !math && sameMarks(last.marks, marks)) last.text += text;
    else run.pieces.push(math ? { text, marks, math } : { text, marks });
  }
  return runs;
}

/** The plain text of rich text (mentions as they read, no marks). */
export function inlinePlain(rich: unknown, ctx: RenderContext): string {
  return inlineRuns(rich, ctx)
    .flatMap((r) => r.pieces.map((p) => p.text))
    .join("");
}
