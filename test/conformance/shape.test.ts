// Unit tests of the shape comparator and the recording readers used by the conformance suite.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseCurl, shellWords } from "./fixtures.ts";
import { compareShapes, formatDifferences, kindOf, mergeSignatures, signature } from "./shape.ts";

const text = (content: string) => ({
  type: "text",
  text: { content, link: null },
  annotations: { bold: false, color: "default" },
  plain_text: content,
  href: null,
});

const block = (type: string, payload: object, extra: object = {}) => ({
  object: "block",
  id: "b1",
  type,
  has_children: false,
  [type]: payload,
  ...extra,
});

test("kinds come from object + type, key + type, or the parent's kind", () => {
  assert.equal(kindOf({ object: "block", type: "code" }, "", ""), "block:code");
  assert.equal(kindOf({ object: "list" }, "", ""), "list");
  assert.equal(
    kindOf({ type: "text", plain_text: "a" }, "rich_text", "block:paragraph.paragraph"),
    "rich_text:text",
  );
  assert.equal(kindOf({ bold: true }, "annotations", "rich_text:text"), "rich_text:text.annotations");
});

test("signature records keys and types per kind, property names excluded", () => {
  const page = {
    object: "page",
    id: "p",
    icon: null,
    properties: {
      "My title": { id: "title", type: "title", title: [text("x")] },
      Done: { id: "a", type: "checkbox", checkbox: true },
    },
  };
  const sig = signature(page);
  assert.deepEqual([...sig.get("page")!.keys()], ["object", "id", "icon", "properties"]);
  assert.deepEqual([...sig.get("page")!.get("icon")!], ["null"]);
  assert.ok(sig.has("page.properties:title"));
  assert.ok(sig.has("page.properties:checkbox"));
  assert.ok(!sig.has("page.properties"), "property names are not shape keys");
  assert.deepEqual([...sig.get("title:text")!.keys()], ["type", "text", "annotations", "plain_text", "href"]);
});

test("identical shapes with different data compare equal", () => {
  const real = {
    object: "list",
    type: "block",
    results: [block("paragraph", { rich_text: [text("a")], color: "default" })],
  };
  const emu = {
    object: "list",
    type: "block",
    results: [
      block("paragraph", { rich_text: [text("b"), text("c")], color: "red" }),
      block("code", { rich_text: [], language: "ts" }),
    ],
  };
  assert.deepEqual(compareShapes(real, emu), []);
});

test("missing, extra and mistyped keys are reported per kind", () => {
  const real = block("code", { caption: [], rich_text: [text("x")], language: "ruby" });
  const emu = block("code", { rich_text: [text("x")], language: 3, colour: "x" });
  const diffs = compareShapes(real, emu);
  assert.deepEqual(
    diffs.map((d) => [d.kind, d.key, d.problem]),
    [
      ["block:code.code", "caption", "missing"],
      ["block:code.code", "language", "type"],
      ["block:code.code", "colour", "extra"],
    ],
  );
  assert.match(formatDifferences(diffs), /block:code\.code: missing key "caption" \(real: array\)/);
});

test("null on one side and a value on the other is accepted", () => {
  const real = { object: "page", id: "p", icon: null, cover: { type: "external", external: { url: "u" } } };
  const emu = { object: "page", id: "p", icon: { type: "emoji", emoji: "x" }, cover: null };
  assert.deepEqual(compareShapes(real, emu), []);
});

test("a different top-level kind is one difference", () => {
  const diffs = compareShapes({ object: "page", id: "p" }, { object: "error", code: "x" });
  assert.equal(diffs.length, 1);
  assert.equal(diffs[0]!.problem, "top-level");
});

