import assert from "node:assert/strict";
import { test } from "node:test";
import { richTextHtml } from "./rich-text-html.ts";
import { richTextMarkdown } from "./rich-text-markdown.ts";
import { mapContext, mention, rt } from "./test-records.ts";

const ctx = mapContext({
  links: { "11111111-1111-4111-8111-111111111111": { title: "Roadmap", href: "roadmap.md" } },
  users: [
    { object: "user", id: "u1", name: "Ada Lovelace", type: "person", person: {}, avatar_url: null } as never,
  ],
});

test("annotations become Markdown marks; colours are dropped", () => {
  const md = richTextMarkdown(
    [
      rt("bold", { bold: true }),
      rt(" "),
      rt("italic", { italic: true }),
      rt(" "),
      rt("struck", { strikethrough: true }),
      rt(" "),
      rt("code", { code: true }),
      rt(" "),
      rt("under", { underline: true, color: "red" }),
    ],
    ctx,
  );
  assert.equal(md, "**bold** *italic* ~~struck~~ `code` <u>under</u>");
});

test("whitespace at the edges of a marked piece goes outside the marks", () => {
  assert.equal(richTextMarkdown([rt("a"), rt(" bold ", { bold: true }), rt("b")], ctx), "a **bold** b");
});

test("marks that CommonMark would not parse fall back to HTML tags", () => {
  assert.equal(
    richTextMarkdown([rt("on 14"), rt(". Done!", { bold: true })], ctx),
    "on 14<strong>. Done!</strong>",
  );
  assert.equal(richTextMarkdown([rt("Simple.", { italic: true })], ctx), "*Simple.*");
  // Two differently marked pieces side by side must not merge their delimiters.
  const md = richTextMarkdown([rt("a", { bold: true }), rt("b", { italic: true })], ctx);
  assert.equal(md, "**a**<em>b</em>");
});

test("neighbouring pieces with the same marks merge", () => {
  assert.equal(richTextMarkdown([rt("one ", { bold: true }), rt("two", { bold: true })], ctx), "**one two**");
});

test("links, with marks inside, and unsafe addresses dropped", () => {
  assert.equal(
    richTextMarkdown([rt("see "), rt("docs", { bold: true }, "https://x.test/a b")], ctx),
    "see [**docs**](https://x.test/a%20b)",
  );
  assert.equal(richTextMarkdown([rt("click", {}, "javascript:alert(1)")], ctx), "click");
});

test("mentions: pages as local links, users by name, dates, link previews; Notion links to captured pages", () => {
  const md = richTextMarkdown(
    [
      mention(
        { type: "page", page: { id: "11111111-1111-4111-8111-111111111111" } },
        "old title",
        "https://www.notion.so/x",
      ),
      rt(" "),
      mention({ type: "user", user: { object: "user", id: "u1" } }, "@someone"),
      rt(" "),
      mention(
        { type: "date", date: { start: "2024-06-12", end: "2024-06-14", time_zone: null } },
        "2024-06-12 → 2024-06-14",
      ),
      rt(" "),
      rt("here", {}, "/11111111111141118111111111111111"),
    ],
    ctx,
  );
  assert.equal(md, "[Roadmap](roadmap.md) @Ada Lovelace 2024-06-12 → 2024-06-14 [here](roadmap.md)");
});

test("a mention of an object not captured keeps Notion's text and link", () => {
  const md = richTextMarkdown(
    [
      mention(
        { type: "page", page: { id: "22222222-2222-4222-8222-222222222222" } },
        "Gone",
        "https://www.notion.so/2222",
      ),
    ],
    ctx,
  );
  assert.equal(md, "[Gone](https://www.notion.so/2222)");
});

test("inline equations as $…$, text that looks like Markdown escaped", () => {
  const md = richTextMarkdown(
    [
      { type: "equation", equation: { expression: " E = mc^2 " }, plain_text: "E", annotations: {} },
      rt(" costs $5 *now*"),
    ],
    ctx,
  );
  assert.equal(md, "$E = mc^2$ costs \\$5 \\*now\\*");
});

test("line breaks: hard breaks in blocks, spaces in headings, <br> in table cells", () => {
  const rich = [rt("one\ntwo")];
  assert.equal(richTextMarkdown(rich, ctx), "one\\\ntwo");
  assert.equal(richTextMarkdown(rich, ctx, { newline: "space" }), "one two");
  assert.equal(richTextMarkdown(rich, ctx, { newline: "html" }), "one<br>two");
  assert.equal(richTextMarkdown([rt("a|b", { code: true })], ctx, { inTable: true }), "`a\\|b`");
});

test("rich text as HTML escapes every character and keeps marks and safe links", () => {
  const html = richTextHtml(
    [
      rt("<script>alert(1)</script>", { bold: true }),
      rt(" x", {}, "javascript:alert(1)"),
      rt(" y", { code: true }, "https://e.test/?a=1&b=2"),
    ],
    ctx,
  );
  assert.equal(
    html,
    '<strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong> x<a href="https://e.test/?a=1&amp;b=2"><code> y</code></a>',
  );
});
