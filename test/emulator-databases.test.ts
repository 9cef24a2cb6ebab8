// Databases, data sources, queries, views and templates through the real SDK against a real emulator.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  APIErrorCode,
  Client,
  collectAllDataSourceRows,
  collectPaginatedAPI,
  isNotionClientError,
  LogLevel,
} from "@notionhq/client";
import { setQueryResultLimit } from "../emulator/query/run-query.ts";
import { HOME_PAGE_ID, startEmulator, type TestEmulator } from "./helpers/emulator.ts";

const text = (content: string) => [{ type: "text" as const, text: { content } }];

/** Every property type a data source can be created with, one of each. */
function everyTypeSchema(targetDataSourceId: string): Record<string, any> {
  return {
    Name: { title: {} },
    Notes: { rich_text: {} },
    Score: { number: { format: "percent" } },
    Kind: { select: { options: [{ name: "A", color: "red" }, { name: "B" }] } },
    Tags: {
      multi_select: {
        options: [
          { name: "x", color: "blue" },
          { name: "y", color: "green" },
        ],
      },
    },
    State: { status: {} },
    Due: { date: {} },
    Owner: { people: {} },
    Attachments: { files: {} },
    Done: { checkbox: {} },
    Link: { url: {} },
    Mail: { email: {} },
    Phone: { phone_number: {} },
    Calc: { formula: { expression: "1 + 1" } },
    Parent: { relation: { data_source_id: targetDataSourceId, dual_property: {} } },
    Sum: { rollup: { relation_property_name: "Parent", rollup_property_name: "Size", function: "sum" } },
    Created: { created_time: {} },
    Creator: { created_by: {} },
    Edited: { last_edited_time: {} },
    Editor: { last_edited_by: {} },
    Ref: { unique_id: { prefix: "TSK" } },
  };
}

function isApiError(code: string, status: number) {
  return (err: unknown) =>
    isNotionClientError(err) && (err as any).code === code && (err as any).status === status;
}

