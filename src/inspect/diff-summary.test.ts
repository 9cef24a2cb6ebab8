// Counting a diff and raising the mass-change alarm: deletions, emptied pages, cleared properties, the threshold.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { ObjectDiff } from "./diff-object.ts";
import { detectMassChange, summarise } from "./diff-summary.ts";

const obj = (
  id: string,
  type: string,
  status: ObjectDiff["status"],
  extra: Partial<ObjectDiff> = {},
): ObjectDiff => ({
  id,
  type,
  status,
  title: id,
  path: id,
  ...extra,
});

const cleared = (id: string) =>
  obj(id, "row", "changed", {
    properties: [{ id: "p", name: "Status", type: "select", from: "Done", to: "", cleared: true }],
  });

test("removed and emptied pages and rows count together against the old snapshot's pages and rows", () => {
  const objects = [
    obj("a", "page", "removed"),
    obj("b", "row", "removed"),
    obj("c", "page", "changed", { emptied: true }),
    obj("d", "database", "removed"),
    obj("e", "page", "added"),
  ];
  assert.deepEqual(detectMassChange(objects, { pages: 20, rows: 5 }, 0.1), {
    kind: "deleted",
    count: 3,
    total: 25,
    ratio: 3 / 25,
  });
});

test("the share must exceed the threshold: exactly 10% is not a mass change, a little more is", () => {
  const three = [obj("a", "page", "removed"), obj("b", "page", "removed"), obj("c", "page", "removed")];
  assert.equal(detectMassChange(three, { pages: 30, rows: 0 }, 0.1), undefined);
  assert.equal(detectMassChange(three, { pages: 29, rows: 0 }, 0.1)?.count, 3);
  assert.equal(detectMassChange([], { pages: 0, rows: 0 }, 0), undefined);
});

test("rows whose property values were cleared are a mass change of their own, against rows only", () => {
  const objects = [cleared("r1"), cleared("r2"), obj("r3", "row", "changed", { properties: [] })];
  const m = detectMassChange(objects, { pages: 100, rows: 10 }, 0.1);
  assert.equal(m?.kind, "properties-cleared");
  assert.equal(m?.count, 2);
  assert.equal(m?.total, 10);
});

test("the summary counts statuses, moves, renames and block, property and comment changes", () => {
  const s = summarise([
    obj("a", "page", "added"),
    obj("b", "row", "removed"),
    obj("c", "page", "changed", { renamed: { from: "x", to: "y" } }),
    obj("d", "page", "changed", {
      moved: { from: "p", to: "q", fromPath: "P", toPath: "Q" },
      blocks: { added: 2, removed: 1, changed: 3, before: 5, after: 6, hunks: [] },
      comments: { added: [{ id: "k", text: "hi", author: "Ada" }], removed: [] },
    }),
    cleared("e"),
  ]);
  assert.deepEqual([s.added, s.removed, s.moved, s.renamed, s.changed, s.properties], [1, 1, 1, 1, 2, 1]);
  assert.deepEqual(s.blocks, { added: 2, removed: 1, changed: 3 });
  assert.deepEqual(s.comments, { added: 1, removed: 0 });
  assert.deepEqual(s.byType.row, { added: 0, removed: 1, changed: 1 });
});
