import assert from "node:assert/strict";
import { test } from "node:test";
import { csvField, renderCsv } from "./csv.ts";
import { mapContext, pageObject, rt, tableDoc } from "./test-records.ts";

test("fields are quoted only when needed, quotes doubled, line breaks kept inside quotes", () => {
  assert.equal(csvField("plain"), "plain");
  assert.equal(csvField("a,b"), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField("two\nlines"), '"two\r\nlines"');
  assert.equal(csvField("two\r\nlines", "\n"), '"two\nlines"');
  assert.equal(csvField(" edge"), '" edge"');
  assert.equal(csvField(""), "");
});

test("a table as CSV: header in schema order with the title first, CRLF records, every row", () => {
  const rows = [
    pageObject("First, with comma", {
      Count: { type: "number", number: 2 },
      Done: { type: "checkbox", checkbox: true },
    }),
    pageObject('Quote "me"', {
      Count: { type: "number", number: null },
      Done: { type: "checkbox", checkbox: false },
    }),
  ];
  rows[1]!.properties.Name = { id: "title", type: "title", title: [rt("Multi\nline")] } as never;
  const table = tableDoc({ Count: "number", Name: "title", Done: "checkbox" }, rows);
  assert.equal(
    renderCsv(table, mapContext()),
    'Name,Count,Done\r\n"First, with comma",2,true\r\n"Multi\r\nline",,false\r\n',
  );
  assert.equal(
    renderCsv(table, mapContext(), { newline: "\n" }),
    'Name,Count,Done\n"First, with comma",2,true\n"Multi\nline",,false\n',
  );
});

test("a table without rows is its header", () => {
  assert.equal(renderCsv(tableDoc({ Name: "title" }, []), mapContext()), "Name\r\n");
});

test("values a spreadsheet would run as formulas are kept as text; signed numbers stay numbers", () => {
  assert.equal(csvField('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
  assert.equal(csvField("@SUM(A1)"), "'@SUM(A1)");
  assert.equal(csvField("+1+cmd|' /C calc'!A0"), "'+1+cmd|' /C calc'!A0");
  assert.equal(csvField("-2+3"), "'-2+3");
  assert.equal(csvField("-A1"), "'-A1");
  assert.equal(csvField("\tx"), "'\tx");
  for (const n of ["-5", "+3.2", "-$1,234.50", "-12%", "+1 555 0131", "+44 (20) 7946-0958", "-0,5"])
    assert.equal(csvField(n), n.includes(",") ? `"${n}"` : n);
  for (const plain of ["a=b", "e-mail", "50%", ""]) assert.equal(csvField(plain), plain);
});
