// queryAllRows against the emulator: every row once, past a lowered query cap, even when stamps collide.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { setQueryResultLimit } from "../../../emulator/query/run-query.ts";
import { Workspace, type WorkspaceData } from "../../../emulator/workspace.ts";
import { crawlContext, fastClient } from "../../../test/helpers/crawl.ts";
import {
  defaultWorkspaceData,
  HOME_PAGE_ID,
  plainText,
  startEmulator,
  type TestEmulator,
} from "../../../test/helpers/emulator.ts";
import { queryAllRows } from "./database.ts";

const DB = "55555555-5555-4555-8555-555555555555";
const DS = "66666666-6666-4666-8666-666666666666";

/** A workspace with one database whose rows carry the given created_time stamps, in that order. */
function withRows(stamps: string[]): WorkspaceData {
  const data = defaultWorkspaceData();
  const t = "2026-01-01T00:00:00.000Z";
  data.databases = [
    {
      object: "database",
      id: DB,
      title: [plainText("Rows")],
      parent: { type: "page_id", page_id: HOME_PAGE_ID },
      is_inline: false,
      created_time: t,
      last_edited_time: t,
      data_sources: [{ id: DS, name: "Rows" }],
    },
  ];
  data.data_sources = [
    {
      object: "data_source",
      id: DS,
      title: [plainText("Rows")],
      parent: { type: "database_id", database_id: DB },
      database_parent: { type: "page_id", page_id: HOME_PAGE_ID },
      created_time: t,
      last_edited_time: t,
      properties: { Name: { id: "title", name: "Name", type: "title", title: {} } },
    },
  ];
  data.pages!.push(
    ...stamps.map((created, i) => ({
      object: "page",
      id: `77777777-7777-4777-8777-${String(i).padStart(12, "0")}`,
      created_time: created,
      last_edited_time: created,
      created_by: { object: "user", id: "22222222-2222-4222-8222-222222222222" },
      last_edited_by: { object: "user", id: "22222222-2222-4222-8222-222222222222" },
      parent: { type: "data_source_id", data_source_id: DS, database_id: DB },
      in_trash: false,
      properties: { Name: { id: "title", type: "title", title: [plainText(`Row ${i}`)] } },
    })),
  );
  return data;
}

const minute = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m)).toISOString();
const open: TestEmulator[] = [];
after(async () => {
  await Promise.all(open.map((t) => t.close()));
});

async function rowsOf(stamps: string[], cap: number) {
  const ws = Workspace.fromData(withRows(stamps));
  setQueryResultLimit(ws, cap);
  const t = await startEmulator({ workspace: ws });
  open.push(t);
  const { ctx } = crawlContext(fastClient(t));
  const ids: string[] = [];
  for await (const row of queryAllRows(ctx, DS)) ids.push(row.id);
  return { ids, ctx, t, ws };
}

test("all rows come once, oldest first, through created_time windows past the cap", async () => {
  const stamps = Array.from({ length: 23 }, (_, i) => minute(i));
  const { ids, t, ctx } = await rowsOf(stamps, 5);
  assert.equal(ids.length, 23);
  assert.equal(new Set(ids).size, 23);
  assert.deepEqual(ids, [...ids].sort());
  assert.ok(t.log.count("dataSources.query") > 23 / 5);
  assert.deepEqual(ctx.report.warnings, []);
});

test("rows sharing a created_time across a window's edge are neither lost nor repeated", async () => {
  // Three rows per minute: every window boundary falls inside a group of equal stamps.
  const stamps = Array.from({ length: 20 }, (_, i) => minute(Math.floor(i / 3)));
  const { ids, ctx } = await rowsOf(stamps, 4);
  assert.equal(ids.length, 20);
  assert.equal(new Set(ids).size, 20);
  assert.deepEqual(ctx.report.warnings, []);
});

test("more rows in one minute than a query returns is reported, not looped on", async () => {
  const stamps = Array.from({ length: 9 }, () => minute(0));
  const { ids, ctx } = await rowsOf(stamps, 4);
  assert.equal(new Set(ids).size, ids.length);
  assert.ok(ids.length >= 4 && ids.length < 9);
  assert.equal(ctx.report.warnings[0]?.code, "rows_incomplete");
});
