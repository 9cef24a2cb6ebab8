import assert from "node:assert/strict";
import { test } from "node:test";
import {
  chunkRichTextArray,
  cutText,
  MAX_EQUATION_CHARS,
  MAX_TEXT_CHARS,
  type RichTextLike,
  richTextForBlocks,
  splitRichText,
} from "./rich-text-split.ts";

const bold = { bold: true, italic: false, strikethrough: false, underline: false, code: false, color: "red" };

function joined(items: RichTextLike[]): string {
  return items.map((i) => i.text?.content ?? i.equation?.expression ?? "").join("");
}

test("short items and mentions come back as the same objects", () => {
  const mention = {
    type: "mention",
    mention: { type: "page", page: { id: "p" } },
    plain_text: "x".repeat(3000),
  };
  const short = { type: "text", text: { content: "hello", link: null }, annotations: bold };
  const out = splitRichText([short, mention]);
  assert.equal(out.length, 2);
  assert.equal(out[0], short);
  assert.equal(out[1], mention);
});

test("a long text item is cut at word boundaries, keeping annotations, link, href and the whole text", () => {
  const words = Array.from({ length: 900 }, (_, i) => `word${i}`).join(" ");
  const link = { url: "https://example.com/a" };
  const item = {
    type: "text",
    text: { content: words, link },
    annotations: bold,
    plain_text: words,
    href: link.url,
  };
  const out = splitRichText([item]);
  assert.ok(out.length >= 3, `expected several pieces, got ${out.length}`);
  assert.equal(joined(out), words);
  for (const piece of out) {
    assert.ok(piece.text!.content.length <= MAX_TEXT_CHARS);
    assert.deepEqual(piece.text!.link, link);
    assert.deepEqual(piece.annotations, bold);
    assert.equal(piece.href, link.url);
    assert.equal(piece.plain_text, piece.text!.content);
  }
  // Every piece but the last ends on the space that separated two words.
  for (const piece of out.slice(0, -1)) assert.match(piece.text!.content, / $/);
  assert.equal(item.text.content, words, "the input is not mutated");
});

test("text without spaces is cut at the limit, never inside a surrogate pair", () => {
  // 1999 'a' then emoji (2 units each): the limit falls in the middle of the first emoji.
  const s = `${"a".repeat(1999)}${"😀".repeat(1200)}`;
  const out = splitRichText([{ type: "text", text: { content: s } }]);
  assert.equal(joined(out), s);
  for (const piece of out) {
    const c = piece.text!.content;
    assert.ok(c.length <= MAX_TEXT_CHARS);
    assert.equal(c.length, [...c].join("").length);
    assert.ok(!/[\uD800-\uDBFF]$/.test(c), "no piece ends on a high surrogate");
    assert.ok(!/^[\uDC00-\uDFFF]/.test(c), "no piece starts on a low surrogate");
  }
  assert.equal(out[0]!.text!.content.length, 1999);
});

test("a combining mark or joiner stays with the character before it", () => {
  const s = `${"b".repeat(1999)}e\u0301${"c".repeat(50)}`;
  const pieces = cutText(s, 2000);
  assert.equal(pieces.join(""), s);
  assert.equal(pieces[0], "b".repeat(1999));
  const family = "👨\u200D👩\u200D👧";
  const t = `${"x".repeat(1996)}${family}`;
  const cut = cutText(t, 2000);
  assert.equal(cut.join(""), t);
  for (const p of cut) assert.ok(!p.endsWith("\u200D") && !p.startsWith("\u200D"));
});

test("inline equations longer than 1000 characters are cut into equations", () => {
  const expr = "x+".repeat(800);
  const out = splitRichText([{ type: "equation", equation: { expression: expr }, annotations: bold }]);
  assert.equal(out.length, 2);
  assert.equal(joined(out), expr);
  for (const p of out) {
    assert.equal(p.type, "equation");
    assert.ok(p.equation!.expression.length <= MAX_EQUATION_CHARS);
    assert.deepEqual(p.annotations, bold);
  }
});

test("arrays are grouped by 100 items, and empty text still makes one group", () => {
  const items = Array.from({ length: 250 }, (_, i) => ({ type: "text", text: { content: `${i}` } }));
  const groups = chunkRichTextArray(items);
  assert.deepEqual(
    groups.map((g) => g.length),
    [100, 100, 50],
  );
  assert.deepEqual(groups.flat(), items);
  assert.deepEqual(chunkRichTextArray([]), [[]]);
  // Splitting can push an array over 100 items: richTextForBlocks handles both at once.
  const many = Array.from({ length: 60 }, () => ({ type: "text", text: { content: "y".repeat(4000) } }));
  const blocks = richTextForBlocks(many);
  assert.deepEqual(
    blocks.map((g) => g.length),
    [100, 20],
  );
});
