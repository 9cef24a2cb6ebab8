// Notion rich text -> inline Markdown: bold, italic, strikethrough, code, underline, links, mentions, math.
import { type InlinePiece, inlineRuns } from "./inline-runs.ts";
import { codeSpan, escapeMarkdownText, markdownHref } from "./markdown-escape.ts";
import type { RenderContext } from "./render-context.ts";

/** Where the inline text goes, which decides what a line break inside it becomes. */
export interface InlineMarkdownOptions {
  /** "break": a hard line break (default); "space": one line (headings); "html": <br> (table cells). */
  newline?: "break" | "space" | "html";
  /** Inside a GFM table: pipes in code spans are escaped too. */
  inTable?: boolean;
}

const PUNCT = /[\p{P}\p{S}]/u;
const LOOSE = /^$|[\s\p{P}\p{S}]/u;

/**
 * Wraps one piece in its marks. Delimiters ("**", "*", "~~") only open and close next to punctuation when
 * whitespace or punctuation is on their other side (CommonMark's flanking rules); where they would not,
 * HTML tags say the same. `before` is the last character written, `after` the first one to come.
 */
function markPiece(piece: InlinePiece, opts: InlineMarkdownOptions, before: string, after: string): string {
  const { marks } = piece;
  if (piece.math) return `$${piece.text.trim()}$`;
  const lead = /^\s*/.exec(piece.text)![0];
  const trail = piece.text.slice(lead.length).match(/\s*$/)![0];
  const core = piece.text.slice(lead.length, piece.text.length - trail.length);
  if (core === "") return lineBreaks(piece.text, opts);
  let out = marks.code ? codeSpan(core) : lineBreaks(escapeMarkdownText(core), opts);
  if (marks.code && opts.inTable) out = out.replace(/\|/g, "\\|");
  const opensOk = !PUNCT.test(marks.code ? "`" : core[0]!) || lead !== "" || LOOSE.test(before);
  const closesOk =
    !PUNCT.test(marks.code ? "`" : core[core.length - 1]!) || trail !== "" || LOOSE.test(after);
  // Delimiters touching the previous piece's closing delimiters ("**a***b*") parse differently too.
  const tags = !opensOk || !closesOk || (lead === "" && /[*~]$/.test(before));
  if (marks.strikethrough) out = tags ? `<del>${out}</del>` : `~~${out}~~`;
  if (marks.italic) out = tags ? `<em>${out}</em>` : `*${out}*`;
  if (marks.bold) out = tags ? `<strong>${out}</strong>` : `**${out}**`;
  if (marks.underline) out = `<u>${out}</u>`;
  return lineBreaks(lead, opts) + out + lineBreaks(trail, opts);
}

function lineBreaks(text: string, opts: InlineMarkdownOptions): string {
  if (!text.includes("\n")) return text;
  const mode = opts.newline ?? "break";
  const parts = text.split(/\r?\n/);
  if (mode === "space") return parts.join(" ");
  if (mode === "html") return parts.join("<br>");
  // A backslash at the end of a line is a hard break; an empty line would end the paragraph instead.
  return parts.map((p, i) => (i < parts.length - 1 && p.trim() === "" ? "&nbsp;" : p)).join("\\\n");
}

/** Rich text as inline Markdown. */
export function richTextMarkdown(
  rich: unknown,
  ctx: RenderContext,
  opts: InlineMarkdownOptions = {},
): string {
  const runs = inlineRuns(rich, ctx);
  const firstChar = (r: number, p: number): string => {
    const run = runs[r];
    if (!run) return "";
    const piece = run.pieces[p];
    if (!piece) return firstChar(r + 1, 0);
    // A link opens with "[", and any marked or math piece with a delimiter: punctuation either way.
    return p === 0 && run.href ? "[" : piece.math ? "$" : (piece.text[0] ?? "");
  };
  let out = "";
  runs.forEach((run, r) => {
    let inner = "";
    run.pieces.forEach((piece, p) => {
      const before = (run.href ? inner || "[" : out + inner).slice(-1);
      const after = p + 1 < run.pieces.length ? firstChar(r, p + 1) : run.href ? "]" : firstChar(r + 1, 0);
      inner += markPiece(piece, opts, before, after);
    });
    if (run.href)
      out += `[${inner.trim() === "" ? escapeMarkdownText(run.href) : inner}](${markdownHref(run.href)})`;
    else out += inner;
  });
  return out;
}
