import assert from "node:assert/strict";
import { test } from "node:test";
import { NotionError } from "../errors.ts";
import { validateBlockPayload, validateContent } from "./blocks.ts";

const para = (children?: unknown[]) => ({
  paragraph: { rich_text: [{ text: { content: "x" } }], ...(children ? { children } : {}) },
});

function fails(fn: () => void, pattern: RegExp): void {
  assert.throws(
    fn,
    (err: unknown) =>
      err instanceof NotionError && err.code === "validation_error" && pattern.test(err.message),
  );
}

test("two levels of nesting pass, a third is rejected with Notion's path", () => {
  validateBlockPayload([para([para([para()])])]);
  fails(
    () => validateBlockPayload([para([para([para([para()])])])]),
    /body\.children\[0\]\.paragraph\.children\[0\]\.paragraph\.children\[0\]\.paragraph\.children should be not present/,
  );
});

test("children arrays hold at most 100 blocks and a request at most 1000 elements", () => {
  fails(
    () => validateBlockPayload(Array.from({ length: 101 }, () => para())),
    /should be ≤ `100`, instead was `101`/,
  );
  const wide = Array.from({ length: 100 }, () => para(Array.from({ length: 10 }, () => para())));
  fails(() => validateBlockPayload(wide), /1100 block elements/);
});

test("columns, tables and blocks the API cannot create", () => {
  fails(() => validateBlockPayload([{ column: { children: [para()] } }]), /only be a child of a column_list/);
  fails(
    () =>
      validateBlockPayload([
        { column_list: { children: [{ column: { children: [para()] } }, { column: {} }] } },
      ]),
    /length should be ≥ `1`/,
  );
  fails(() => validateBlockPayload([{ table_row: { cells: [] } }]), /only be a child of a table/);
  fails(() => validateBlockPayload([{ table: { table_width: 2 } }]), /children\.length should be ≥ `1`/);
  for (const type of ["link_preview", "unsupported", "meeting_notes", "template", "child_database"]) {
    fails(() => validateBlockPayload([{ type, [type]: {} }]), new RegExp(`\`${type}\` cannot be created`));
  }
  fails(() => validateBlockPayload([{ type: "sparkle", sparkle: {} }]), /supported type/);
  fails(
    () => validateBlockPayload([{ divider: {}, children: [para()] }]),
    /divider\.children should be not present/,
  );
  fails(
    () => validateBlockPayload([{ synced_block: { synced_from: { block_id: "b" }, children: [para()] } }]),
    /synced block copy/,
  );
});

test("appending rows to an existing table checks their width", () => {
  const row = { table_row: { cells: [[{ text: { content: "a" } }]] } };
  validateBlockPayload([row], "body.children", "table", 1);
  fails(() => validateBlockPayload([row], "body.children", "table", 2), /table width of 2/);
});

test("content limits: urls, expressions, and partial updates only check what they carry", () => {
  fails(
    () => validateContent("bookmark", { url: `https://e.com/${"a".repeat(2000)}` }, "body.bookmark"),
    /url\.length should be ≤ `2000`/,
  );
  fails(() => validateContent("code", { rich_text: [] }, "body.code"), /language should be defined/);
  validateContent("to_do", { checked: true }, "body.to_do", true);
  fails(() => validateContent("to_do", { checked: true }, "body.to_do"), /rich_text should be an array/);
});
