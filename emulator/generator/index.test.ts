import assert from "node:assert/strict";
import { test } from "node:test";
import { PROPERTY_TYPES as ALL_PROPERTY_TYPES } from "../schema.ts";
import { type NotionObject, parentIdOf, Workspace } from "../workspace.ts";
import { walk, workspaceProblems } from "./consistency.ts";
import { DEFAULT_OPTIONS, generateWorkspace, generateWorkspaceData } from "./index.ts";

const BLOCK_TYPES = [
  "paragraph",
  "heading_1",
  "heading_2",
  "heading_3",
  "heading_4",
  "bulleted_list_item",
  "numbered_list_item",
  "to_do",
  "toggle",
  "quote",
  "callout",
  "code",
  "equation",
  "divider",
  "breadcrumb",
  "table_of_contents",
  "column_list",
  "column",
  "table",
  "table_row",
  "synced_block",
  "child_page",
  "child_database",
  "link_to_page",
  "bookmark",
  "embed",
  "image",
  "video",
  "pdf",
  "file",
  "audio",
  "link_preview",
  "unsupported",
];
// Every type the API knows except the two the generator cannot make (legacy/undocumented values).
const PROPERTY_TYPES = ALL_PROPERTY_TYPES.filter((t) => t !== "location" && t !== "last_visited_time");

const isRow = (p: NotionObject) => p.parent.type === "data_source_id";
const templateIds = (ws: Workspace) =>
  new Set([...ws.dataSources.values()].flatMap((ds) => (ds.templates ?? []).map((t: NotionObject) => t.id)));

test("the same options give a byte-identical workspace; another seed gives another one", () => {
  const a = JSON.stringify(generateWorkspace({ seed: 7 }).toData());
  const b = JSON.stringify(generateWorkspace({ seed: 7 }).toData());
  const c = JSON.stringify(generateWorkspace({ seed: 8 }).toData());
  assert.equal(a, b);
  assert.notEqual(a, c);
});

test("a default workspace holds every block type and its variants", () => {
  const ws = generateWorkspace();
  const blocks = [...ws.blocks.values()];
  const types = new Set(blocks.map((b) => b.type));
  for (const t of BLOCK_TYPES) assert.ok(types.has(t), `missing block type ${t}`);
  const kids = (b: NotionObject) => ws.children.get(b.id) ?? [];
  const some = (f: (b: NotionObject) => boolean, what: string) =>
    assert.ok(blocks.some(f), `missing ${what}`);
  some(
    (b) => b.type.startsWith("heading_") && b[b.type].is_toggleable && kids(b).length > 0,
    "toggleable heading",
  );
  some((b) => b.type === "callout" && b.callout.icon.type === "emoji", "emoji callout");
  some((b) => b.type === "callout" && b.callout.icon.type === "icon", "icon callout");
  some(
    (b) =>
      b.type === "bulleted_list_item" && kids(b).some((k) => ws.blocks.get(k)?.type === "bulleted_list_item"),
    "nested list",
  );
  some((b) => b.type === "to_do" && kids(b).length > 0, "nested to-do");
  some(
    (b) => b.type === "synced_block" && b.synced_block.synced_from === null && kids(b).length > 0,
    "synced original",
  );
  some(
    (b) => b.type === "synced_block" && b.synced_block.synced_from?.type === "block_id",
    "synced reference",
  );
  some((b) => b.type === "link_to_page" && b.link_to_page.type === "page_id", "link to a page");
  some((b) => b.type === "link_to_page" && b.link_to_page.type === "database_id", "link to a database");
  for (const media of ["image", "video", "pdf", "file", "audio"]) {
    some((b) => b.type === media && b[media].type === "file", `hosted ${media}`);
    some((b) => b.type === media && b[media].type === "external", `external ${media}`);
  }
  for (const list of blocks.filter((b) => b.type === "column_list")) {
    const columns = kids(list).map((id) => ws.blocks.get(id)!);
    assert.ok(columns.length >= 2 && columns.every((c) => c.type === "column" && kids(c).length > 0));
  }
  for (const table of blocks.filter((b) => b.type === "table")) {
    for (const id of kids(table))
      assert.equal(ws.blocks.get(id)!.table_row.cells.length, table.table.table_width);
  }
  const unsupported = blocks.find((b) => b.type === "unsupported")!;
  assert.equal(typeof unsupported.unsupported.block_type, "string");
  assert.ok(
    !generateWorkspace({ unsupported: false })
      .toData()
      .blocks!.some((b) => b.type === "unsupported"),
  );
});

