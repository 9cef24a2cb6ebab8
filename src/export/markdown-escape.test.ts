import assert from "node:assert/strict";
import { test } from "node:test";
import { codeFence, codeSpan, escapeLineStart, escapeMarkdownText, markdownHref } from "./markdown-escape.ts";

test("inline Markdown characters are escaped so text cannot become emphasis, code, links, HTML or table cells", () => {
  assert.equal(
    escapeMarkdownText("*a* `b` [c](d) <e> f|g ~h~ $i$ \\"),
    "\\*a\\* \\`b\\` \\[c\\](d) \\<e\\> f\\|g \\~h\\~ \\$i\\$ \\\\",
  );
});

test("underscores are escaped only where they could open or close emphasis", () => {
  assert.equal(escapeMarkdownText("snake_case_name"), "snake_case_name");
  assert.equal(escapeMarkdownText("_start and end_"), "\\_start and end\\_");
});

test("entity-like text stays literal", () => {
  assert.equal(escapeMarkdownText("AT&T &amp; co"), "AT&T \\&amp; co");
});

test("line starts that would make headings, quotes, lists, rules or code blocks are escaped", () => {
  assert.equal(escapeLineStart("# not a heading"), "\\# not a heading");
  assert.equal(escapeLineStart("> not a quote"), "\\> not a quote");
  assert.equal(escapeLineStart("- not a list"), "\\- not a list");
  assert.equal(escapeLineStart("+ not a list"), "\\+ not a list");
  assert.equal(escapeLineStart("=== no setext"), "\\=== no setext");
  assert.equal(escapeLineStart("2024. A year"), "2024\\. A year");
  assert.equal(escapeLineStart("3) item"), "3\\) item");
  assert.equal(escapeLineStart("    not code"), "not code");
  assert.equal(escapeLineStart("plain # text"), "plain # text");
});

test("code spans and fences are longer than any backtick run inside", () => {
  assert.equal(codeSpan("a`b"), "``a`b``");
  assert.equal(codeSpan("`x`"), "`` `x` ``");
  assert.equal(codeSpan("two\nlines"), "`two lines`");
  assert.equal(codeFence("no fences"), "```");
  assert.equal(codeFence("has ```` inside"), "`````");
});

test("link addresses with spaces or parentheses are percent-encoded", () => {
  assert.equal(markdownHref("/Wiki 1a2b/Page (draft)"), "/Wiki%201a2b/Page%20%28draft%29");
  assert.equal(markdownHref("https://example.com/a?b=c"), "https://example.com/a?b=c");
});

test("escaping is lossless: removing the backslashes CommonMark removes gives the text back", () => {
  const alphabet = [
    "a",
    "_",
    "*",
    "`",
    "[",
    "]",
    "<",
    ">",
    "|",
    "~",
    "$",
    "&",
    "amp;",
    "\\",
    "#",
    " ",
    "1",
    "é",
    "-",
  ];
  let seed = 42;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed;
  };
  for (let i = 0; i < 500; i++) {
    const text = Array.from({ length: 1 + (next() % 12) }, () => alphabet[next() % alphabet.length]).join("");
    const escaped = escapeMarkdownText(text);
    assert.equal(escaped.replace(/\\([!-/:-@[-`{-~])/g, "$1"), text, JSON.stringify(text));
    // No unescaped character that could start markup is left.
    assert.doesNotMatch(escaped.replace(/\\[!-/:-@[-`{-~]/g, ""), /[*`[\]<>|~$\\]/, JSON.stringify(text));
  }
});
