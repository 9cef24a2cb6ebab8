// Unit tests of query pages: trash and template exclusion, cursors, and the per-query result cap.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Workspace } from "../workspace.ts";
import { queryResultLimit, runQuery, setQueryResultLimit } from "./run-query.ts";

const DS = { id: "ds", properties: { Name: { id: "title", name: "Name", type: "title", title: {} } } };

function workspaceWithRows(count: number): Workspace {
  const ws = new Workspace();
  for (let i = 0; i < count; i++) {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
    ws.pages.set(id, {
      object: "page",
      id,
      created_time: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
      parent: { type: "data_source_id", data_source_id: "ds" },
      in_trash: false,
      properties: {},
    });
  }
  return ws;
}

const sorts = [{ timestamp: "created_time", direction: "ascending" }];

test("the page reaching the cap ends the chain incomplete; a result set of exactly the cap is complete", () => {
  const ws = workspaceWithRows(10);
  assert.equal(queryResultLimit(ws), 10_000);
  setQueryResultLimit(ws, 6);
  const p1 = runQuery(ws, DS, { sorts, page_size: 3 }, { meId: "me" });
  assert.equal(p1.rows.length, 3);
  assert.equal(p1.has_more, true);
  assert.equal(p1.request_status, undefined);
  const p2 = runQuery(ws, DS, { sorts, page_size: 3, start_cursor: p1.next_cursor }, { meId: "me" });
  assert.equal(p2.rows.length, 3);
  assert.equal(p2.has_more, false);
  assert.equal(p2.next_cursor, null);
  assert.equal(p2.request_status?.type, "incomplete");

  setQueryResultLimit(ws, 10);
  const all = runQuery(ws, DS, { sorts }, { meId: "me" });
  assert.equal(all.rows.length, 10);
  assert.equal(all.request_status, undefined);
});

test("trashed rows only with in_trash; excluded ids never; unknown cursors rejected", () => {
  const ws = workspaceWithRows(4);
  const first = [...ws.pages.values()][0]!;
  first.in_trash = true;
  assert.equal(runQuery(ws, DS, {}, { meId: "me" }).rows.length, 3);
  assert.deepEqual(
    runQuery(ws, DS, { in_trash: true }, { meId: "me" }).rows.map((r) => r.id),
    [first.id],
  );
  const second = [...ws.pages.values()][1]!;
  assert.equal(runQuery(ws, DS, {}, { meId: "me", excluded: new Set([second.id]) }).rows.length, 2);
  assert.throws(() => runQuery(ws, DS, { start_cursor: "nope" }, { meId: "me" }), /valid cursor/);
  assert.throws(() => runQuery(ws, DS, { page_size: 101 }, { meId: "me" }), /page_size/);
});
