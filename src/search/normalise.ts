// Text folding and word splitting shared by indexing, queries and snippets: case- and accent-insensitive words.

/** One word of a text: its folded form and where it sits in the original string. */
export interface Token {
  word: string;
  start: number;
  end: number;
}

// Letters (with their combining marks) and digits; everything else separates words.
const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu;
const MARKS = /\p{M}+/gu;
const ASCII_WORD = /^[a-z0-9]+$/;

/** Lower-cases and strips accents (NFKD, combining marks removed): "Écoute" -> "ecoute", "ﬁ" -> "fi". */
export function fold(word: string): string {
  const lower = word.toLowerCase();
  if (ASCII_WORD.test(lower)) return lower;
  return lower
    .normalize("NFKD")
    .replace(MARKS, "")
    .replace(/ß/g, "ss")
    .replace(/[æ]/g, "ae")
    .replace(/œ/g, "oe");
}

/** The words of `text`, folded, with their offsets in `text`. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const word = fold(m[0]);
    // Folding may leave pieces ("ǆ" -> "dz") but never nothing; guard anyway so offsets stay honest.
    if (word !== "") out.push({ word, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** The folded words of `text`, without offsets (indexing needs only these). */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORD)) {
    const word = fold(m[0]);
    if (word !== "") out.push(word);
  }
  return out;
}