describe("databases and data sources", () => {
  let emu: TestEmulator;
  let targetDs = "";
  let targetDb = "";
  before(async () => {
    emu = await startEmulator();
    const target: any = await emu.client.databases.create({
      parent: { type: "page_id", page_id: HOME_PAGE_ID },
      title: text("Projects"),
      initial_data_source: { properties: { Title: { title: {} }, Size: { number: {} } } },
    });
    targetDb = target.id;
    targetDs = target.data_sources[0].id;
  });
  after(() => emu.close());

  test("databases.create makes the container, its first data source, a default view and a child_database block", async () => {
    const db: any = await emu.client.databases.create({
      parent: { type: "page_id", page_id: HOME_PAGE_ID },
      title: text("Tasks"),
      icon: { type: "emoji", emoji: "✅" },
      is_inline: true,
      initial_data_source: { properties: everyTypeSchema(targetDs) },
    });
    assert.equal(db.object, "database");
    assert.equal(db.is_inline, true);
    assert.deepEqual(db.parent, { type: "page_id", page_id: HOME_PAGE_ID });
    assert.equal(db.data_sources.length, 1);
    assert.equal(db.data_sources[0].name, "Tasks");
    assert.equal(db.title[0].plain_text, "Tasks");

    const again: any = await emu.client.databases.retrieve({ database_id: db.id });
    assert.deepEqual(again.data_sources, db.data_sources);

    const ds: any = await emu.client.dataSources.retrieve({ data_source_id: db.data_sources[0].id });
    assert.equal(ds.object, "data_source");
    assert.deepEqual(ds.parent, { type: "database_id", database_id: db.id });
    assert.deepEqual(ds.database_parent, { type: "page_id", page_id: HOME_PAGE_ID });
    const props = ds.properties;
    assert.equal(Object.keys(props).length, 21);
    assert.equal(props.Name.id, "title");
    for (const [name, prop] of Object.entries<any>(props)) {
      assert.equal(prop.name, name);
      assert.equal(typeof prop.id, "string");
      assert.ok(prop.type in prop, `${name} carries its ${prop.type} configuration`);
    }
    assert.equal(props.Score.number.format, "percent");
    assert.equal(props.Kind.select.options[1].color, "default");
    assert.match(props.Tags.multi_select.options[0].id, /^[0-9a-f-]{36}$/);
    assert.equal(props.State.status.groups.length, 3);
    assert.equal(props.Parent.relation.database_id, targetDb);
    assert.equal(props.Parent.relation.data_source_id, targetDs);
    assert.equal(props.Parent.relation.type, "dual_property");
    assert.equal(props.Sum.rollup.relation_property_name, "Parent");
    assert.equal(props.Sum.rollup.rollup_property_name, "Size");
    assert.equal(props.Ref.unique_id.prefix, "TSK");

    // The dual relation created its synced side on the target data source.
    const target: any = await emu.client.dataSources.retrieve({ data_source_id: targetDs });
    const synced = props.Parent.relation.dual_property.synced_property_name;
    assert.equal(target.properties[synced].relation.data_source_id, ds.id);

    const children = await collectPaginatedAPI(emu.client.blocks.children.list, { block_id: HOME_PAGE_ID });
    const block: any = children.find((b: any) => b.id === db.id);
    assert.equal(block?.type, "child_database");
    assert.equal(block.child_database.title, "Tasks");

    const views: any = await emu.client.views.list({ database_id: db.id });
    assert.equal(views.results.length, 1);
    const view: any = await emu.client.views.retrieve({ view_id: views.results[0].id });
    assert.equal(view.object, "view");
    assert.equal(view.data_source_id, ds.id);
    assert.deepEqual(view.parent, { type: "database_id", database_id: db.id });
    const byDs: any = await emu.client.views.list({ data_source_id: ds.id });
    assert.deepEqual(byDs.results, views.results);
  });

  test("databases.create rejects a workspace parent and a schema without a title", async () => {
    await assert.rejects(
      emu.client.databases.create({
        parent: { type: "workspace", workspace: true } as any,
        title: text("X"),
      }),
      isApiError(APIErrorCode.ValidationError, 400),
    );
    await assert.rejects(
      emu.client.databases.create({
        parent: { type: "page_id", page_id: HOME_PAGE_ID },
        initial_data_source: { properties: { Notes: { rich_text: {} } } },
      }),
      isApiError(APIErrorCode.ValidationError, 400),
    );
  });

  test("dataSources.create adds a source; dataSources.update adds, renames and deletes properties", async () => {
    const db: any = await emu.client.databases.create({
      parent: { type: "page_id", page_id: HOME_PAGE_ID },
      title: text("Multi"),
    });
    const second: any = await emu.client.dataSources.create({
      parent: { type: "database_id", database_id: db.id },
      title: text("Second source"),
      properties: { Name: { title: {} }, Count: { number: {} } },
    });
    const container: any = await emu.client.databases.retrieve({ database_id: db.id });
    assert.deepEqual(
      container.data_sources.map((d: any) => d.name),
      ["Multi", "Second source"],
    );

    const row: any = await emu.client.pages.create({
      parent: { type: "data_source_id", data_source_id: second.id },
      properties: { Name: { title: text("row") }, Count: { number: 3 } },
    });
    const added: any = await emu.client.dataSources.update({
      data_source_id: second.id,
      properties: { Extra: { url: {} } },
    });
    assert.equal(added.properties.Extra.type, "url");
    const countId = added.properties.Count.id;
    const renamed: any = await emu.client.dataSources.update({
      data_source_id: second.id,
      properties: { Count: { name: "Total" } },
    });
    assert.equal(renamed.properties.Total.id, countId);
    assert.equal(renamed.properties.Count, undefined);
    const page: any = await emu.client.pages.retrieve({ page_id: row.id });
    assert.equal(page.properties.Total.number, 3);
    assert.equal(page.properties.Extra.url, null);

    const removed: any = await emu.client.dataSources.update({
      data_source_id: second.id,
      properties: { Extra: null },
      title: text("Renamed source"),
    });
    assert.equal(removed.properties.Extra, undefined);
    assert.equal(removed.title[0].plain_text, "Renamed source");
    await assert.rejects(
      emu.client.dataSources.update({ data_source_id: second.id, properties: { Name: { rich_text: {} } } }),
      isApiError(APIErrorCode.ValidationError, 400),
    );
  });

  test("dataSources.update with a parent moves the source and its rows to another database", async () => {
    const a: any = await emu.client.databases.create({ parent: { type: "page_id", page_id: HOME_PAGE_ID } });
    const b: any = await emu.client.databases.create({ parent: { type: "page_id", page_id: HOME_PAGE_ID } });
    const extra: any = await emu.client.dataSources.create({
      parent: { type: "database_id", database_id: a.id },
      properties: { Name: { title: {} } },
    });
    const row: any = await emu.client.pages.create({
      parent: { type: "data_source_id", data_source_id: extra.id },
      properties: { Name: { title: text("moving") } },
    });
    const moved: any = await emu.client.dataSources.update({
      data_source_id: extra.id,
      parent: { type: "database_id", database_id: b.id },
    } as any);
    assert.deepEqual(moved.parent, { type: "database_id", database_id: b.id });
    const [left, right]: any[] = await Promise.all([
      emu.client.databases.retrieve({ database_id: a.id }),
      emu.client.databases.retrieve({ database_id: b.id }),
    ]);
    assert.equal(left.data_sources.length, 1);
    assert.deepEqual(
      right.data_sources.map((d: any) => d.id),
      [b.data_sources[0].id, extra.id],
    );
    const page: any = await emu.client.pages.retrieve({ page_id: row.id });
    assert.equal(page.parent.database_id, b.id);
  });

  test("databases.update changes title, trash state and the child_database block with it", async () => {
    const db: any = await emu.client.databases.create({
      parent: { type: "page_id", page_id: HOME_PAGE_ID },
      title: text("Old"),
    });
    const updated: any = await emu.client.databases.update({
      database_id: db.id,
      title: text("New"),
      description: text("about"),
      is_locked: true,
    });
    assert.equal(updated.title[0].plain_text, "New");
    assert.equal(updated.description[0].plain_text, "about");
    assert.equal(updated.is_locked, true);
    const block: any = await emu.client.blocks.retrieve({ block_id: db.id });
    assert.equal(block.child_database.title, "New");
    const trashed: any = await emu.client.databases.update({ database_id: db.id, in_trash: true });
    assert.equal(trashed.in_trash, true);
    await assert.rejects(
      emu.client.databases.update({ database_id: db.id, title: text("again") }),
      isApiError(APIErrorCode.ValidationError, 400),
    );
  });

  test("unshared databases and data sources answer 404; malformed ids 400", async () => {
    emu.ws.addIntegration("ntn_other_token", []);
    const other = new Client({ auth: "ntn_other_token", baseUrl: emu.url, logLevel: LogLevel.ERROR });
    await assert.rejects(
      other.databases.retrieve({ database_id: targetDb }),
      isApiError(APIErrorCode.ObjectNotFound, 404),
    );
    await assert.rejects(
      other.dataSources.query({ data_source_id: targetDs }),
      isApiError(APIErrorCode.ObjectNotFound, 404),
    );
    await assert.rejects(
      emu.client.databases.retrieve({ database_id: "AAA" }),
      (err: any) => err.status === 400 && /path\.database_id should be a valid uuid/.test(err.message),
    );
  });
});

