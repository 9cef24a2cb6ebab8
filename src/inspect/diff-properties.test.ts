// Property values as text and their changes: matched by property id, titles and edit stamps left out, schema changes.
import assert from "node:assert/strict";
import { test } from "node:test";
import { diffProperties, diffSchema, formatProperty, type NameLookup } from "./diff-properties.ts";

const names: NameLookup = {
  title: (id) => ({ "page-1": "Roadmap" })[id],
  user: (id) => ({ "user-1": "Ada" })[id],
};
const rt = (s: string) => [{ type: "text", plain_text: s, text: { content: s } }];

test("each property type reads as a table cell would show it", () => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ type: "rich_text", rich_text: rt("hello") }, "hello"],
    [{ type: "number", number: 0 }, "0"],
    [{ type: "number", number: null }, ""],
    [{ type: "select", select: { name: "High" } }, "High"],
    [{ type: "multi_select", multi_select: [{ name: "a" }, { name: "b" }] }, "a, b"],
    [{ type: "status", status: { name: "Done" } }, "Done"],
    [{ type: "date", date: { start: "2026-01-01", end: "2026-01-03" } }, "2026-01-01 → 2026-01-03"],
    [{ type: "people", people: [{ object: "user", id: "user-1" }] }, "Ada"],
    [
      { type: "date", date: { start: "2026-01-01", time_zone: "Europe/Berlin" } },
      "2026-01-01 (Europe/Berlin)",
    ],
    [{ type: "checkbox", checkbox: true }, "true"],
    [{ type: "checkbox", checkbox: false }, "false"],
    [{ type: "relation", relation: [{ id: "page-1" }, { id: "page-2" }] }, "Roadmap, page-2"],
    [{ type: "formula", formula: { type: "number", number: 3 } }, "3"],
    [{ type: "rollup", rollup: { type: "array", array: [{ type: "number", number: 1 }] } }, "1"],
    [{ type: "unique_id", unique_id: { prefix: "T", number: 7 } }, "T-7"],
    [{ type: "files", files: [{ name: "a.pdf" }] }, "a.pdf"],
    [{ type: "url", url: null }, ""],
    [{ type: "url", url: "https://example.com/a" }, "https://example.com/a"],
    [
      {
        type: "rich_text",
        rich_text: [
          { type: "mention", plain_text: "Old name", mention: { type: "page", page: { id: "page-1" } } },
        ],
      },
      "Roadmap",
    ],
    [
      { type: "verification", verification: { state: "verified", verified_by: { id: "user-1" } } },
      "verified by Ada",
    ],
  ];
  for (const [value, text] of cases) assert.equal(formatProperty(value, names), text, String(value.type));
});

test("changed values are found by property id; titles and last-edited stamps are not reported", () => {
  const before = {
    properties: {
      Name: { id: "title", type: "title", title: rt("Old") },
      Status: { id: "s", type: "select", select: { name: "Todo" } },
      Owner: { id: "o", type: "people", people: [{ object: "user", id: "user-1" }] },
      Edited: { id: "e", type: "last_edited_time", last_edited_time: "2026-01-01T00:00:00.000Z" },
      Points: { id: "n", type: "number", number: 3 },
    },
  };
  const after = {
    properties: {
      Name: { id: "title", type: "title", title: rt("New") },
      State: { id: "s", type: "select", select: { name: "Done" } },
      Owner: { id: "o", type: "people", people: [] },
      Edited: { id: "e", type: "last_edited_time", last_edited_time: "2026-02-01T00:00:00.000Z" },
      Points: { id: "n", type: "number", number: 3 },
    },
  };
  assert.deepEqual(diffProperties(before, after, names), [
    { id: "o", name: "Owner", type: "people", from: "Ada", to: "", cleared: true },
    { id: "s", name: "State", type: "select", from: "Todo", to: "Done", cleared: false },
  ]);
});

test("schema changes: added, removed, renamed, retyped and new options", () => {
  const before = {
    A: { id: "a", type: "select", select: { options: [{ name: "x" }] } },
    B: { id: "b", type: "number", number: { format: "number" } },
    C: { id: "c", type: "rich_text", rich_text: {} },
  };
  const after = {
    A: { id: "a", type: "select", select: { options: [{ name: "x" }, { name: "y" }] } },
    Beta: { id: "b", type: "number", number: { format: "number" } },
    C: { id: "c", type: "url", url: {} },
    D: { id: "d", type: "checkbox", checkbox: {} },
  };
  assert.deepEqual(
    diffSchema(before, after).map((c) => [c.name, c.change]),
    [
      ["A", "options"],
      ["Beta", "renamed"],
      ["C", "type"],
      ["D", "added"],
    ],
  );
  assert.deepEqual(
    diffSchema(after, {}).map((c) => c.change),
    ["removed", "removed", "removed", "removed"],
  );
});
