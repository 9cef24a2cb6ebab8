// Text folding and word splitting shared by indexing, queries and snippets: case- and accent-insensitive words.

/** One word of a text: its folded form and where it sits in the original string. */
export interface Token {
  word: string;
  start: number;
  end: number;
}

// Letters (with their combining marks) and digits; everything else separates words.
const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu;

/**
 * Chinese and Japanese are written without spaces between words, so each Han, Hiragana or Katakana
 * letter is a word of its own: a query's run of them becomes a phrase of adjacent letters (pairs of
 * letters are indexed for phrases), which finds any substring without a dictionary.
 */
export const CJK_LETTERS = "\\p{scx=Han}\\p{scx=Hira}\\p{scx=Kana}";
const CJK = new RegExp(`(?=[\\p{L}\\p{N}])[${CJK_LETTERS}]`, "u");
const CJK_SPLIT = new RegExp(
  `(?=[\\p{L}\\p{N}])[${CJK_LETTERS}]\\p{M}*|(?:(?![${CJK_LETTERS}])[\\p{L}\\p{M}\\p{N}])+`,
  "gu",
);

/** Whether `ch` (one character) is a Chinese or Japanese letter, a word by itself. */
export function isCjk(ch: string): boolean {
  return CJK.test(ch);
}

// Every CJK letter lies above U+2E80 (astral ones as surrogates): a cheap test before the exact one.
const MAYBE_CJK = /[\u2e80-\uffff]/;

/** Calls `add` with each word of one run of letters and digits: itself, or split at CJK letters. */
function eachPiece(run: string, at: number, add: (piece: string, start: number) => void): void {
  if (!MAYBE_CJK.test(run) || !CJK.test(run)) add(run, at);
  else for (const m of run.matchAll(CJK_SPLIT)) add(m[0], at + m.index);
}

// Accents go; the kana voicing marks stay (が is not か) and are put back on their kana by NFC, as
// Hangul jamo are into syllables: only text from U+1100 up can need it.
const MARKS = /(?![\u3099\u309a])\p{M}/gu;
const RECOMPOSABLE = /[\u1100-\uffff]/;
const ASCII_WORD = /^[a-z0-9]+$/;

/** Lower-cases and strips accents (NFKD, combining marks removed, NFC): "Écoute" -> "ecoute", "ﬁ" -> "fi". */
export function fold(word: string): string {
  const lower = word.toLowerCase();
  if (ASCII_WORD.test(lower)) return lower;
  const folded = lower
    .normalize("NFKD")
    .replace(MARKS, "")
    .replace(/ß/g, "ss")
    .replace(/[æ]/g, "ae")
    .replace(/œ/g, "oe");
  return RECOMPOSABLE.test(folded) ? folded.normalize("NFC") : folded;
}

/** The words of `text`, folded, with their offsets in `text`. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const add = (piece: string, start: number) => {
    const word = fold(piece);
    // Folding may drop a lone mark (a half-width voicing mark); skip it so offsets stay honest.
    if (word !== "") out.push({ word, start, end: start + piece.length });
  };
  for (const m of text.matchAll(WORD)) eachPiece(m[0], m.index, add);
  return out;
}

/** The folded words of `text`, without offsets (indexing needs only these). */
export function words(text: string): string[] {
  const out: string[] = [];
  const add = (piece: string) => {
    const word = fold(piece);
    if (word !== "") out.push(word);
  };
  for (const m of text.matchAll(WORD)) eachPiece(m[0], m.index, add);
  return out;
}