describe("dataSources.query", () => {
  let emu: TestEmulator;
  let ds = "";
  let minute = 0;
  const start = Date.parse("2026-03-01T10:00:00.000Z");
  before(async () => {
    emu = await startEmulator();
    emu.ws.now = () => new Date(start + minute * 60_000);
    const db: any = await emu.client.databases.create({
      parent: { type: "page_id", page_id: HOME_PAGE_ID },
      title: text("Rows"),
      initial_data_source: {
        properties: {
          Name: { title: {} },
          N: { number: {} },
          Kind: { select: { options: [{ name: "odd" }, { name: "even" }] } },
          Done: { checkbox: {} },
          Due: { date: {} },
        },
      },
    });
    ds = db.data_sources[0].id;
    for (let i = 1; i <= 12; i++) {
      minute = i;
      await emu.client.pages.create({
        parent: { type: "data_source_id", data_source_id: ds },
        properties: {
          Name: { title: text(`row ${String(i).padStart(2, "0")}`) },
          N: { number: i },
          Kind: { select: { name: i % 2 ? "odd" : "even" } },
          Done: { checkbox: i % 3 === 0 },
          Due: { date: { start: `2026-04-${String(i).padStart(2, "0")}` } },
        },
      });
    }
  });
  after(() => emu.close());

  const names = (res: any) => res.results.map((p: any) => p.properties.Name.title[0].plain_text);

  test("default order is newest first; rows render like pages.retrieve", async () => {
    const res: any = await emu.client.dataSources.query({ data_source_id: ds });
    assert.equal(res.type, "page_or_data_source");
    assert.equal(res.results.length, 12);
    assert.equal(names(res)[0], "row 12");
    assert.equal(res.request_status, undefined);
    const first = res.results[0];
    const { request_id: _id, ...retrieved }: any = await emu.client.pages.retrieve({ page_id: first.id });
    assert.deepEqual(first, retrieved);
  });

  test("compound filter, nested groups, sorts and pagination", async () => {
    const filter: any = {
      and: [
        { property: "Kind", select: { equals: "even" } },
        {
          or: [
            { property: "N", number: { greater_than: 6 } },
            { property: "Done", checkbox: { equals: true } },
          ],
        },
      ],
    };
    const sorts: any = [{ property: "N", direction: "ascending" }];
    const first: any = await emu.client.dataSources.query({
      data_source_id: ds,
      filter,
      sorts,
      page_size: 2,
    });
    assert.deepEqual(names(first), ["row 06", "row 08"]);
    assert.equal(first.has_more, true);
    const second: any = await emu.client.dataSources.query({
      data_source_id: ds,
      filter,
      sorts,
      page_size: 2,
      start_cursor: first.next_cursor,
    });
    assert.deepEqual(names(second), ["row 10", "row 12"]);
    assert.equal(second.has_more, false);
    assert.equal(second.next_cursor, null);

    const text: any = await emu.client.dataSources.query({
      data_source_id: ds,
      filter: { property: "Name", title: { contains: "ROW 1" } },
      sorts: [{ property: "Name", direction: "descending" }],
    });
    assert.deepEqual(names(text), ["row 12", "row 11", "row 10"]);
    const dates: any = await emu.client.dataSources.query({
      data_source_id: ds,
      filter: { property: "Due", date: { on_or_before: "2026-04-02" } },
    });
    assert.equal(dates.results.length, 2);
  });

  test("timestamp filter on last_edited_time after an edit", async () => {
    minute = 100;
    const all: any = await emu.client.dataSources.query({
      data_source_id: ds,
      sorts: [{ property: "N", direction: "ascending" }],
    });
    await emu.client.pages.update({ page_id: all.results[4].id, properties: { Done: { checkbox: true } } });
    const since = new Date(start + 100 * 60_000).toISOString();
    const res: any = await emu.client.dataSources.query({
      data_source_id: ds,
      filter: { timestamp: "last_edited_time", last_edited_time: { on_or_after: since } },
    });
    assert.deepEqual(names(res), ["row 05"]);
  });

  test("filter_properties keeps only the named properties", async () => {
    const schema: any = await emu.client.dataSources.retrieve({ data_source_id: ds });
    const res: any = await emu.client.dataSources.query({
      data_source_id: ds,
      filter_properties: [schema.properties.N.id],
      page_size: 1,
    });
    assert.deepEqual(Object.keys(res.results[0].properties), ["N"]);
  });

  test("unknown properties in filters and sorts answer validation_error", async () => {
    await assert.rejects(
      emu.client.dataSources.query({
        data_source_id: ds,
        filter: { property: "Nope", number: { equals: 1 } },
      }),
      isApiError(APIErrorCode.ValidationError, 400),
    );
    await assert.rejects(
      emu.client.dataSources.query({
        data_source_id: ds,
        sorts: [{ property: "Nope", direction: "ascending" }],
      }),
      isApiError(APIErrorCode.ValidationError, 400),
    );
  });

  test("the result cap ends the cursor chain with request_status incomplete", async () => {
    setQueryResultLimit(emu.ws, 5);
    try {
      const sorts: any = [{ timestamp: "created_time", direction: "ascending" }];
      const p1: any = await emu.client.dataSources.query({ data_source_id: ds, sorts, page_size: 3 });
      assert.equal(p1.has_more, true);
      assert.equal(p1.request_status, undefined);
      const p2: any = await emu.client.dataSources.query({
        data_source_id: ds,
        sorts,
        page_size: 3,
        start_cursor: p1.next_cursor,
      });
      assert.deepEqual(names(p2), ["row 04", "row 05"]);
      assert.equal(p2.has_more, false);
      assert.equal(p2.next_cursor, null);
      assert.deepEqual(p2.request_status, {
        type: "incomplete",
        incomplete_reason: "query_result_limit_reached",
      });

      // The SDK's created_time windows read every row past the cap.
      const rows = await collectAllDataSourceRows(emu.client, { data_source_id: ds });
      assert.equal(new Set(rows.map((r) => r.id)).size, 12);
    } finally {
      setQueryResultLimit(emu.ws, 10_000);
    }
  });

  test("templates are listed, paginated and never returned as rows", async () => {
    const template: any = await emu.client.pages.create({
      parent: { type: "data_source_id", data_source_id: ds },
      properties: { Name: { title: text("Template page") } },
    });
    const other: any = await emu.client.pages.create({
      parent: { type: "data_source_id", data_source_id: ds },
      properties: { Name: { title: text("Other template") } },
    });
    emu.ws.dataSources.get(ds)!.templates = [
      { id: template.id, name: "Weekly", is_default: true },
      { id: other.id, name: "Other", is_default: false },
    ];
    const first: any = await emu.client.dataSources.listTemplates({ data_source_id: ds, page_size: 1 });
    assert.deepEqual(first.templates, [{ id: template.id, name: "Weekly", is_default: true }]);
    assert.equal(first.has_more, true);
    const next: any = await emu.client.dataSources.listTemplates({
      data_source_id: ds,
      start_cursor: first.next_cursor,
    });
    assert.deepEqual(next.templates, [{ id: other.id, name: "Other", is_default: false }]);
    assert.equal(next.next_cursor, null);
    const rows: any = await emu.client.dataSources.query({ data_source_id: ds });
    assert.equal(rows.results.length, 12);
    const retrieved: any = await emu.client.dataSources.retrieve({ data_source_id: ds });
    assert.equal(retrieved.templates, undefined);
  });
});
