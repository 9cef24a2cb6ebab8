import assert from "node:assert/strict";
import { test } from "node:test";
import { extractDoc, propertyText } from "./extract.ts";

const rt = (text: string) => [{ type: "text", text: { content: text }, plain_text: text }];

test("a page's title, property values, nested blocks and comments become fields", () => {
  const page = {
    properties: {
      Name: { type: "title", title: rt("Launch plan") },
      Status: { type: "status", status: { name: "In progress" } },
      Tags: { type: "multi_select", multi_select: [{ name: "alpha" }, { name: "beta" }] },
      Done: { type: "checkbox", checkbox: true },
      Owner: { type: "people", people: [{ object: "user", id: "u1", name: "Ada" }] },
      Ticket: { type: "unique_id", unique_id: { prefix: "ENG", number: 42 } },
    },
  };
  const blocks = [
    {
      block: { id: "t1", type: "toggle", toggle: { rich_text: rt("Details") } },
      children: [
        {
          block: { id: "p1", type: "table_row", table_row: { cells: [rt("cell one"), rt("cell two")] } },
          children: [
            { block: { id: "e1", type: "equation", equation: { expression: "e=mc^2" } }, children: [] },
          ],
        },
      ],
    },
    { block: { id: "d1", type: "divider", divider: {} }, children: [] },
  ];
  const comments = {
    page: [{ rich_text: rt("Looks good") }],
    blocks: { t1: [{ rich_text: rt("Expand this") }] },
  };
  const doc = extractDoc("id1", "row", { page, blocks, comments });
  assert.equal(doc.title, "Launch plan");
  assert.deepEqual(
    doc.fields.map((f) => [f.kind, f.label, f.text, f.block]),
    [
      ["title", "title", "Launch plan", undefined],
      ["property", "Status", "In progress", undefined],
      ["property", "Tags", "alpha, beta", undefined],
      ["property", "Owner", "Ada", undefined],
      ["property", "Ticket", "ENG-42", undefined],
      ["block", "toggle", "Details", "t1"],
      ["block", "table_row", "cell one cell two", "p1"],
      ["block", "equation", "e=mc^2", "e1"],
      ["comment", "page", "Looks good", undefined],
      ["comment", "block", "Expand this", "t1"],
    ],
  );
});

test("databases and data sources give their title and description", () => {
  const doc = extractDoc("db", "database", {
    database: { title: rt("Projects"), description: rt("All of them") },
  });
  assert.equal(doc.title, "Projects");
  assert.deepEqual(
    doc.fields.map((f) => f.text),
    ["Projects", "All of them"],
  );
});

test("formula and rollup values read as text; relations have no words", () => {
  assert.equal(propertyText({ type: "formula", formula: { type: "number", number: 3.5 } }), "3.5");
  assert.equal(propertyText({ type: "formula", formula: { type: "boolean", boolean: true } }), "");
  assert.equal(
    propertyText({
      type: "rollup",
      rollup: { type: "array", array: [{ type: "rich_text", rich_text: rt("x") }] },
    }),
    "x",
  );
  assert.equal(propertyText({ type: "relation", relation: [{ id: "a" }] }), "");
});

test("property values read as the exports read them: dates with their zone, mentions by name", () => {
  assert.equal(
    propertyText({
      type: "date",
      date: { start: "2024-01-01", end: "2024-01-03", time_zone: "Europe/Paris" },
    }),
    "2024-01-01 → 2024-01-03 (Europe/Paris)",
  );
  const mention = {
    type: "mention",
    mention: { type: "user", user: { object: "user", id: "u1", name: "Ada" } },
    plain_text: "@Ada",
  };
  assert.equal(propertyText({ type: "rich_text", rich_text: [...rt("ask "), mention] }), "ask @Ada");
  assert.equal(
    propertyText({ type: "people", people: [{ id: "u-unknown" }, { id: "u2", name: "Grace" }] }),
    "Grace",
  );
  assert.equal(propertyText({ type: "created_time", created_time: "2024-03-31T08:19:00.000Z" }), "");
  assert.equal(
    propertyText({
      type: "files",
      files: [{ name: "spec.pdf", type: "file", file: { url: "https://s3/x" } }],
    }),
    "spec.pdf",
  );
  assert.equal(propertyText({ type: "number", number: 0 }), "0");
});