test("tolerated keys are skipped in both directions", () => {
  assert.deepEqual(
    compareShapes({ object: "user", id: "u", request_id: "r" }, { object: "user", id: "u" }),
    [],
  );
  const extra = [{ kind: "block:*", key: "is_locked", why: "test" }];
  assert.deepEqual(
    compareShapes(block("divider", {}), block("divider", {}, { is_locked: false }), { tolerate: extra }),
    [],
  );
  assert.equal(compareShapes(block("divider", {}), block("divider", {}, { is_locked: false })).length, 1);
});

test("an extra key another real answer has is accepted, with a type it showed", () => {
  const elsewhere = mergeSignatures([block("divider", {}, { in_trash: false })]);
  assert.deepEqual(
    compareShapes(block("divider", {}), block("divider", {}, { in_trash: true }), { elsewhere }),
    [],
  );
  const diffs = compareShapes(block("divider", {}), block("divider", {}, { in_trash: "no" }), { elsewhere });
  assert.equal(diffs[0]?.problem, "type");
  const missing = compareShapes(block("divider", {}, { in_trash: false }), block("divider", {}), {
    elsewhere,
  });
  assert.equal(missing[0]?.problem, "missing", "a key this recording has stays required");
});

test("ids must be UUIDs and stamps ISO dates where the real API has them", () => {
  const real = {
    object: "user",
    id: "2200a911-6a96-44bb-bd38-6bfb1e01b9f6",
    created_time: "2022-04-23T21:16:00.000Z",
  };
  assert.deepEqual(compareShapes(real, { ...real, id: "00000000-0000-4000-8000-0000000000b7" }), []);
  const bad = compareShapes(real, {
    ...real,
    id: "00000000-0000-4000-8000-00000000b07",
    created_time: "yesterday",
  });
  assert.deepEqual(
    bad.map((d) => [d.key, d.problem]),
    [
      ["id", "type"],
      ["created_time", "type"],
    ],
  );
  // An opaque cursor that happens to be an id fits where the real API showed a plain string.
  assert.deepEqual(
    compareShapes({ object: "list", next_cursor: "PLuaRX" }, { object: "list", next_cursor: real.id }),
    [],
  );
  // Rich text content that is a date in one answer may be plain text in another.
  const elsewhere = mergeSignatures([{ object: "x", content: "hello" }]);
  assert.deepEqual(
    compareShapes({ object: "x", content: "2022-03-14" }, { object: "x", content: "hi" }, { elsewhere }),
    [],
  );
});

test("shellWords joins quoted pieces and keeps variables unexpanded", () => {
  const words = shellWords(
    `curl 'https://x/v1' \\\n  -H 'Authorization: Bearer '"$NOTION_API_KEY"'' \\\n  --data '{"a": "it''s"}'`,
  );
  assert.deepEqual(words, [
    "curl",
    "https://x/v1",
    "-H",
    "Authorization: Bearer $NOTION_API_KEY",
    "--data",
    '{"a": "its"}',
  ]);
});

test("parseCurl reads method, path, query, headers and body; drops the credentials", () => {
  const r = parseCurl(`#!/bin/sh
curl https://api.notion.com/v1/pages/abc?x=1 \\
  -H 'Authorization: Bearer '"$NOTION_API_KEY"'' \\
  -H "Notion-Version: 2025-09-03" \\
  -X PATCH \\
  --data '{"in_trash": true}'`);
  assert.equal(r.method, "PATCH");
  assert.equal(r.path, "/v1/pages/abc");
  assert.equal(r.query, "x=1");
  assert.deepEqual(r.headers, { "notion-version": "2025-09-03" });
  assert.deepEqual(r.body, { in_trash: true });
  const get = parseCurl(
    `curl --request POST --url 'https://api.notion.com/v1/file_uploads/u/send' -F "file=@a.png"`,
  );
  assert.equal(get.method, "POST");
  assert.deepEqual(get.form, [{ name: "file", filename: "a.png", content: "" }]);
  assert.equal(parseCurl(`curl 'https://api.notion.com/v1/users/me'`).method, "GET");
});
