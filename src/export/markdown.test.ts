import assert from "node:assert/strict";
import { test } from "node:test";
import { renderMarkdown } from "./markdown.ts";
import { block, mapContext, pageDoc, pageObject, rt, tableDoc, textBlock } from "./test-records.ts";

const ctx = mapContext();
const body = (md: string) => md.split("\n").slice(2).join("\n").trimEnd();

test("the title is the only level-1 heading and is escaped", () => {
  assert.equal(renderMarkdown(pageDoc("# Not *bold* #", []), ctx), "# # Not \\*bold\\* \\#\n");
  assert.equal(renderMarkdown(pageDoc("", []), ctx), "# Untitled\n");
});

test("nested bulleted, numbered and to-do lists at any depth", () => {
  const doc = pageDoc("T", [
    textBlock("bulleted_list_item", "one", [
      textBlock("numbered_list_item", "first", [
        textBlock("to_do", "deep", [textBlock("bulleted_list_item", "deeper")], { checked: true }),
      ]),
      textBlock("numbered_list_item", "second"),
    ]),
    textBlock("bulleted_list_item", "two"),
    textBlock("to_do", "todo", [], { checked: false }),
    textBlock("paragraph", "break"),
    textBlock("numbered_list_item", "restart"),
  ]);
  assert.equal(
    body(renderMarkdown(doc, ctx)),
    [
      "- one",
      "  1. first",
      "     - [x] deep",
      "       - deeper",
      "  2. second",
      "- two",
      "- [ ] todo",
      "",
      "break",
      "",
      "1. restart",
    ].join("\n"),
  );
});

test("two lists kept apart by an empty paragraph stay two lists", () => {
  const doc = pageDoc("T", [
    textBlock("numbered_list_item", "a"),
    textBlock("paragraph", ""),
    textBlock("numbered_list_item", "b"),
  ]);
  assert.equal(body(renderMarkdown(doc, ctx)), "1. a\n\n<!-- -->\n\n1. b");
});

test("a list item holding a paragraph keeps it inside the item", () => {
  const doc = pageDoc("T", [textBlock("bulleted_list_item", "item", [textBlock("paragraph", "more")])]);
  assert.equal(body(renderMarkdown(doc, ctx)), "- item\n\n  more");
});

test("headings shift one level down; toggleable headings and toggles become <details>", () => {
  const doc = pageDoc("T", [
    textBlock("heading_1", "One"),
    textBlock("heading_3", "Three ##"),
    textBlock("heading_2", "Fold", [textBlock("paragraph", "inside")], { is_toggleable: true }),
    textBlock("toggle", [rt("Q", { bold: true })], [textBlock("paragraph", "A")]),
  ]);
  assert.equal(
    body(renderMarkdown(doc, ctx)),
    "## One\n\n#### Three \\##\n\n<details>\n<summary><h3>Fold</h3></summary>\n\ninside\n\n</details>\n\n<details>\n<summary><strong>Q</strong></summary>\n\nA\n\n</details>",
  );
});

test("quotes and callouts (with their icon) as blockquotes holding their children", () => {
  const doc = pageDoc("T", [
    textBlock("quote", "said", [textBlock("paragraph", "and more")]),
    textBlock("callout", "note", [textBlock("bulleted_list_item", "point")], {
      icon: { type: "emoji", emoji: "💡" },
    }),
  ]);
  assert.equal(body(renderMarkdown(doc, ctx)), "> said\n>\n> and more\n\n> 💡 note\n>\n> - point");
});

test("code with its language, equations, dividers", () => {
  const doc = pageDoc("T", [
    block("code", { rich_text: [rt("a ``` b")], language: "c++", caption: [rt("cap")] }),
    block("equation", { expression: "x^2" }),
    block("divider", {}),
  ]);
  assert.equal(body(renderMarkdown(doc, ctx)), "````cpp\na ``` b\n````\n\ncap\n\n$$\nx^2\n$$\n\n---");
});

test("tables: header row per has_column_header, bold row headers, pipes escaped", () => {
  const row = (...cells: string[]) => block("table_row", { cells: cells.map((c) => [rt(c)]) });
  const withHeader = block("table", { table_width: 2, has_column_header: true, has_row_header: true }, [
    row("A", "B"),
    row("x|y", "z"),
  ]);
  const without = block("table", { table_width: 2, has_column_header: false }, [row("1", "2")]);
  assert.equal(
    body(renderMarkdown(pageDoc("T", [withHeader, without]), ctx)),
    "| <strong>A</strong> | B |\n| --- | --- |\n| <strong>x\\|y</strong> | z |\n\n|  |  |\n| --- | --- |\n| 1 | 2 |",
  );
});

test("columns in order, synced references through the context, missing originals noted", () => {
  const col = (t: string) => block("column", {}, [textBlock("paragraph", t)]);
  const original = textBlock("paragraph", "shared");
  const ref = block("synced_block", { synced_from: { block_id: "orig-1" } });
  const lost = block("synced_block", { synced_from: { block_id: "orig-2" } });
  const doc = pageDoc("T", [block("column_list", {}, [col("left"), col("right")]), ref, lost]);
  const md = body(renderMarkdown(doc, mapContext({ synced: { "orig-1": [original] } })));
  assert.equal(
    md,
    "left\n\nright\n\nshared\n\n<!-- synced block: the original orig-2 is not in this snapshot -->",
  );
});

