import assert from "node:assert/strict";
import { test } from "node:test";
import { entryName, mediaName, pageTitle, sanitizeTitle, shortId } from "./layout.ts";

test("entry names are a sanitized title plus the short id", () => {
  assert.equal(shortId("1a2b3c4d-5e6f-4000-8000-000000000000"), "1a2b3c4d");
  assert.equal(
    entryName("Engineering Wiki", "1a2b3c4d-5e6f-4000-8000-000000000000"),
    "Engineering Wiki 1a2b3c4d",
  );
  assert.equal(entryName("  a/b\\c: d?\n ", "ffffffff0000"), "a b c d ffffffff");
  assert.equal(entryName("", "0123456789ab"), "Untitled 01234567");
  assert.equal(entryName("..", "0123456789ab"), "Untitled 01234567");
  assert.equal(sanitizeTitle("trailing dots..."), "trailing dots");
  assert.equal([...sanitizeTitle("é".repeat(200))].length, 80);
});

test("media names keep the extension and add a content hash", () => {
  assert.equal(mediaName("diagram.png", "abcdef0123456789"), "diagram abcdef01.png");
  assert.equal(mediaName("README", "abcdef0123456789"), "README abcdef01");
  assert.equal(mediaName("", "abcdef0123456789"), "file abcdef01");
});

test("a page's title comes from its title property", () => {
  const page = {
    properties: {
      Status: { type: "select" },
      Name: { type: "title", title: [{ plain_text: "Hello " }, { plain_text: "world" }] },
    },
  };
  assert.equal(pageTitle(page), "Hello world");
  assert.equal(pageTitle({ properties: {} }), "");
});
