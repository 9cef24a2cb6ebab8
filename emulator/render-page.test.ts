import assert from "node:assert/strict";
import { test } from "node:test";
import { NotionError } from "./errors.ts";
import { propertyItems, renderPage } from "./render-page.ts";
import { Workspace } from "./workspace.ts";

const ids = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `id-${i}` }));
const mention = (i: number) => ({
  type: "mention",
  mention: { type: "user", user: { object: "user", id: `u${i}` } },
  plain_text: `@${i}`,
});

function page() {
  return {
    object: "page",
    id: "11111111-1111-4111-8111-111111111111",
    created_time: "2026-01-01T00:00:00.000Z",
    last_edited_time: "2026-01-02T00:00:00.000Z",
    created_by: { object: "user", id: "u" },
    last_edited_by: { object: "user", id: "u" },
    parent: { type: "workspace", workspace: true },
    in_trash: false,
    properties: {
      Name: { id: "title", type: "title", title: [{ type: "text", plain_text: "Doc" }] },
      Rel: { id: "%3CnJT", type: "relation", relation: ids(30), has_more: false },
      Notes: { id: "n", type: "rich_text", rich_text: Array.from({ length: 30 }, (_, i) => mention(i)) },
      Edited: { id: "e", type: "last_edited_time", last_edited_time: "stale" },
      Count: { id: "c", type: "number", number: 3 },
    },
  };
}

test("pages.retrieve truncates references at 25 and fills computed stamps", () => {
  const out = renderPage(page(), new Workspace());
  assert.equal(out.properties.Rel.relation.length, 25);
  assert.equal(out.properties.Rel.has_more, true);
  assert.equal(out.properties.Notes.rich_text.length, 25);
  assert.equal(out.properties.Edited.last_edited_time, "2026-01-02T00:00:00.000Z");
  assert.equal(out.archived, false);
  assert.match(out.url, /^https:\/\/www\.notion\.so\/Doc-11111111111141118111111111111111$/);
  assert.deepEqual(Object.keys(renderPage(page(), new Workspace(), ["%3CnJT", "c"]).properties), [
    "Rel",
    "Count",
  ]);
});

test("property items page through the complete value; simple types answer one item", () => {
  const ws = new Workspace();
  const q = { baseUrl: "http://e", pageSize: 20 };
  const first = propertyItems(page(), "<nJT", ws, q)!;
  assert.equal(first.results.length, 20);
  assert.equal(first.has_more, true);
  assert.equal(first.property_item.type, "relation");
  assert.match(
    first.property_item.next_url,
    /^http:\/\/e\/v1\/pages\/1{8}.*\/properties\/%3CnJT\?start_cursor=/,
  );
  const rest = propertyItems(page(), "Rel", ws, { ...q, startCursor: first.next_cursor })!;
  assert.deepEqual(
    rest.results.map((r: any) => r.relation.id),
    ids(30)
      .slice(20)
      .map((r) => r.id),
  );
  assert.equal(rest.next_cursor, null);
  assert.deepEqual(propertyItems(page(), "c", ws, q), {
    object: "property_item",
    type: "number",
    id: "c",
    number: 3,
  });
  assert.equal(propertyItems(page(), "missing", ws, q), undefined);
  assert.throws(() => propertyItems(page(), "Rel", ws, { ...q, startCursor: "bogus" }), NotionError);
});
