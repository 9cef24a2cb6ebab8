// Keyed line diffs: alignment on keys, changed lines, counts and unified hunks (checked against `diff`'s own patches).
import assert from "node:assert/strict";
import { test } from "node:test";
import { structuredPatch } from "diff";
import { countOps, diffKeyedLines, type KeyedLine, renderHunks, toHunks } from "./text-diff.ts";

const plain = (lines: string[]): KeyedLine[] => lines.map((text) => ({ key: text, text }));

test("identical lines give only kept lines and no hunk", () => {
  const ops = diffKeyedLines(plain(["a", "b", "c"]), plain(["a", "b", "c"]));
  assert.deepEqual(
    ops.map((o) => o.op),
    [" ", " ", " "],
  );
  assert.deepEqual(toHunks(ops), []);
  assert.deepEqual(countOps(ops), { added: 0, removed: 0, changed: 0 });
});

test("a kept key with new text is one changed line, shown as - then +", () => {
  const before = [
    { key: "1", text: "title" },
    { key: "2", text: "old words" },
    { key: "3", text: "end" },
  ];
  const after = [
    { key: "1", text: "title" },
    { key: "2", text: "new words" },
    { key: "3", text: "end" },
  ];
  const ops = diffKeyedLines(before, after);
  assert.deepEqual(countOps(ops), { added: 0, removed: 0, changed: 1 });
  assert.deepEqual(renderHunks(toHunks(ops)), [
    "@@ -1,3 +1,3 @@",
    " title",
    "-old words",
    "+new words",
    " end",
  ]);
});

test("lines only on one side are added or removed, whatever their text", () => {
  const before = [
    { key: "1", text: "same" },
    { key: "2", text: "gone" },
  ];
  const after = [
    { key: "3", text: "new" },
    { key: "1", text: "same" },
  ];
  const ops = diffKeyedLines(before, after);
  assert.deepEqual(countOps(ops), { added: 1, removed: 1, changed: 0 });
  assert.deepEqual(
    ops.map((o) => `${o.op}${o.text}`),
    ["+new", " same", "-gone"],
  );
});

test("far apart changes make separate hunks; close ones share one", () => {
  const base = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
  const far = [...base];
  far[2] = "changed 3";
  far[25] = "changed 26";
  assert.equal(toHunks(diffKeyedLines(plain(base), plain(far)), 3).length, 2);
  const near = [...base];
  near[2] = "changed 3";
  near[7] = "changed 8";
  assert.equal(toHunks(diffKeyedLines(plain(base), plain(near)), 3).length, 1);
});

function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

test("with text as the key, hunks match the `diff` package's unified patches", () => {
  const rnd = seeded(42);
  for (let round = 0; round < 60; round++) {
    const before = Array.from({ length: 5 + Math.floor(rnd() * 30) }, () => `w${Math.floor(rnd() * 12)}`);
    const after = before.flatMap((l) => {
      const r = rnd();
      if (r < 0.15) return [];
      if (r < 0.3) return [l, `w${Math.floor(rnd() * 12)}`];
      return [l];
    });
    const ours = renderHunks(toHunks(diffKeyedLines(plain(before), plain(after)), 2));
    const theirs = structuredPatch("a", "b", `${before.join("\n")}\n`, `${after.join("\n")}\n`, "", "", {
      context: 2,
    }).hunks.flatMap((h) => [`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...h.lines]);
    assert.deepEqual(ours, theirs, `round ${round}`);
  }
});