test("rich text carries annotations, links, inline equations and every kind of mention", () => {
  const ws = generateWorkspace();
  const seen = new Set<string>();
  for (const b of ws.blocks.values()) {
    walk(b, (node) => {
      if (node.type === "mention") seen.add(`mention:${node.mention.type}`);
      if (node.type === "equation" && node.equation?.expression && node.plain_text)
        seen.add("inline equation");
      if (node.type === "text" && node.href) seen.add("link");
      if (node.annotations?.bold) seen.add("bold");
      if (node.annotations?.code) seen.add("code");
    });
  }
  for (const k of [
    "mention:page",
    "mention:database",
    "mention:user",
    "mention:date",
    "mention:link_preview",
  ]) {
    assert.ok(seen.has(k), `missing ${k}`);
  }
  for (const k of ["inline equation", "link", "bold", "code"]) assert.ok(seen.has(k), `missing ${k}`);
});

test("databases hold every property type, computed values and oversized references", () => {
  const ws = generateWorkspace();
  const schemaTypes = new Set<string>();
  for (const ds of ws.dataSources.values())
    for (const p of Object.values<NotionObject>(ds.properties)) schemaTypes.add(p.type);
  for (const t of PROPERTY_TYPES) assert.ok(schemaTypes.has(t), `no schema property of type ${t}`);
  const rows = [...ws.pages.values()].filter(isRow);
  const values = rows.flatMap((r) => Object.values<NotionObject>(r.properties));
  for (const t of PROPERTY_TYPES)
    assert.ok(
      values.some((v) => v.type === t),
      `no value of type ${t}`,
    );
  const formulas = new Set(values.filter((v) => v.type === "formula").map((v) => v.formula.type));
  assert.deepEqual([...formulas].sort(), ["boolean", "date", "number", "string"]);
  assert.ok(values.some((v) => v.type === "rollup" && v.rollup.type === "number" && v.rollup.number > 0));
  assert.ok(
    values.some((v) => v.type === "rollup" && v.rollup.type === "array" && v.rollup.array.length > 0),
  );
  assert.ok(
    values.some((v) => v.type === "relation" && v.relation.length > 25),
    "no relation over 25 targets",
  );
  const mentions = (v: NotionObject) =>
    (v.rich_text ?? []).filter((i: NotionObject) => i.type === "mention").length;
  assert.ok(
    values.some((v) => v.type === "rich_text" && mentions(v) > 25),
    "no rich text over 25 mentions",
  );
  const relations = [...ws.dataSources.values()].flatMap((ds) =>
    Object.values<NotionObject>(ds.properties)
      .filter((p) => p.type === "relation")
      .map((p) => ({ ds: ds.id, rel: p.relation })),
  );
  assert.ok(
    relations.some((r) => r.rel.type === "dual_property" && r.rel.data_source_id !== r.ds),
    "no two-way relation",
  );
  assert.ok(
    relations.some((r) => r.rel.data_source_id === r.ds),
    "no self relation",
  );
  const dbs = [...ws.databases.values()];
  assert.ok(dbs.some((d) => d.is_inline) && dbs.some((d) => !d.is_inline));
  assert.ok(
    dbs.some((d) => d.data_sources.length === 2),
    "no database with two data sources",
  );
  assert.ok(ws.views.size > 0 && [...ws.views.values()].every((v) => ws.databases.has(v.parent.database_id)));
  const templates = templateIds(ws);
  assert.ok(templates.size > 0 && [...templates].every((id) => ws.pages.has(id)));
});

test("comments cover page-level and inline discussions, replies, a resolved thread and an attachment", () => {
  const ws = generateWorkspace();
  const comments = [...ws.comments.values()];
  assert.ok(comments.some((c) => c.parent.type === "page_id"));
  assert.ok(comments.some((c) => c.parent.type === "block_id"));
  const perThread = new Map<string, number>();
  for (const c of comments) perThread.set(c.discussion_id, (perThread.get(c.discussion_id) ?? 0) + 1);
  assert.ok(
    [...perThread.values()].some((n) => n > 1),
    "no reply",
  );
  assert.ok(comments.some((c) => c.resolved === true));
  const attached = comments.find((c) => c.attachments?.length);
  assert.ok(attached && ws.files.has(attached.attachments[0].file.file_id));
});

