// Rich text made writable: items cut to Notion's per-item length limits, arrays cut to 100 items per block.

/** Longest `text.content` Notion accepts in one rich-text item of a request. */
export const MAX_TEXT_CHARS = 2000;
/** Longest `equation.expression` Notion accepts (inline equations and equation blocks alike). */
export const MAX_EQUATION_CHARS = 1000;
/** Most items of any rich-text array in a request. */
export const MAX_RICH_TEXT_ITEMS = 100;
/** How far back from the cut a word boundary is looked for. */
const WORD_WINDOW = 100;

/** The parts of a rich-text item (request or response shape) that the splitter reads. */
export interface RichTextLike {
  type?: string;
  text?: { content: string; link?: { url: string } | null };
  equation?: { expression: string };
  plain_text?: string;
  [key: string]: unknown;
}

/**
 * Cuts every text item longer than 2000 characters (and inline equation longer than 1000) into
 * consecutive items with the same annotations, link and href, so that the text reads the same.
 * The cut falls after the last whitespace of the final ~100 characters when there is one, and never
 * inside a surrogate pair or before a combining mark or joiner. Mentions and short items are
 * returned as they are (the same objects); nothing is mutated.
 *
 * An equation cut in two renders as two adjacent inline equations, which is the best the API allows.
 */
export function splitRichText<T extends RichTextLike>(items: readonly T[]): T[] {
  const out: T[] = [];
  for (const item of items) {
    const text = item.text;
    if (text && typeof text.content === "string" && text.content.length > MAX_TEXT_CHARS) {
      for (const piece of cutText(text.content, MAX_TEXT_CHARS)) {
        out.push(withPlainText({ ...item, text: { ...text, content: piece } }, piece));
      }
      continue;
    }
    const eq = item.equation;
    if (eq && typeof eq.expression === "string" && eq.expression.length > MAX_EQUATION_CHARS) {
      for (const piece of cutText(eq.expression, MAX_EQUATION_CHARS)) {
        out.push(withPlainText({ ...item, equation: { ...eq, expression: piece } }, piece));
      }
      continue;
    }
    out.push(item);
  }
  return out;
}

/**
 * Groups a rich-text array into arrays of at most 100 items, in order. A block whose (split) rich
 * text has more than 100 items is written as several blocks of the same type and fields, one per
 * group, its children under the last one (the text reads on, and the children stay after it).
 * Always returns at least one group (an empty one for empty text).
 */
export function chunkRichTextArray<T>(items: readonly T[], max = MAX_RICH_TEXT_ITEMS): T[][] {
  if (items.length === 0) return [[]];
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += max) groups.push(items.slice(i, i + max));
  return groups;
}

/** `splitRichText`, then `chunkRichTextArray`: the rich text of one block as the API will take it. */
export function richTextForBlocks<T extends RichTextLike>(items: readonly T[]): T[][] {
  return chunkRichTextArray(splitRichText(items));
}

/** Cuts `s` into pieces of at most `max` UTF-16 units, preferring word boundaries. */
export function cutText(s: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = s;
  while (rest.length > max) {
    const cut = cutPoint(rest, max);
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  pieces.push(rest);
  return pieces;
}

function cutPoint(s: string, max: number): number {
  let cut = max;
  // A whitespace in the last window ends the piece: the next piece starts on a word.
  for (let i = cut - 1; i >= Math.max(1, cut - WORD_WINDOW); i--) {
    if (/\s/.test(s[i]!)) return i + 1;
  }
  // No boundary: back off so that no character (pair, or base + marks/joiners) is cut in two.
  while (cut > 1 && !safeBoundary(s, cut)) cut--;
  return cut > 1 ? cut : max;
}

/** Characters that belong to the one before them: combining marks, joiners, variation selectors, skin tones. */
const GLUE = /^(?:\p{M}|\u200C|\u200D|\uFE0E|\uFE0F|[\u{1F3FB}-\u{1F3FF}])$/u;

function safeBoundary(s: string, i: number): boolean {
  const before = s.charCodeAt(i - 1);
  if (before >= 0xd800 && before <= 0xdbff) return false;
  if (before === 0x200d) return false;
  const next = String.fromCodePoint(s.codePointAt(i) ?? 0x20);
  return !GLUE.test(next);
}

function withPlainText<T extends RichTextLike>(item: T, piece: string): T {
  return item.plain_text === undefined ? item : { ...item, plain_text: piece };
}
