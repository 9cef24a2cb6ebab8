// Users and search endpoints of the emulator, through the real SDK over loopback HTTP.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { collectPaginatedAPI, isFullUser } from "@notionhq/client";
import type { NotionObject, WorkspaceData } from "../emulator/workspace.ts";
import {
  defaultWorkspaceData,
  HOME_PAGE_ID,
  plainText,
  startEmulator,
  type TestEmulator,
} from "./helpers/emulator.ts";

const DB_ID = "33333333-3333-4333-8333-333333333333";
const DS_ID = "44444444-4444-4444-8444-444444444444";
const PRIVATE_ID = "55555555-5555-4555-8555-555555555555";
const TOKEN = "ntn_search_test";
const OTHER_TOKEN = "ntn_other_integration";

function page(
  id: string,
  title: string,
  edited: string,
  parent: NotionObject,
  extra: NotionObject = {},
): NotionObject {
  const user = { object: "user", id: "22222222-2222-4222-8222-222222222222" };
  return {
    object: "page",
    id,
    created_time: "2026-01-01T00:00:00.000Z",
    last_edited_time: edited,
    created_by: user,
    last_edited_by: user,
    cover: null,
    icon: null,
    parent,
    in_trash: false,
    properties: { Name: { id: "title", type: "title", title: [plainText(title)] } },
    ...extra,
  };
}

function workspace(): WorkspaceData {
  const base = defaultWorkspaceData();
  const under = { type: "page_id", page_id: HOME_PAGE_ID };
  const ids = (n: number) => `66666666-6666-4666-8666-${String(n).padStart(12, "0")}`;
  return {
    ...base,
    integrations: [
      { token: TOKEN, name: "Search test", shared: [HOME_PAGE_ID], max_file_upload_size_in_bytes: 5242880 },
      { token: OTHER_TOKEN, name: "Other", shared: [PRIVATE_ID] },
    ],
    pages: [
      ...(base.pages ?? []),
      page(ids(1), "Alpha notes", "2026-02-01T10:00:00.000Z", under),
      page(ids(2), "Beta plan", "2026-03-01T10:00:00.000Z", under),
      page(ids(3), "alpha archive", "2026-04-01T10:00:00.000Z", under, { in_trash: true }),
      page(ids(4), "Task one", "2026-05-01T10:00:00.000Z", { type: "data_source_id", data_source_id: DS_ID }),
      page(PRIVATE_ID, "Alpha secret", "2026-06-01T10:00:00.000Z", { type: "workspace", workspace: true }),
    ],
    databases: [
      {
        object: "database",
        id: DB_ID,
        title: [plainText("Tasks")],
        parent: under,
        data_sources: [{ id: DS_ID, name: "Tasks" }],
        in_trash: false,
      },
    ],
    data_sources: [
      {
        object: "data_source",
        id: DS_ID,
        title: [plainText("Tasks")],
        parent: { type: "database_id", database_id: DB_ID },
        database_parent: under,
        last_edited_time: "2026-01-15T00:00:00.000Z",
        properties: { Name: { id: "title", name: "Name", type: "title", title: {} } },
        in_trash: false,
      },
    ],
  };
}

describe("users", () => {
  let t: TestEmulator;
  before(async () => {
    t = await startEmulator({ workspace: workspace() });
  });
  after(() => t.close());

  test("me is the calling integration's bot, with the workspace upload limit", async () => {
    const me = await t.client.users.me({});
    assert.equal(me.type, "bot");
    assert.equal(me.name, "Search test");
    if (me.type !== "bot" || !("owner" in me.bot)) throw new Error("bot info missing");
    assert.deepEqual(me.bot.owner, { type: "workspace", workspace: true });
    assert.equal(me.bot.workspace_name, "Test workspace");
    assert.equal(me.bot.workspace_limits.max_file_upload_size_in_bytes, 5242880);
  });

  test("list holds people and every bot; only the caller's bot carries details", async () => {
    const users = await collectPaginatedAPI(t.client.users.list, { page_size: 1 });
    assert.equal(users.length, 3);
    assert.ok(users.every(isFullUser));
    const person = users.find((u) => u.type === "person");
    assert.equal(person?.name, "Ada Admin");
    const other = users.find((u) => u.name === "Other");
    assert.deepEqual(other?.type === "bot" ? other.bot : undefined, {});
    assert.equal(t.log.count("users.list"), 3);
  });

  test("retrieve by id, with or without dashes; unknown ids answer 404", async () => {
    const user = await t.client.users.retrieve({ user_id: "22222222222242228222222222222222" });
    assert.equal(user.id, "22222222-2222-4222-8222-222222222222");
    await assert.rejects(
      t.client.users.retrieve({ user_id: "99999999-9999-4999-8999-999999999999" }),
      (e: { code?: string }) => e.code === "object_not_found",
    );
  });
});

describe("search", () => {
  let t: TestEmulator;
  before(async () => {
    t = await startEmulator({ workspace: workspace() });
  });
  after(() => t.close());

  const titles = (results: Array<NotionObject>) =>
    results.map((r) => {
      const rich =
        r.object === "page"
          ? Object.values<NotionObject>(r.properties).find((p) => p.type === "title")?.title
          : r.title;
      return rich[0].plain_text;
    });

  test("finds visible, non-trashed pages and data sources, newest edit first", async () => {
    const res = await t.client.search({});
    assert.equal(res.type, "page_or_data_source");
    assert.deepEqual(titles(res.results as NotionObject[]), [
      "Task one",
      "Beta plan",
      "Alpha notes",
      "Tasks",
      "Home",
    ]);
  });

  test("the query matches titles case-insensitively", async () => {
    const res = await t.client.search({ query: "ALPHA" });
    assert.deepEqual(titles(res.results as NotionObject[]), ["Alpha notes"]);
  });

  test("filters by object and sorts ascending", async () => {
    const sources = await t.client.search({ filter: { property: "object", value: "data_source" } });
    assert.deepEqual(
      sources.results.map((r) => [r.object, r.id]),
      [["data_source", DS_ID]],
    );
    const pages = await t.client.search({
      filter: { property: "object", value: "page" },
      sort: { timestamp: "last_edited_time", direction: "ascending" },
    });
    assert.deepEqual(titles(pages.results as NotionObject[]), [
      "Home",
      "Alpha notes",
      "Beta plan",
      "Task one",
    ]);
  });

  test("paginates with cursors", async () => {
    const first = await t.client.search({ page_size: 2 });
    assert.equal(first.results.length, 2);
    assert.equal(first.has_more, true);
    const all = await collectPaginatedAPI(t.client.search, { page_size: 2 });
    assert.equal(all.length, 5);
    assert.equal(new Set(all.map((r) => r.id)).size, 5);
  });

  test("another integration sees only what is shared with it", async () => {
    const res = await t.client.search({ auth: OTHER_TOKEN });
    assert.deepEqual(titles(res.results as NotionObject[]), ["Alpha secret"]);
  });

  test("invalid filters answer validation_error", async () => {
    await assert.rejects(
      t.client.search({ filter: { property: "object", value: "database" as "page" } }),
      (e: { code?: string }) => e.code === "validation_error",
    );
  });
});
