import assert from "node:assert/strict";
import { test } from "node:test";
import { columnNames, propertyText, propertyWords } from "./property-value.ts";
import { valueHtml } from "./table-html.ts";
import { valueMarkdown } from "./table-markdown.ts";
import { mapContext, mention, rt } from "./test-records.ts";

const ADA = {
  object: "user",
  id: "u-ada",
  name: "Ada Lovelace",
  type: "person",
  person: {},
  avatar_url: null,
} as never;
const ctx = mapContext({
  users: [ADA],
  links: { "r-1": { title: "Launch", href: "launch.md" } },
  media: [[{ object: "page", id: "row", path: ["properties", "Files", "files", 0] }, "media/spec 1a2b.pdf"]],
});
const text = (prop: unknown) => propertyText(prop as never, ctx, { pageId: "row", property: "Files" });

test("each property type as plain text", () => {
  const cases: Array<[unknown, string]> = [
    [{ type: "title", title: [rt("Plan "), rt("B", { bold: true })] }, "Plan B"],
    [
      { type: "rich_text", rich_text: [mention({ type: "user", user: { id: "u-ada" } }, "@x")] },
      "@Ada Lovelace",
    ],
    [{ type: "number", number: 1234.5 }, "1234.5"],
    [{ type: "number", number: null }, ""],
    [{ type: "select", select: { name: "High" } }, "High"],
    [{ type: "select", select: null }, ""],
    [{ type: "multi_select", multi_select: [{ name: "a" }, { name: "b" }] }, "a, b"],
    [{ type: "status", status: { name: "Done" } }, "Done"],
    [
      { type: "date", date: { start: "2024-01-01", end: "2024-01-03", time_zone: null } },
      "2024-01-01 → 2024-01-03",
    ],
    [
      { type: "date", date: { start: "2024-01-01T09:00:00.000Z", end: null, time_zone: "Europe/Paris" } },
      "2024-01-01T09:00:00.000Z (Europe/Paris)",
    ],
    [
      {
        type: "people",
        people: [
          { object: "user", id: "u-ada" },
          { object: "user", id: "u-x", name: "Grace" },
        ],
      },
      "Ada Lovelace, Grace",
    ],
    [
      {
        type: "files",
        files: [
          { name: "spec.pdf", type: "file", file: { url: "https://s3/x?sig" } },
          { name: "site", type: "external", external: { url: "https://e.test/f" } },
        ],
      },
      "media/spec 1a2b.pdf, https://e.test/f",
    ],
    [{ type: "checkbox", checkbox: true }, "true"],
    [{ type: "checkbox", checkbox: false }, "false"],
    [{ type: "url", url: "https://a.test" }, "https://a.test"],
    [{ type: "email", email: "a@b.test" }, "a@b.test"],
    [{ type: "phone_number", phone_number: "+1 555 0100" }, "+1 555 0100"],
    [{ type: "formula", formula: { type: "number", number: 12 } }, "12"],
    [{ type: "formula", formula: { type: "string", string: "Open" } }, "Open"],
    [{ type: "formula", formula: { type: "boolean", boolean: false } }, "false"],
    [{ type: "formula", formula: { type: "date", date: { start: "2024-02-02", end: null } } }, "2024-02-02"],
    [{ type: "relation", relation: [{ id: "r-1" }, { id: "r-2" }], has_more: false }, "Launch (r-1), r-2"],
    [{ type: "rollup", rollup: { type: "number", number: 7, function: "sum" } }, "7"],
    [{ type: "rollup", rollup: { type: "date", date: { start: "2024-03-03", end: null } } }, "2024-03-03"],
    [
      {
        type: "rollup",
        rollup: {
          type: "array",
          array: [
            { type: "status", status: { name: "Done" } },
            { type: "number", number: 2 },
          ],
        },
      },
      "Done, 2",
    ],
    [{ type: "created_time", created_time: "2024-03-31T08:19:00.000Z" }, "2024-03-31T08:19:00.000Z"],
    [{ type: "last_edited_by", last_edited_by: { object: "user", id: "u-ada" } }, "Ada Lovelace"],
    [{ type: "unique_id", unique_id: { prefix: "DEP", number: 5 } }, "DEP-5"],
    [{ type: "unique_id", unique_id: { prefix: null, number: 5 } }, "5"],
    [
      {
        type: "verification",
        verification: {
          state: "verified",
          verified_by: { id: "u-ada" },
          date: { start: "2024-05-27", end: null },
        },
      },
      "verified by Ada Lovelace (2024-05-27)",
    ],
    [
      { type: "verification", verification: { state: "unverified", verified_by: null, date: null } },
      "unverified",
    ],
    [{ type: "button", button: {} }, ""],
    [
      { type: "place", place: { name: "Office", address: "1 Main St", lat: 48.2, lon: 2.4 } },
      "Office, 1 Main St (48.2, 2.4)",
    ],
    [{ type: "place", place: null }, ""],
    [{ type: "some_future_type", some_future_type: { a: 1 } }, '{"a":1}'],
  ];
  for (const [prop, expected] of cases) assert.equal(text(prop), expected, JSON.stringify(prop));
});

