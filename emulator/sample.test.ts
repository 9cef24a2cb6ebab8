import assert from "node:assert/strict";
import { test } from "node:test";
import { workspaceProblems } from "./generator/consistency.ts";
import { loadSample, SAMPLE_ROOT_TITLE, sampleWorkspaceData } from "./sample.ts";
import { type NotionObject, Workspace } from "./workspace.ts";

const titleOf = (p: NotionObject) =>
  (Object.values<NotionObject>(p.properties).find((v) => v.type === "title")?.title ?? [])
    .map((t: NotionObject) => t.plain_text)
    .join("");

test("the sample loads consistently and the same every time", () => {
  const ws = loadSample();
  assert.deepEqual(workspaceProblems(ws), []);
  assert.equal(JSON.stringify(ws.toData()), JSON.stringify(loadSample().toData()));
  assert.deepEqual(Workspace.fromData(structuredClone(ws.toData())).toData(), ws.toData());
});

test("the sample has the wiki the demo shows, shared with the integration", () => {
  const ws = loadSample();
  const byTitle = new Map([...ws.pages.values()].map((p) => [titleOf(p), p]));
  const root = byTitle.get(SAMPLE_ROOT_TITLE)!;
  assert.equal(root.parent.type, "workspace");
  const integration = [...ws.integrations.values()][0]!;
  assert.ok(integration.shared.has(root.id));
  for (const t of ["Onboarding", "Engineering", "Runbooks"]) assert.ok(byTitle.has(t), `no page ${t}`);
  const engineering = byTitle.get("Engineering")!;
  const types = new Set((ws.children.get(engineering.id) ?? []).map((id) => ws.blocks.get(id)!.type));
  for (const t of [
    "code",
    "equation",
    "column_list",
    "table",
    "heading_2",
    "callout",
    "synced_block",
    "image",
    "pdf",
  ]) {
    assert.ok(types.has(t), `Engineering lacks a ${t}`);
  }
  const runbookBlocks = (ws.children.get(byTitle.get("Runbooks")!.id) ?? []).map((id) => ws.blocks.get(id)!);
  assert.ok(runbookBlocks.some((b) => b.type === "synced_block" && b.synced_block.synced_from !== null));
  const people = [...ws.users.values()].filter((u) => u.type === "person");
  assert.deepEqual(people.map((u) => u.name).sort(), ["Ada Lovelace", "Grace Hopper"]);
});

test("the Projects database has rows with every property type, linked to Tasks", () => {
  const ws = loadSample();
  const projects = [...ws.databases.values()].find((d) => d.title[0].plain_text === "Projects")!;
  const sourceId = projects.data_sources[0].id;
  const rows = [...ws.pages.values()].filter((p) => p.parent.data_source_id === sourceId);
  assert.ok(rows.some((r) => titleOf(r) === "Website redesign"));
  const types = new Set(rows.flatMap((r) => Object.values<NotionObject>(r.properties).map((v) => v.type)));
  for (const t of [
    "title",
    "rich_text",
    "number",
    "select",
    "multi_select",
    "status",
    "date",
    "people",
    "files",
  ]) {
    assert.ok(types.has(t), `no ${t}`);
  }
  for (const t of [
    "checkbox",
    "url",
    "email",
    "phone_number",
    "formula",
    "relation",
    "rollup",
    "unique_id",
  ]) {
    assert.ok(types.has(t), `no ${t}`);
  }
  const linked = rows
    .flatMap((r) => Object.values<NotionObject>(r.properties))
    .filter((v) => v.type === "relation");
  assert.ok(linked.some((v) => v.relation.length > 0));
  assert.ok([...ws.databases.values()].some((d) => d.data_sources.length === 2));
});

test("the sample has a page discussion with a reply and an attachment, an inline one and a resolved one", () => {
  const data = sampleWorkspaceData();
  const comments = data.comments!;
  assert.ok(comments.some((c) => c.parent.type === "page_id" && c.attachments?.length === 1));
  assert.ok(comments.some((c) => c.parent.type === "block_id"));
  assert.ok(comments.some((c) => c.resolved === true));
  assert.ok(new Set(comments.map((c) => c.discussion_id)).size < comments.length, "no reply");
  assert.ok(data.files!.length > 0 && data.files!.every((f) => f.size! > 0));
});
