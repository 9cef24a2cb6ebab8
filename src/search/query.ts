// Parses what a user typed: words (all must match), "quoted phrases", and a prefix match on the last word.
import { tokenize } from "./normalise.ts";

/** One part of a query: a word, or a phrase whose words must follow each other. */
export interface QueryTerm {
  /** Folded words, in order. */
  words: string[];
  /** The last word may be the start of a longer word (the user may still be typing it). */
  prefix: boolean;
  /** Quoted, or several words joined by punctuation ("e-mail"): the words must be adjacent. */
  phrase: boolean;
}

/** Splits a query into terms; an empty result means it held no word at all. */
export function parseQuery(query: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  const pattern = /"([^"]*)"?|(\S+)/g;
  let lastBare: QueryTerm | undefined;
  let lastEnd = 0;
  for (const m of query.matchAll(pattern)) {
    const quoted = m[1] !== undefined;
    const words = tokenize(quoted ? m[1]! : m[2]!).map((t) => t.word);
    lastEnd = m.index + m[0].length;
    if (words.length === 0) continue;
    const term: QueryTerm = { words, prefix: false, phrase: quoted || words.length > 1 };
    terms.push(term);
    lastBare = quoted ? undefined : term;
  }
  // Prefix only when the query ends in that bare word (not after a space, not inside quotes).
  const last = terms.at(-1);
  if (last && last === lastBare && lastEnd === query.length && !/[^\p{L}\p{N}]$/u.test(query)) {
    last.prefix = true;
  }
  return terms;
}

/** True when `words` (folded tokens of a text) contain the term at `at`. */
export function termAt(words: readonly string[], at: number, term: QueryTerm): boolean {
  const n = term.words.length;
  if (at + n > words.length) return false;
  for (let i = 0; i < n; i++) {
    const w = words[at + i]!;
    const q = term.words[i]!;
    if (i === n - 1 && term.prefix ? !w.startsWith(q) : w !== q) return false;
  }
  return true;
}
