// Finds where a document matches a query and cuts the snippet shown for a hit, with the matches marked.
import type { DocField } from "./extract.ts";
import { CJK_LETTERS, fold, isCjk, tokenize } from "./normalise.ts";
import { type QueryTerm, termAt } from "./query.ts";

/** A piece of a field around the first match; `marks` are [start, end) offsets into `text`. */
export interface Snippet {
  text: string;
  marks: Array<[number, number]>;
  /** Where the text comes from: title, property (label = its name), block (label = its type), comment. */
  field: Pick<DocField, "kind" | "label" | "block">;
}

/** The terms a field matches and the character ranges of the matches. */
export interface FieldMatch {
  terms: Set<number>;
  ranges: Array<[number, number]>;
}

/** Matches every term against one field's text. */
export function matchField(text: string, terms: readonly QueryTerm[]): FieldMatch {
  const tokens = tokenize(text);
  const words = tokens.map((t) => t.word);
  const out: FieldMatch = { terms: new Set(), ranges: [] };
  for (let at = 0; at < tokens.length; at++) {
    for (const [i, term] of terms.entries()) {
      if (!termAt(words, at, term)) continue;
      out.terms.add(i);
      out.ranges.push([tokens[at]!.start, tokens[at + term.words.length - 1]!.end]);
    }
  }
  out.ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  return out;
}

const escapeRegExp = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// A letter or digit that continues a word: Chinese and Japanese letters are words by themselves.
const WORD_GOES_ON = `(?:(?![${CJK_LETTERS}])[\\p{L}\\p{N}])`;

/**
 * A pattern finding a phrase in folded text: its words in order, with only non-word characters
 * between them (or none next to a Chinese or Japanese letter, which is a word by itself).
 */
export function phrasePattern(term: QueryTerm): RegExp {
  let body = "";
  term.words.forEach((w, i) => {
    const prev = term.words[i - 1];
    if (prev !== undefined) {
      body += isCjk(prev.at(-1) ?? "") || isCjk(w[0] ?? "") ? "[^\\p{L}\\p{N}]*" : "[^\\p{L}\\p{N}]+";
    }
    body += escapeRegExp(w);
  });
  const first = term.words[0]?.[0] ?? "";
  const last = term.words.at(-1)?.at(-1) ?? "";
  const before = isCjk(first) ? "" : `(?<!${WORD_GOES_ON})`;
  const after = term.prefix || isCjk(last) ? "" : `(?!${WORD_GOES_ON})`;
  return new RegExp(`${before}${body}${after}`, "u");
}

/**
 * True when every phrase term occurs in some field (plain words are settled by the postings). The
 * whole field is folded at once and searched with a pattern: much faster than splitting it into words.
 */
export function phrasesMatch(fields: readonly DocField[], patterns: readonly RegExp[]): boolean {
  if (patterns.length === 0) return true;
  const folded = fields.map((f) => fold(f.text));
  return patterns.every((p) => folded.some((text) => p.test(text)));
}

/** The snippet of the field that matches the most terms (the first such field), about `width` characters. */
export function bestSnippet(
  fields: readonly DocField[],
  terms: readonly QueryTerm[],
  width = 160,
): Snippet | undefined {
  let best: { field: DocField; match: FieldMatch } | undefined;
  for (const field of fields) {
    const match = matchField(field.text, terms);
    if (match.terms.size > (best?.match.terms.size ?? 0)) best = { field, match };
    if (best && best.match.terms.size === terms.length) break;
  }
  if (!best) return undefined;
  const { field, match } = best;
  const flat = field.text.replace(/\s/g, " ");
  const first = match.ranges[0]!;
  let start = Math.max(0, first[0] - Math.floor(width / 3));
  if (start > 0) {
    const space = flat.indexOf(" ", start);
    start = space >= 0 && space < first[0] ? space + 1 : start;
  }
  let end = Math.min(flat.length, Math.max(start + width, first[1]));
  if (end < flat.length) {
    const space = flat.lastIndexOf(" ", end);
    end = space > first[1] ? space : end;
  }
  const head = start > 0 ? "…" : "";
  const text = `${head}${flat.slice(start, end).trim()}${end < flat.length ? "…" : ""}`;
  const lead = flat.slice(start, end).length - flat.slice(start, end).trimStart().length;
  const shift = head.length - start - lead;
  const marks: Array<[number, number]> = [];
  let lastEnd = -1;
  for (const [s, e] of match.ranges) {
    if (s < start || e > end || s < lastEnd) continue;
    marks.push([s + shift, e + shift]);
    lastEnd = e;
  }
  return {
    text,
    marks,
    field: { kind: field.kind, label: field.label, ...(field.block ? { block: field.block } : {}) },
  };
}
