// End-to-end: the emulator's pages and blocks endpoints through the real SDK, including Notion's write limits.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { APIResponseError, type Client, collectPaginatedAPI } from "@notionhq/client";
import {
  defaultWorkspaceData,
  HOME_PAGE_ID,
  plainText,
  startEmulator,
  type TestEmulator,
} from "./helpers/emulator.ts";

const DB_ID = "33333333-3333-4333-8333-333333333333";
const DS_ID = "44444444-4444-4444-8444-444444444444";
const TARGET_DS_ID = "55555555-5555-4555-8555-555555555555";
const T = "2026-01-01T00:00:00.000Z";

let emu: TestEmulator;
let notion: Client;

function workspace() {
  const data = defaultWorkspaceData();
  const user = { object: "user", id: "22222222-2222-4222-8222-222222222222" };
  const base = {
    created_time: T,
    last_edited_time: T,
    created_by: user,
    last_edited_by: user,
    in_trash: false,
  };
  data.databases = [
    {
      object: "database",
      id: DB_ID,
      ...base,
      parent: { type: "page_id", page_id: HOME_PAGE_ID },
      title: [plainText("Tasks")],
      data_sources: [{ id: DS_ID, name: "Tasks" }],
    },
  ];
  data.data_sources = [
    {
      object: "data_source",
      id: DS_ID,
      ...base,
      parent: { type: "database_id", database_id: DB_ID },
      title: [plainText("Tasks")],
      properties: {
        Name: { id: "title", name: "Name", type: "title", title: {} },
        Related: {
          id: "%3CnJT",
          name: "Related",
          type: "relation",
          relation: { data_source_id: TARGET_DS_ID },
        },
        Score: { id: "f%7Bx", name: "Score", type: "formula", formula: { expression: "1" } },
        Tags: { id: "tg", name: "Tags", type: "multi_select", multi_select: { options: [] } },
        Created: { id: "ct", name: "Created", type: "created_time", created_time: {} },
      },
    },
  ];
  return data;
}

const text = (content: string) => [{ type: "text" as const, text: { content } }];

async function rejects(fn: () => Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(fn, (err: unknown) => {
    assert.ok(err instanceof APIResponseError, `expected an API error, got ${String(err)}`);
    assert.equal(err.code, "validation_error");
    assert.equal(err.status, 400);
    assert.match(err.message, pattern);
    return true;
  });
}

async function newPage(title: string, children: any[] = []) {
  return notion.pages.create({
    parent: { page_id: HOME_PAGE_ID },
    properties: { title: { title: text(title) } },
    children,
  });
}

async function listAll(blockId: string): Promise<any[]> {
  return collectPaginatedAPI(notion.blocks.children.list, { block_id: blockId, page_size: 2 });
}

before(async () => {
  emu = await startEmulator({ workspace: workspace() });
  notion = emu.client;
});
after(() => emu.close());

test("a page created with one child of every creatable block type reads back in order", async () => {
  const url = "https://example.com/media/file.png";
  const children: any[] = [
    { paragraph: { rich_text: text("para"), children: [{ paragraph: { rich_text: text("nested") } }] } },
    { heading_1: { rich_text: text("h1") } },
    {
      heading_2: {
        rich_text: text("h2"),
        is_toggleable: true,
        children: [{ paragraph: { rich_text: text("in h2") } }],
      },
    },
    { heading_3: { rich_text: text("h3") } },
    { heading_4: { rich_text: text("h4") } },
    { bulleted_list_item: { rich_text: text("b") } },
    { numbered_list_item: { rich_text: text("n") } },
    { quote: { rich_text: text("q") } },
    { to_do: { rich_text: text("t"), checked: true } },
    { toggle: { rich_text: text("tg") } },
    { callout: { rich_text: text("c"), icon: { emoji: "✅" } } },
    { code: { rich_text: text("ls"), language: "shell" } },
    { equation: { expression: "e=mc^2" } },
    { divider: {} },
    { breadcrumb: {} },
    { table_of_contents: {} },
    { link_to_page: { page_id: HOME_PAGE_ID } },
    { bookmark: { url: "https://example.com" } },
    { embed: { url: "https://example.com/embed" } },
    { image: { external: { url } } },
    { video: { external: { url: "https://example.com/v.mp4" } } },
    { pdf: { external: { url: "https://example.com/d.pdf" } } },
    { file: { external: { url }, caption: text("cap") } },
    { audio: { external: { url: "https://example.com/a.mp3" } } },
    { synced_block: { synced_from: null, children: [{ paragraph: { rich_text: text("synced") } }] } },
    {
      column_list: {
        children: [
          { column: { children: [{ paragraph: { rich_text: text("left") } }] } },
          { column: { children: [{ paragraph: { rich_text: text("right") } }] } },
        ],
      },
    },
    {
      table: {
        table_width: 2,
        has_column_header: true,
        children: [
          { table_row: { cells: [text("a"), text("b")] } },
          { table_row: { cells: [text("c"), text("d")] } },
        ],
      },
    },
  ];
  const page = await newPage("Every block", children);
  const blocks = await listAll(page.id);
  assert.deepEqual(
    blocks.map((b) => b.type),
    children.map((c) => Object.keys(c)[0]),
  );
  const byType = Object.fromEntries(blocks.map((b) => [b.type, b]));
  assert.equal(byType.paragraph.has_children, true);
  assert.equal(byType.paragraph.paragraph.rich_text[0].plain_text, "para");
  assert.deepEqual(byType.paragraph.paragraph.rich_text[0].annotations.bold, false);
  assert.equal(byType.to_do.to_do.checked, true);
  assert.equal(byType.file.file.name, "file.png");
  assert.equal(byType.image.image.type, "external");
  assert.equal(byType.table.table.table_width, 2);
  assert.equal(byType.heading_2.heading_2.is_toggleable, true);
  const columns = await listAll(byType.column_list.id);
  assert.deepEqual(
    columns.map((c) => c.type),
    ["column", "column"],
  );
  const right = await listAll(columns[1].id);
  assert.equal(right[0].paragraph.rich_text[0].plain_text, "right");
  const rows = await listAll(byType.table.id);
  assert.deepEqual(
    rows.map((r) => r.table_row.cells.map((c: any) => c[0].plain_text)),
    [
      ["a", "b"],
      ["c", "d"],
    ],
  );
  const home = await listAll(HOME_PAGE_ID);
  assert.ok(
    home.some((b) => b.type === "child_page" && b.id === page.id && b.child_page.title === "Every block"),
  );
});

