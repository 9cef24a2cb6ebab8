// Search over Chinese and Japanese text, which has no spaces: any run of letters is found, in order.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseQuery } from "./query.ts";
import { runQuery } from "./run-query.ts";
import { SearchIndex } from "./search-index.ts";
import { doc, tree } from "./test-docs.ts";

function workspace(): SearchIndex {
  const index = SearchIndex.empty();
  const docs = [
    doc("tokyo", "東京都庁の見学", "新宿にあります"),
    doc("kyoto", "京都の旅", "iPhone用ケースを買った"),
    doc("latin", "Tokyo trip", "Kyoto next year"),
  ].map((d) => index.addDoc(d));
  docs.forEach((n, i) => {
    index.folders.add(tree(i + 1), n, []);
  });
  index.folders.add(
    tree(9),
    -1,
    docs.map((_, i) => tree(i + 1)),
  );
  index.snapshots.set("s1", { id: "s1", time: "2026-01-01T00:00:00Z", root: tree(9) });
  return index;
}

function ids(index: SearchIndex, query: string): string[] {
  const scope = [...index.snapshots.values()];
  return runQuery(index, parseQuery(query), scope, 10)
    .hits.map((h) => h.id)
    .sort();
}

test("a run of Chinese or Japanese letters finds the pages holding it, anywhere in a word", () => {
  const index = workspace();
  assert.deepEqual(ids(index, "東京"), ["tokyo"]);
  assert.deepEqual(ids(index, "京都"), ["kyoto", "tokyo"], "東京都 holds 京都 too");
  assert.deepEqual(ids(index, "都庁"), ["tokyo"]);
  assert.deepEqual(ids(index, "東京都庁"), ["tokyo"], "longer runs are checked in order");
  assert.deepEqual(ids(index, "庁都"), [], "letters out of order do not match");
  assert.deepEqual(ids(index, "京 旅"), ["kyoto"], "separate words may be anywhere");
  assert.deepEqual(ids(index, "iphone用"), ["kyoto"], "Latin and Japanese side by side");
  assert.deepEqual(ids(index, '"用ケースを買"'), ["kyoto"]);
  assert.deepEqual(ids(index, "tokyo"), ["latin"]);
});

test("the snippet marks exactly the letters matched", () => {
  const index = workspace();
  const [hit] = runQuery(index, parseQuery("都庁"), [...index.snapshots.values()], 10).hits;
  assert.ok(hit);
  assert.equal(hit.snippet.text, "東京都庁の見学");
  assert.deepEqual(hit.snippet.marks, [[2, 4]]);
});