test("child pages, databases and links to pages as links; unknown targets link to Notion", () => {
  const page = block("child_page", { title: "Sub" });
  const db = block("child_database", { title: "DB" });
  const link = block("link_to_page", { type: "page_id", page_id: "99999999-9999-4999-8999-999999999999" });
  const id = (n: typeof page) => (n.block as { id: string }).id;
  const c = mapContext({
    links: { [id(page)]: { title: "Sub page", href: "sub.md" }, [id(db)]: { title: "DB", href: "" } },
  });
  assert.equal(
    body(renderMarkdown(pageDoc("T", [page, db, link]), c)),
    "[Sub page](sub.md)\n\nDB\n\n[Untitled](https://www.notion.so/99999999999949998999999999999999)",
  );
});

test("media: downloaded images from the context, other files as links, unsupported blocks as comments", () => {
  const img = block("image", { type: "file", file: { url: "https://s3.test/x.png?sig=1" }, caption: [] });
  const ext = block("image", {
    type: "external",
    external: { url: "https://img.test/y.png" },
    caption: [rt("A chart")],
  });
  const pdf = block("pdf", {
    type: "external",
    external: { url: "https://docs.test/spec.pdf" },
    caption: [],
  });
  const odd = block("unsupported", { block_type: "ai_block" });
  const c = mapContext({
    media: [[{ object: "block", id: (img.block as { id: string }).id, path: ["image"] }, "media/x 1234.png"]],
  });
  assert.equal(
    body(renderMarkdown(pageDoc("T", [img, ext, pdf, odd]), c)),
    "![x.png](media/x%201234.png)\n\n![A chart](https://img.test/y.png)\n\nA chart\n\n📄 [spec.pdf](https://docs.test/spec.pdf)\n\n<!-- unsupported block: ai_block -->",
  );
});

test("bookmarks, embeds, link previews, breadcrumbs and a table of contents", () => {
  const doc = pageDoc("T", [
    block("breadcrumb", {}),
    block("table_of_contents", {}),
    textBlock("heading_1", "Intro"),
    textBlock("heading_2", "Intro"),
    block("bookmark", { url: "https://a.test", caption: [] }),
    block("embed", { url: "javascript:alert(1)", caption: [] }),
    block("link_preview", { url: "https://github.com/x/y/pull/1" }),
  ]);
  const c = mapContext({
    ancestors: [
      { title: "Wiki", href: "wiki.md" },
      { title: "T", href: "" },
    ],
  });
  assert.equal(
    body(renderMarkdown(doc, c)),
    [
      "[Wiki](wiki.md) / T",
      "",
      "- [Intro](#intro)",
      "  - [Intro](#intro-1)",
      "",
      "## Intro",
      "",
      "### Intro",
      "",
      "[https://a.test](https://a.test)",
      "",
      "javascript:alert(1)",
      "",
      "[https://github.com/x/y/pull/1](https://github.com/x/y/pull/1)",
    ].join("\n"),
  );
});

test("a row shows its properties under the title; an inlined database shows as a table", () => {
  const row = pageObject("Row", {
    Count: { type: "number", number: 3 },
    Tags: { type: "multi_select", multi_select: [{ name: "a|b" }, { name: "c" }] },
  });
  const doc = { id: row.id, page: row, blocks: [] };
  assert.equal(
    body(renderMarkdown(doc, ctx)),
    "| Property | Value |\n| --- | --- |\n| Count | 3 |\n| Tags | a\\|b, c |",
  );
  const db = block("child_database", { title: "Items" });
  const table = tableDoc({ Name: "title", Count: "number" }, [row]);
  const dbId = (db.block as { id: string }).id;
  const c = mapContext({ tables: { [dbId]: [table] }, links: { [dbId]: { title: "Items", href: "" } } });
  assert.equal(
    body(renderMarkdown(pageDoc("P", [db]), c)),
    "Items\n\n| Name | Count |\n| --- | --- |\n| Row | 3 |",
  );
});

test("comments close the page, replies under the discussion they answer", () => {
  const comment = (id: string, discussion: string, text: string, at: string) =>
    ({
      object: "comment",
      id,
      discussion_id: discussion,
      created_time: at,
      created_by: { id: "u" },
      rich_text: [rt(text)],
      display_name: { resolved_name: "Ada" },
    }) as never;
  const para = textBlock("paragraph", "Some text");
  const doc = {
    ...pageDoc("T", [para]),
    comments: {
      page: [
        comment("c1", "d1", "Hello", "2024-01-01T10:00:00.000Z"),
        comment("c2", "d1", "Hi *back*", "2024-01-01T10:05:00.000Z"),
      ],
      blocks: {
        [(para.block as { id: string }).id]: [comment("c3", "d2", "Inline", "2024-01-02T00:00:00.000Z")],
      },
    },
  };
  assert.equal(
    body(renderMarkdown(doc, ctx)),
    [
      "Some text",
      "",
      "## Comments",
      "",
      "- **Ada** (2024-01-01 10:00 UTC): Hello",
      "  - **Ada** (2024-01-01 10:05 UTC): Hi \\*back\\*",
      "",
      "- On “Some text”:",
      "  - **Ada** (2024-01-02 00:00 UTC): Inline",
    ].join("\n"),
  );
});