test("append with after inserts after the sibling and answers the new blocks then the later siblings", async () => {
  const page = await newPage("After", [
    { paragraph: { rich_text: text("one") } },
    { paragraph: { rich_text: text("three") } },
  ]);
  const [first] = await listAll(page.id);
  const res = await notion.blocks.children.append({
    block_id: page.id,
    after: first.id.replace(/-/g, ""),
    children: [{ paragraph: { rich_text: text("two") } }],
  });
  assert.deepEqual(
    res.results.map((b: any) => b.paragraph.rich_text[0].plain_text),
    ["two", "three"],
  );
  const all = await listAll(page.id);
  assert.deepEqual(
    all.map((b) => b.paragraph.rich_text[0].plain_text),
    ["one", "two", "three"],
  );
  await notion.blocks.children.append({
    block_id: page.id,
    position: { type: "start" },
    children: [{ paragraph: { rich_text: text("zero") } }],
  });
  const sub: any = await notion.pages.create({
    parent: { page_id: page.id },
    properties: { title: { title: text("Sub") } },
    position: { type: "after_block", after_block: { id: first.id } },
  });
  const types = (await listAll(page.id)).map(
    (b) => b.paragraph?.rich_text[0].plain_text ?? b.child_page.title,
  );
  assert.deepEqual(types, ["zero", "one", "Sub", "two", "three"]);
  assert.equal(sub.parent.page_id, page.id);
});

test("write limits answer validation_error as Notion words them", async () => {
  const page = await newPage("Limits");
  const many = Array.from({ length: 101 }, () => ({ paragraph: { rich_text: text("x") } }));
  await rejects(
    () => notion.blocks.children.append({ block_id: page.id, children: many }),
    /body\.children\.length should be ≤ `100`, instead was `101`/,
  );
  const deep = [
    {
      paragraph: {
        rich_text: text("1"),
        children: [
          {
            paragraph: {
              rich_text: text("2"),
              children: [
                { paragraph: { rich_text: text("3"), children: [{ paragraph: { rich_text: text("4") } }] } },
              ],
            },
          },
        ],
      },
    },
  ];
  await rejects(
    () => notion.blocks.children.append({ block_id: page.id, children: deep as any }),
    /paragraph\.children should be not present/,
  );
  await rejects(
    () => newPage("x".repeat(2001)),
    /text\.content\.length should be ≤ `2000`, instead was `2001`/,
  );
  const oneColumn = [
    { column_list: { children: [{ column: { children: [{ paragraph: { rich_text: text("only") } }] } }] } },
  ];
  await rejects(
    () => notion.blocks.children.append({ block_id: page.id, children: oneColumn as any }),
    /column_list\.children\.length should be ≥ `2`/,
  );
  await rejects(
    () =>
      notion.blocks.children.append({
        block_id: page.id,
        children: [{ equation: { expression: "x".repeat(1001) } }],
      }),
    /expression\.length should be ≤ `1000`/,
  );
  await rejects(
    () =>
      notion.blocks.children.append({
        block_id: page.id,
        children: [{ child_page: { title: "no" } } as any],
      }),
    /child_page/,
  );
  await rejects(
    () =>
      notion.blocks.children.append({
        block_id: page.id,
        children: [{ table: { table_width: 2, children: [{ table_row: { cells: [text("a")] } }] } }],
      }),
    /table width of 2/,
  );
  const big = Array.from({ length: 60 }, () => ({
    paragraph: { rich_text: Array.from({ length: 5 }, () => ({ text: { content: "y".repeat(2000) } })) },
  }));
  await rejects(() => notion.blocks.children.append({ block_id: page.id, children: big }), /too large/);
  assert.equal((await listAll(page.id)).length, 0, "nothing was created by rejected requests");
});

