// Runs a parsed query over the snapshots in scope: postings intersected, phrases checked, hits ranked and cut.
import type { PostingList } from "./postings.ts";
import { TITLE_BIT } from "./postings.ts";
import type { QueryTerm } from "./query.ts";
import type { IndexedSnapshot, SearchIndex } from "./search-index.ts";
import { bestSnippet, phrasePattern, phrasesMatch, type Snippet } from "./snippet.ts";

/** One hit: a version of an object's text, and every snapshot in scope that holds that version. */
export interface SearchHit {
  /** The Notion id of the page, row, template, database or data source. */
  id: string;
  type: string;
  title: string;
  /** Titles from the top of the workspace down to the object itself. */
  path: string[];
  snippet: Snippet;
  /** The snapshots holding this version, newest first. */
  snapshots: Array<{ id: string; time: string }>;
  score: number;
}

/** Hits of a query, best first, cut at the limit; `total` counts them all. */
export interface QueryResult {
  total: number;
  hits: SearchHit[];
}

function weightScore(w: number): number {
  return (w & TITLE_BIT ? 10 : 0) + 1 + Math.log2(1 + (w & 0x7f));
}

function wordScores(index: SearchIndex, word: string, prefix: boolean): Map<number, number> {
  const out = new Map<number, number>();
  const addList = (list: PostingList) => {
    for (let i = 0; i < list.docs.length; i++) {
      const s = weightScore(list.weights[i]!);
      const d = list.docs[i]!;
      if (s > (out.get(d) ?? 0)) out.set(d, s);
    }
  };
  const dict = index.dictionary();
  if (prefix) for (const { list } of dict.withPrefix(word)) addList(list);
  else addList(dict.exact(word));
  return out;
}

/** Documents holding the adjacent pair `first second` (the second a prefix when asked), scored 0. */
function pairDocs(index: SearchIndex, first: string, second: string, prefix: boolean): Map<number, number> {
  const out = new Map<number, number>();
  const dict = index.pairDictionary();
  const lists = prefix
    ? [...dict.withPrefix(`${first} ${second}`)].map((x) => x.list)
    : [dict.exact(`${first} ${second}`)];
  for (const list of lists) for (const d of list.docs) out.set(d, 0);
  return out;
}

/** Documents holding every word of every term (phrases not yet checked for adjacency), with scores. */
function candidates(index: SearchIndex, terms: readonly QueryTerm[]): Map<number, number> {
  const maps: Array<Map<number, number>> = [];
  for (const term of terms) {
    const last = term.words.length - 1;
    term.words.forEach((w, i) => {
      maps.push(wordScores(index, w, term.prefix && i === last));
      // Pairs settle two-word phrases exactly and narrow longer ones to a few documents to check.
      if (term.phrase && i > 0) maps.push(pairDocs(index, term.words[i - 1]!, w, term.prefix && i === last));
    });
  }
  maps.sort((a, b) => a.size - b.size);
  const [smallest, ...rest] = maps;
  const out = new Map<number, number>();
  if (!smallest) return out;
  for (const [doc, score] of smallest) {
    let total = score;
    let all = true;
    for (const m of rest) {
      const s = m.get(doc);
      if (s === undefined) {
        all = false;
        break;
      }
      total += s;
    }
    if (all) out.set(doc, total);
  }
  return out;
}

/** Runs `terms` over the given indexed snapshots. */
export function runQuery(
  index: SearchIndex,
  terms: readonly QueryTerm[],
  scope: readonly IndexedSnapshot[],
  limit: number,
): QueryResult {
  const newestFirst = [...scope].sort((a, b) => b.time.localeCompare(a.time) || (a.id < b.id ? -1 : 1));
  const ids = newestFirst.map((s) => s.id);
  const found = candidates(index, terms);
  if (found.size === 0) return { total: 0, hits: [] };
  const { holder, parent } = index.firstHolders(ids);
  const rows: Array<{ doc: number; score: number; holder: number; id: string }> = [];
  for (const [doc, score] of found) {
    const h = holder.get(doc);
    if (h !== undefined) rows.push({ doc, score, holder: h, id: index.docs[doc]!.id });
  }
  rows.sort((a, b) => b.score - a.score || a.holder - b.holder || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ranked = rows.map((r) => r.doc);
  const patterns = terms.filter((t) => t.phrase && t.words.length > 2).map(phrasePattern);
  const matched =
    patterns.length > 0 ? ranked.filter((d) => phrasesMatch(index.fields(d), patterns)) : ranked;
  const shown = matched.slice(0, Math.max(0, limit));
  const holders = index.holdersOf(shown, ids);
  const hits = shown.map((doc, i): SearchHit => {
    const meta = index.docs[doc]!;
    const snippet = bestSnippet(index.fields(doc), terms) ?? {
      text: meta.title,
      marks: [],
      field: { kind: "title" as const, label: "title" },
    };
    return {
      id: meta.id,
      type: meta.type,
      title: meta.title,
      path: breadcrumb(index, parent, doc),
      snippet,
      snapshots: holders[i]!.map((si) => ({ id: newestFirst[si]!.id, time: newestFirst[si]!.time })),
      score: Math.round(found.get(doc)! * 100) / 100,
    };
  });
  return { total: matched.length, hits };
}

/** Titles from the top down to `doc`, through its parents in the newest snapshot holding it. */
function breadcrumb(index: SearchIndex, parents: Map<number, number>, doc: number): string[] {
  const titles: string[] = [];
  for (let d = doc, guard = 0; d >= 0 && guard < 256; d = parents.get(d) ?? -1, guard++) {
    const title = index.docs[d]!.title || "Untitled";
    // A database and its (single) data source share a title: show it once.
    if (titles.at(-1) !== title) titles.push(title);
  }
  return titles.reverse();
}