test("every reference holds: parents, children, relations, mentions, files and users", () => {
  for (const opts of [
    {},
    { seed: 3, pages: 5, depth: 1, databases: 1 },
    { seed: 4, databases: 6, shared: "some" as const },
  ]) {
    assert.deepEqual(workspaceProblems(generateWorkspace(opts)), [], JSON.stringify(opts));
  }
});

test("counts follow the options", () => {
  const opts = {
    seed: 11,
    pages: 40,
    depth: 2,
    databases: 4,
    rowsPerDatabase: 12,
    mediaFiles: 5,
    mediaSize: 3000,
    users: 6,
  };
  const ws = generateWorkspace(opts);
  const templates = templateIds(ws);
  const regular = [...ws.pages.values()].filter((p) => !isRow(p));
  assert.equal(regular.length, opts.pages);
  for (const p of regular) {
    let level = 1;
    for (let cur = p; cur.parent.type === "page_id"; cur = ws.pages.get(parentIdOf(cur))!) level++;
    assert.ok(level <= opts.depth, `page nested ${level} deep`);
  }
  assert.equal(ws.databases.size, opts.databases);
  for (const db of ws.databases.values()) {
    const sources = new Set(db.data_sources.map((d: NotionObject) => d.id));
    const rows = [...ws.pages.values()].filter(
      (p) => isRow(p) && sources.has(p.parent.data_source_id) && !templates.has(p.id),
    );
    assert.equal(rows.length, opts.rowsPerDatabase);
  }
  assert.equal(ws.files.size, opts.mediaFiles);
  for (const f of ws.files.values()) assert.equal(f.bytes.length, opts.mediaSize);
  const used = new Set<string>();
  for (const map of [ws.pages, ws.blocks, ws.comments]) {
    for (const o of map.values()) walk(o, (n) => typeof n.file_id === "string" && used.add(n.file_id));
  }
  assert.equal(used.size, opts.mediaFiles, "every hosted file is used");
  const people = [...ws.users.values()].filter((u) => u.type === "person");
  assert.equal(people.length, opts.users);
  assert.ok(people.every((u) => typeof u.person.email === "string"));
  assert.equal([...ws.users.values()].filter((u) => u.type === "bot").length, 1);
});

test("shared=some leaves top-level pages unshared, and their subtrees invisible", () => {
  const ws = generateWorkspace({ seed: 2, pages: 60, shared: "some" });
  const integration = [...ws.integrations.values()][0]!;
  const roots = [...ws.pages.values()].filter((p) => p.parent.type === "workspace");
  const hidden = roots.filter((r) => !integration.shared.has(r.id));
  assert.ok(hidden.length > 0 && hidden.length < roots.length);
  assert.equal(ws.isVisible(hidden[0]!.id, integration), false);
  const all = generateWorkspace({ seed: 2, pages: 60 });
  const allIntegration = [...all.integrations.values()][0]!;
  assert.ok([...all.pages.keys()].every((id) => all.isVisible(id, allIntegration)));
});

test("the workspace file form round-trips", () => {
  const first = generateWorkspace({ seed: 5 }).toData();
  const again = Workspace.fromData(structuredClone(first)).toData();
  assert.deepEqual(again, first);
  const data = generateWorkspaceData({ seed: 5, mediaSize: 1 << 20 });
  assert.ok(
    data.files!.every((f) => f.base64 === undefined && f.size === 1 << 20),
    "generated bytes are not stored",
  );
});

test("a large workspace generates with the requested counts", () => {
  const data = generateWorkspaceData({
    pages: 10_000,
    blocksPerPage: 4,
    databases: 10,
    rowsPerDatabase: 200,
  });
  assert.equal(data.pages!.filter((p) => !isRow(p)).length, 10_000);
  assert.ok(data.blocks!.length > 10_000);
  assert.equal(DEFAULT_OPTIONS.pages, 30, "defaults stay small");
});
