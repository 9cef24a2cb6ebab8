import assert from "node:assert/strict";
import { test } from "node:test";
import { NotionError } from "../errors.ts";
import { validateRichText } from "./rich-text.ts";

function fails(value: unknown, pattern: RegExp): void {
  assert.throws(
    () => validateRichText(value, "body.x"),
    (err: unknown) => err instanceof NotionError && pattern.test(err.message),
  );
}

test("text content and link urls are capped at 2000 characters, equations at 1000", () => {
  validateRichText([{ text: { content: "a".repeat(2000), link: { url: "https://e.com" } } }], "body.x");
  fails(
    [{ text: { content: "a".repeat(2001) } }],
    /body\.x\[0\]\.text\.content\.length should be ≤ `2000`, instead was `2001`/,
  );
  fails(
    [{ text: { content: "a", link: { url: "h".repeat(2001) } } }],
    /text\.link\.url\.length should be ≤ `2000`/,
  );
  fails(
    [{ type: "equation", equation: { expression: "x".repeat(1001) } }],
    /expression\.length should be ≤ `1000`/,
  );
});

test("arrays hold at most 100 items and every item needs a known type", () => {
  fails(
    Array.from({ length: 101 }, () => ({ text: { content: "a" } })),
    /body\.x\.length should be ≤ `100`, instead was `101`/,
  );
  fails([{ bogus: {} }], /should be one of `text`, `mention`, `equation`/);
  fails([{ mention: { page: {} } }], /mention\.page\.id should be defined/);
  fails("text", /should be an array/);
  validateRichText(
    [
      { mention: { date: { start: "2026-01-01" } } },
      { mention: { template_mention: { template_mention_date: "now" } } },
    ],
    "body.x",
  );
});
