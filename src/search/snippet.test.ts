import assert from "node:assert/strict";
import { test } from "node:test";
import type { DocField } from "./extract.ts";
import { parseQuery } from "./query.ts";
import { bestSnippet, phrasePattern, phrasesMatch } from "./snippet.ts";

const marked = (s: { text: string; marks: Array<[number, number]> }) =>
  s.marks.map(([a, b]) => s.text.slice(a, b));

test("the snippet comes from the field matching most terms, with every match in it marked", () => {
  const fields: DocField[] = [
    { kind: "title", label: "title", text: "Quarterly budget" },
    {
      kind: "block",
      label: "paragraph",
      text: "The budget for the Café opening was\napproved in March.",
      block: "b1",
    },
  ];
  const s = bestSnippet(fields, parseQuery("budget cafe"))!;
  assert.equal(s.field.block, "b1");
  assert.deepEqual(marked(s), ["budget", "Café"]);
  assert.ok(!s.text.includes("\n"), "line breaks are flattened");
});

test("a long field is cut around the first match, with ellipses, and the marks still line up", () => {
  const text = `${"lorem ipsum ".repeat(40)}the needle is here ${"dolor sit ".repeat(40)}`;
  const s = bestSnippet([{ kind: "block", label: "paragraph", text }], parseQuery("needle"), 80)!;
  assert.ok(s.text.startsWith("…") && s.text.endsWith("…"));
  assert.ok(s.text.length < 100);
  assert.deepEqual(marked(s), ["needle"]);
});

test("phrases must be adjacent somewhere in the document, ignoring case, accents and punctuation", () => {
  const fields: DocField[] = [
    { kind: "block", label: "paragraph", text: "Review the Incident — Crème, brûlée!" },
    { kind: "title", label: "title", text: "incidents" },
  ];
  const patterns = (q: string) =>
    parseQuery(q)
      .filter((t) => t.phrase)
      .map(phrasePattern);
  assert.ok(!phrasesMatch(fields, patterns('"incident review"')));
  assert.ok(phrasesMatch(fields, patterns('"the incident"')));
  assert.ok(phrasesMatch(fields, patterns('"creme brulee"')));
  assert.ok(phrasesMatch(fields, patterns('"incident creme"')), "punctuation between words is no barrier");
  assert.ok(!phrasesMatch(fields, patterns('"the inci"')), "a quoted phrase has no prefix");
  assert.ok(phrasesMatch(fields, patterns("the-inci")), "a bare last word is a prefix");
  assert.ok(!phrasesMatch(fields, patterns('"brulee incidents"')), "a phrase does not run across fields");
  assert.ok(phrasesMatch(fields, patterns("incident review")), "bare words need no adjacency");
});