test("read-only properties are rejected; relations truncate at 25 but the property item is complete", async () => {
  await rejects(
    () =>
      notion.pages.create({
        parent: { data_source_id: DS_ID },
        properties: { Name: { title: text("Row") }, Score: { formula: { string: "x" } } as any },
      }),
    /Score is a formula property/,
  );
  const targets = Array.from({ length: 30 }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  }));
  const row = await notion.pages.create({
    parent: { data_source_id: DS_ID },
    properties: {
      Name: { title: text("Row") },
      Related: { relation: targets },
      Tags: { multi_select: [{ name: "new" }] },
    },
  });
  const got: any = await notion.pages.retrieve({ page_id: row.id });
  assert.equal(got.parent.data_source_id, DS_ID);
  assert.equal(got.properties.Related.relation.length, 25);
  assert.equal(got.properties.Related.has_more, true);
  assert.equal(got.properties.Tags.multi_select[0].name, "new");
  assert.equal(got.properties.Created.created_time, got.created_time);
  const items: any[] = [];
  let cursor: string | undefined;
  do {
    const res: any = await notion.pages.properties.retrieve({
      page_id: row.id,
      property_id: "%3CnJT",
      page_size: 10,
      start_cursor: cursor,
    });
    items.push(...res.results);
    cursor = res.next_cursor ?? undefined;
  } while (cursor);
  assert.deepEqual(
    items.map((i: any) => i.relation.id),
    targets.map((t) => t.id),
  );
  const first: any = await notion.pages.properties.retrieve({
    page_id: row.id,
    property_id: "%3CnJT",
    page_size: 10,
  });
  assert.equal(first.has_more, true);
  assert.match(first.property_item.next_url, /start_cursor=/);
  const title: any = await notion.pages.properties.retrieve({ page_id: row.id, property_id: "title" });
  assert.equal(title.results[0].title.plain_text, "Row");
  const filtered: any = await notion.pages.retrieve({ page_id: row.id, filter_properties: ["title"] });
  assert.deepEqual(Object.keys(filtered.properties), ["Name"]);
  await rejects(
    () => notion.pages.update({ page_id: row.id, properties: { Created: { created_time: T } as any } }),
    /created_time property/,
  );
});

test("trashed blocks and pages leave the children listing and can be restored", async () => {
  const page = await newPage("Trash", [
    { paragraph: { rich_text: text("keep") } },
    { paragraph: { rich_text: text("drop") } },
  ]);
  const [, drop] = await listAll(page.id);
  const deleted: any = await notion.blocks.delete({ block_id: drop.id });
  assert.equal(deleted.in_trash, true);
  assert.deepEqual(
    (await listAll(page.id)).map((b) => b.paragraph.rich_text[0].plain_text),
    ["keep"],
  );
  assert.equal(((await notion.blocks.retrieve({ block_id: drop.id })) as any).in_trash, true);
  await rejects(
    () => notion.blocks.update({ block_id: drop.id, paragraph: { rich_text: text("edit") } }),
    /archived/,
  );
  await notion.pages.update({ page_id: page.id, in_trash: true });
  assert.ok(!(await listAll(HOME_PAGE_ID)).some((b) => b.id === page.id));
  const block: any = await notion.blocks.retrieve({ block_id: page.id });
  assert.equal(block.type, "child_page");
  assert.equal(block.in_trash, true);
  await notion.pages.update({ page_id: page.id, in_trash: false });
  assert.ok((await listAll(HOME_PAGE_ID)).some((b) => b.id === page.id));
});

test("a synced block copy lists the original's children and takes none itself", async () => {
  const page = await newPage("Synced", [
    { synced_block: { synced_from: null, children: [{ paragraph: { rich_text: text("shared") } }] } },
  ]);
  const [original] = await listAll(page.id);
  const res = await notion.blocks.children.append({
    block_id: page.id,
    children: [{ synced_block: { synced_from: { block_id: original.id } } }],
  });
  const copy: any = res.results[0];
  assert.deepEqual(copy.synced_block.synced_from, { type: "block_id", block_id: original.id });
  assert.equal(copy.has_children, true);
  const listed = await listAll(copy.id);
  assert.equal(listed[0].paragraph.rich_text[0].plain_text, "shared");
  await rejects(
    () =>
      notion.blocks.children.append({
        block_id: copy.id,
        children: [{ paragraph: { rich_text: text("no") } }],
      }),
    /synced block copy/,
  );
});

