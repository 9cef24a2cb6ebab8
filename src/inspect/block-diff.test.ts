// Block trees as text lines and their diff: matched by block id, text fallback, formatting, nesting, emptied pages.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { BlockNode } from "../notion/model.ts";
import { blockLines, blockText, diffBlocks } from "./block-diff.ts";
import { renderHunks } from "./text-diff.ts";

function rt(content: string, bold = false) {
  return [{ type: "text", text: { content }, plain_text: content, annotations: { bold }, href: null }];
}

function block(
  id: string,
  type: string,
  body: Record<string, unknown>,
  children: BlockNode[] = [],
): BlockNode {
  return { block: { object: "block", id, type, [type]: body } as never, children };
}

const para = (id: string, text: string, bold = false) =>
  block(id, "paragraph", { rich_text: rt(text, bold) });

test("blocks read as 'type: text' lines, children indented, one line per block", () => {
  const tree = [
    block("h", "heading_1", { rich_text: rt("Plan") }),
    block("t", "toggle", { rich_text: rt("Details") }, [
      block("c", "to_do", { rich_text: rt("ship it"), checked: true }),
      block("k", "code", { rich_text: rt("a = 1\nb = 2"), language: "python" }),
    ]),
    block("d", "divider", {}),
    block("i", "image", {
      type: "file",
      file: { url: "https://files.example/x/diagram.png?sig=1", expiry_time: "2026-01-01T00:00:00Z" },
      caption: rt("the diagram"),
    }),
  ];
  assert.deepEqual(
    blockLines(tree).map((l) => l.text),
    [
      "heading_1: Plan",
      "toggle: Details",
      "  to_do: [x] ship it",
      "  code: (python) a = 1⏎b = 2",
      "divider: ---",
      "image: diagram.png the diagram",
    ],
  );
  assert.equal(
    blockText({ type: "table_row", table_row: { cells: [rt("a"), rt("b")] } }),
    "table_row: a | b",
  );
});

test("an edited paragraph is one changed line; added and removed blocks are counted by id", () => {
  const before = [para("1", "intro"), para("2", "old text"), para("3", "to delete"), para("4", "end")];
  const after = [para("1", "intro"), para("2", "new text"), para("4", "end"), para("5", "appended")];
  const d = diffBlocks(before, after);
  assert.deepEqual([d.added, d.removed, d.changed, d.before, d.after], [1, 1, 1, 4, 4]);
  assert.deepEqual(renderHunks(d.hunks), [
    "@@ -1,4 +1,4 @@",
    " paragraph: intro",
    "-paragraph: old text",
    "+paragraph: new text",
    "-paragraph: to delete",
    " paragraph: end",
    "+paragraph: appended",
  ]);
});

test("a block deleted and made again with the same text is not a change", () => {
  const d = diffBlocks([para("1", "a"), para("2", "same")], [para("1", "a"), para("9", "same")]);
  assert.deepEqual([d.added, d.removed, d.changed], [0, 0, 0]);
  assert.deepEqual(d.hunks, []);
});

test("formatting, a ticked box or a new signed URL: only real changes count", () => {
  const signed = (sig: string) =>
    block("i", "image", {
      type: "file",
      file: { url: `https://files.example/x/a.png?sig=${sig}`, expiry_time: `2026-01-0${sig}T00:00:00Z` },
      caption: [],
    });
  const d = diffBlocks([para("1", "word"), signed("1")], [para("1", "word", true), signed("2")]);
  assert.equal(d.changed, 1);
  assert.deepEqual(renderHunks(d.hunks).slice(1, 3), ["-paragraph: word", "+paragraph: word (format)"]);
  const todo = (checked: boolean) => [block("t", "to_do", { rich_text: rt("task"), checked })];
  assert.equal(diffBlocks(todo(false), todo(true)).changed, 1);
});

test("a nested block moved under another parent keeps its id and shows its new depth", () => {
  const before = [block("p", "toggle", { rich_text: rt("box") }), para("x", "loose")];
  const after = [block("p", "toggle", { rich_text: rt("box") }, [para("x", "loose")])];
  const d = diffBlocks(before, after);
  assert.equal(d.changed, 1);
  assert.ok(renderHunks(d.hunks).includes("+  paragraph: loose"));
});

test("removing every block leaves zero after", () => {
  const d = diffBlocks([para("1", "a"), para("2", "b")], []);
  assert.deepEqual([d.removed, d.before, d.after], [2, 2, 0]);
});