test("values as Markdown and HTML link what can be linked and escape the rest", () => {
  const rel = { type: "relation", relation: [{ id: "r-1" }] };
  assert.equal(valueMarkdown(rel, ctx), "[Launch](launch.md)");
  assert.equal(valueHtml(rel, ctx), '<a href="launch.md">Launch</a>');
  const email = { type: "email", email: "a@b.test" };
  assert.equal(valueMarkdown(email, ctx), "[a@b.test](mailto:a@b.test)");
  const sel = { type: "select", select: { name: "<b>|*x*" } };
  assert.equal(valueMarkdown(sel, ctx), "\\<b\\>\\|\\*x\\*");
  assert.equal(valueHtml(sel, ctx), "&lt;b&gt;|*x*");
  assert.equal(valueMarkdown({ type: "url", url: "javascript:alert(1)" }, ctx), "javascript:alert(1)");
});

test("values as words: what a person reads, without the addresses and ids plain text adds", () => {
  const rel = { type: "relation", relation: [{ id: "r-1" }, { id: "r-2" }] };
  assert.equal(text(rel), "Launch (r-1), r-2");
  assert.equal(propertyWords(rel as never, ctx), "Launch, r-2");
  const files = {
    type: "files",
    files: [{ name: "spec.pdf", type: "external", external: { url: "https://x.test/s.pdf" } }],
  };
  assert.equal(propertyText(files as never, ctx), "https://x.test/s.pdf");
  assert.equal(propertyWords(files as never, ctx), "spec.pdf");
});

test("columns in schema order with the title first", () => {
  assert.deepEqual(columnNames({ A: { type: "number" }, Name: { type: "title" }, B: { type: "url" } }), [
    "Name",
    "A",
    "B",
  ]);
});

test("own words only (search): stamps, relations and unknown users' ids are left out", () => {
  const own = (prop: unknown) => propertyWords(prop as never, ctx, { ownWordsOnly: true });
  assert.equal(own({ type: "checkbox", checkbox: true }), "");
  assert.equal(own({ type: "formula", formula: { type: "boolean", boolean: true } }), "");
  assert.equal(own({ type: "formula", formula: { type: "number", number: 3 } }), "3");
  assert.equal(own({ type: "relation", relation: [{ id: "r-1" }, { id: "r-2" }] }), "");
  assert.equal(own({ type: "created_time", created_time: "2024-03-31T08:19:00.000Z" }), "");
  assert.equal(own({ type: "last_edited_by", last_edited_by: { object: "user", id: "u-ada" } }), "");
  assert.equal(own({ type: "some_future_type", some_future_type: { a: 1 } }), "");
  assert.equal(
    own({ type: "people", people: [{ id: "u-nobody" }, { id: "u-ada" }, { id: "u-x", name: "Grace" }] }),
    "Ada Lovelace, Grace",
  );
  // Without the option the same values read as before: the unknown user by id.
  assert.equal(propertyWords({ type: "people", people: [{ id: "u-nobody" }] } as never, ctx), "u-nobody");
  assert.equal(propertyWords({ type: "checkbox", checkbox: true } as never, ctx), "true");
  const rollup = {
    type: "rollup",
    rollup: {
      type: "array",
      array: [
        { type: "relation", relation: [{ id: "r-1" }] },
        { type: "checkbox", checkbox: false },
        { type: "status", status: { name: "Done" } },
      ],
    },
  };
  assert.equal(own(rollup), "Done");
  assert.equal(own({ type: "unique_id", unique_id: { prefix: "DEP", number: 5 } }), "DEP-5");
});