test("block updates merge content, keep the table width and bump the page's edit time", async () => {
  const page = await newPage("Edit", [
    { to_do: { rich_text: text("task"), checked: false, color: "red" } },
    { table: { table_width: 1, children: [{ table_row: { cells: [text("a")] } }] } },
  ]);
  const [todo, table] = await listAll(page.id);
  emu.ws.now = () => new Date("2030-01-01T10:00:30.000Z");
  const updated: any = await notion.blocks.update({ block_id: todo.id, to_do: { checked: true } });
  assert.equal(updated.to_do.checked, true);
  assert.equal(updated.to_do.rich_text[0].plain_text, "task");
  assert.equal(updated.to_do.color, "red");
  assert.equal(updated.last_edited_time, "2030-01-01T10:00:00.000Z");
  const after: any = await notion.pages.retrieve({ page_id: page.id });
  assert.equal(after.last_edited_time, "2030-01-01T10:00:00.000Z");
  await rejects(
    () => notion.blocks.update({ block_id: table.id, table: { table_width: 3 } as any }),
    /table width/,
  );
  const renamed: any = await notion.pages.update({
    page_id: page.id,
    properties: { title: { title: text("Renamed") } },
    icon: { emoji: "🛴" },
  });
  assert.equal(renamed.icon.emoji, "🛴");
  const cleared: any = await notion.pages.update({ page_id: page.id, icon: null });
  assert.equal(cleared.icon, null);
  const asBlock: any = await notion.blocks.retrieve({ block_id: page.id });
  assert.equal(asBlock.child_page.title, "Renamed");
});

test("pages.move re-parents a page and its child_page block", async () => {
  const a = await newPage("A");
  const b = await newPage("B");
  const moved: any = await notion.pages.move({ page_id: b.id, parent: { page_id: a.id } });
  assert.equal(moved.parent.page_id, a.id);
  assert.ok((await listAll(a.id)).some((x) => x.id === b.id));
  assert.ok(!(await listAll(HOME_PAGE_ID)).some((x) => x.id === b.id));
  await rejects(() => notion.pages.move({ page_id: a.id, parent: { page_id: b.id } }), /descendants/);
});

test("unknown and invalid ids answer like Notion", async () => {
  await rejects(() => notion.blocks.retrieve({ block_id: "AAA" }), /path\.block_id should be a valid uuid/);
  await assert.rejects(
    () => notion.pages.retrieve({ page_id: "99999999-9999-4999-8999-999999999999" }),
    (err: any) => err.code === "object_not_found" && err.status === 404,
  );
});

test("file uploads attach to media blocks, icons and covers and read back as signed hosted files", async () => {
  const upload = async (name: string) => {
    const created = await notion.fileUploads.create({ filename: name });
    await notion.fileUploads.send({
      file_upload_id: created.id,
      file: { filename: name, data: new Blob([Buffer.from(`bytes of ${name}`)], { type: "image/png" }) },
    });
    return created.id;
  };
  const pic = await upload("pic.png");
  const page: any = await notion.pages.create({
    parent: { page_id: HOME_PAGE_ID },
    properties: { title: { title: text("Media") } },
    icon: { type: "file_upload", file_upload: { id: pic } },
    cover: { type: "external", external: { url: "https://example.com/cover.png" } },
    children: [
      { image: { type: "file_upload", file_upload: { id: pic }, caption: text("a picture") } },
      { file: { type: "file_upload", file_upload: { id: await upload("doc.png") } } },
    ],
  });
  assert.equal(page.icon.type, "file");
  assert.match(page.icon.file.url, new RegExp(`^${emu.url}/files/`));
  assert.equal(page.cover.external.url, "https://example.com/cover.png");
  const [image, file] = await listAll(page.id);
  assert.equal(image.image.type, "file");
  assert.ok(image.image.file.expiry_time);
  assert.equal(image.image.caption[0].plain_text, "a picture");
  assert.equal(file.file.name, "doc.png");
  const bytes = await fetch(image.image.file.url).then((r) => r.text());
  assert.equal(bytes, "bytes of pic.png");
  await rejects(
    () =>
      notion.blocks.children.append({
        block_id: page.id,
        children: [
          { image: { type: "file_upload", file_upload: { id: "00000000-0000-4000-8000-000000000000" } } },
        ],
      }),
    /Could not find file upload/,
  );
});
