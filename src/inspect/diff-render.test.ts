// The text form of a diff: stat table, summary, details, the mass-change line, and colour only when asked.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { SnapshotDiff } from "./diff.ts";
import type { ObjectDiff } from "./diff-object.ts";
import { changeNotes, massChangeLine, renderDiff } from "./diff-render.ts";
import { summarise } from "./diff-summary.ts";
import { diffKeyedLines, toHunks } from "./text-diff.ts";

function sample(): SnapshotDiff {
  const ops = diffKeyedLines([{ key: "1", text: "paragraph: old" }], [{ key: "1", text: "paragraph: new" }]);
  const objects: SnapshotDiff["objects"] = [
    {
      id: "p1",
      type: "page",
      status: "changed",
      title: "Plan",
      path: "Wiki 11111111/Plan 22222222",
      blocks: { added: 0, removed: 0, changed: 1, before: 1, after: 1, hunks: toHunks(ops) },
      comments: { added: [{ id: "c", text: "nice", author: "Ada" }], removed: [] },
    },
    { id: "p2", type: "page", status: "removed", title: "Old", path: "Wiki 11111111/Old 33333333" },
  ];
  return {
    from: { snapshot: "aaaaaaaabbbb", time: "2026-01-01T10:00:00.000Z" },
    to: { snapshot: "ccccccccdddd", time: "2026-01-02T10:00:00.000Z" },
    objects,
    summary: summarise(objects),
    threshold: 0.1,
    massChange: { kind: "deleted", count: 1, total: 4, ratio: 0.25 },
    stats: { objects: 4, compared: 1, blobsRead: 5 },
  };
}

test("text output: a stat line per object, a summary, then hunks and comments", () => {
  const text = renderDiff(sample());
  const lines = text.split("\n");
  assert.match(
    lines[0]!,
    /^diff aaaaaaaa \(2026-01-01 10:00:00 UTC\) → cccccccc \(2026-01-02 10:00:00 UTC\)$/,
  );
  assert.match(lines[1]!, /Plan 22222222 \|\s+2 \+-, 1 comment$/);
  assert.match(lines[2]!, /Old 33333333\s+\| removed page$/);
  assert.match(lines[3]!, /2 objects: 0 added, 1 removed, 0 moved, 0 renamed, 1 changed/);
  assert.ok(lines.includes("  -paragraph: old") && lines.includes("  +paragraph: new"));
  assert.ok(lines.includes('  comment  + "nice" (Ada)'));
  assert.equal(
    massChangeLine(sample()),
    "MASS CHANGE: 1 of 4 pages and rows removed or emptied (25%, threshold 10%)",
  );
  assert.ok(!text.includes("\x1b["), "no colour unless asked");
  assert.ok(renderDiff(sample(), { color: true }).includes("\x1b[32m+paragraph: new\x1b[0m"));
  const stat = renderDiff(sample(), { stat: true });
  assert.ok(!stat.includes("@@") && stat.includes("MASS CHANGE"));
});

test("change notes name what changed besides the blocks, counted (the UI's history uses them too)", () => {
  const d: ObjectDiff = {
    id: "p",
    type: "page",
    status: "changed",
    title: "Plan",
    path: "Plan",
    renamed: { from: "Old", to: "Plan" },
    properties: [
      { id: "a", name: "A", type: "number", from: "1", to: "2", cleared: false },
      { id: "b", name: "B", type: "select", from: "x", to: "", cleared: true },
    ],
    comments: { added: [{ id: "c", text: "hi", author: "Ada" }], removed: [] },
    files: { added: ["media/a.png"], removed: [] },
  };
  assert.deepEqual(changeNotes(d), ["renamed", "2 properties", "1 comment", "1 file"]);
});
