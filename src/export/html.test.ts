import assert from "node:assert/strict";
import { test } from "node:test";
import { renderHtml } from "./html.ts";
import { renderTableHtml } from "./table-html.ts";
import { block, mapContext, pageDoc, pageObject, rt, tableDoc, textBlock } from "./test-records.ts";

const ctx = mapContext();

test("a standalone page: doctype, inline style, a policy that forbids scripts and remote loads, escaped title", () => {
  const html = renderHtml(pageDoc("<script>alert(1)</script>", [textBlock("paragraph", "hi")]), ctx);
  assert.match(html, /^<!doctype html>/);
  assert.match(html, /<style>[^<]+<\/style>/);
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
  assert.match(html, /<title>&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/title>/);
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /(src|href)="https?:/);
});

test("the fragment form is the article alone", () => {
  const html = renderHtml(pageDoc("T", [textBlock("paragraph", "hi")]), ctx, { standalone: false });
  assert.equal(html, '<article class="nv-page">\n<h1 class="nv-title">T</h1>\n<p>hi</p>\n</article>\n');
});

test("lists grouped by kind and nested; to-dos as disabled checkboxes", () => {
  const doc = pageDoc("T", [
    textBlock("bulleted_list_item", "a", [textBlock("numbered_list_item", "n")]),
    textBlock("bulleted_list_item", "b"),
    textBlock("to_do", "t", [], { checked: true }),
  ]);
  const html = renderHtml(doc, ctx, { standalone: false });
  assert.match(
    html,
    /<ul>\n<li>a\n<ol>\n<li>n<\/li>\n<\/ol>\n<\/li>\n<li>b<\/li>\n<\/ul>\n<ul class="nv-todo">\n<li class="nv-checked"><input type="checkbox" disabled checked><span>t<\/span><\/li>\n<\/ul>/,
  );
});

test("remote images are links unless asked for; downloaded ones are shown; javascript: links are dropped", () => {
  const remote = block("image", {
    type: "external",
    external: { url: "https://img.test/a.png" },
    caption: [],
  });
  const local = block("image", { type: "file", file: { url: "https://s3.test/b.png" }, caption: [rt("B")] });
  const bad = block("bookmark", { url: "javascript:alert(1)", caption: [] });
  const c = mapContext({
    media: [[{ object: "block", id: (local.block as { id: string }).id, path: ["image"] }, "media/b.png"]],
  });
  const doc = pageDoc("T", [remote, local, bad]);
  const html = renderHtml(doc, c, { standalone: false });
  assert.match(html, /🖼️ <a href="https:\/\/img.test\/a.png">a.png<\/a>/);
  assert.match(html, /<img src="media\/b.png" alt="B" loading="lazy"><figcaption>B<\/figcaption>/);
  assert.doesNotMatch(html, /href="javascript:/);
  assert.match(html, /🔗 javascript:alert\(1\)<\/p>/);
  const shown = renderHtml(doc, c, { externalImages: true });
  assert.match(shown, /<img src="https:\/\/img.test\/a.png"/);
  assert.match(shown, /img-src 'self' data: blob: https: http:/);
});

test("tables, columns, callouts, toggles, code and equations as HTML", () => {
  const row = (...cells: string[]) => block("table_row", { cells: cells.map((c) => [rt(c)]) });
  const doc = pageDoc("T", [
    block("table", { table_width: 2, has_column_header: true }, [row("H1", "H2"), row("a", "<b>")]),
    block("column_list", {}, [
      block("column", { width_ratio: 0.25 }, [textBlock("paragraph", "L")]),
      block("column", {}, [textBlock("paragraph", "R")]),
    ]),
    textBlock("callout", "c", [], { icon: { type: "emoji", emoji: "💡" } }),
    textBlock("toggle", "more", [textBlock("paragraph", "hidden")]),
    block("code", { rich_text: [rt("if (a < b) {}")], language: "javascript", caption: [] }),
    block("equation", { expression: "a<b" }),
  ]);
  const html = renderHtml(doc, ctx, { standalone: false });
  assert.match(html, /<thead><tr><th scope="col">H1<\/th><th scope="col">H2<\/th><\/tr><\/thead>/);
  assert.match(html, /<td>&lt;b&gt;<\/td>/);
  assert.match(
    html,
    /<div class="nv-column" style="flex: 0.25 1 0">\n<p>L<\/p>\n<\/div>\n<div class="nv-column">\n<p>R<\/p>/,
  );
  assert.match(html, /<div class="nv-callout-icon">💡<\/div>/);
  assert.match(html, /<details>\n<summary>more<\/summary>\n<div class="nv-indent">\n<p>hidden<\/p>/);
  assert.match(html, /<code class="language-javascript">if \(a &lt; b\) \{\}<\/code>/);
  assert.match(html, /<div class="nv-equation">a&lt;b<\/div>/);
});

test("a data source as an HTML table with linked titles", () => {
  const row = pageObject("Row <1>", { Count: { type: "number", number: 3 } });
  const c = mapContext({ links: { [row.id]: { title: "Row <1>", href: "row.html" } } });
  const html = renderTableHtml(tableDoc({ Name: "title", Count: "number" }, [row]), c);
  assert.match(html, /<thead><tr><th>Name<\/th><th>Count<\/th><\/tr><\/thead>/);
  assert.match(html, /<tr><th scope="row"><a href="row.html">Row &lt;1&gt;<\/a><\/th><td>3<\/td><\/tr>/);
});
