// Checks that a workspace's references hold together: parents, children, relations, mentions, files, users.
import { type NotionObject, parentIdOf, type Workspace } from "../workspace.ts";

/** Every broken reference in the workspace, one readable line each (empty when consistent). */
export function workspaceProblems(ws: Workspace): string[] {
  const problems: string[] = [];
  const bad = (msg: string) => problems.push(msg);
  const isContainer = (id: string) => ws.pages.has(id) || ws.blocks.has(id);

  for (const b of ws.blocks.values()) {
    const parent = parentIdOf(b);
    if (!isContainer(parent)) bad(`block ${b.id} has missing parent ${parent}`);
    if (b.parent.type === "page_id" && !ws.pages.has(parent))
      bad(`block ${b.id}: page parent ${parent} is not a page`);
    if (b.type === "child_page") {
      const page = ws.pages.get(b.id);
      if (!page) bad(`child_page block ${b.id} has no page`);
      else if (parentIdOf(page) !== parent)
        bad(`child page ${b.id} sits under ${parent} but names ${parentIdOf(page)}`);
    }
    if (b.type === "child_database") {
      const db = ws.databases.get(b.id);
      if (!db) bad(`child_database block ${b.id} has no database`);
      else if (parentIdOf(db) !== parent)
        bad(`child database ${b.id} sits under ${parent} but names ${parentIdOf(db)}`);
    }
    if (b.type === "link_to_page") {
      const l = b.link_to_page;
      const ok = l.type === "page_id" ? ws.pages.has(l.page_id) : ws.databases.has(l.database_id);
      if (!ok) bad(`link_to_page ${b.id} points at a missing ${l.type}`);
    }
    if (b.type === "synced_block" && b.synced_block.synced_from) {
      const original = ws.blocks.get(b.synced_block.synced_from.block_id);
      if (original?.type !== "synced_block" || original.synced_block.synced_from !== null) {
        bad(`synced block ${b.id} copies a missing original`);
      }
    }
  }
  for (const p of ws.pages.values()) {
    const parent = parentIdOf(p);
    if (p.parent.type === "workspace") continue;
    if (p.parent.type === "data_source_id") {
      const ds = ws.dataSources.get(parent);
      if (!ds) bad(`row ${p.id} has missing data source ${parent}`);
      else if (p.parent.database_id !== ds.parent.database_id) bad(`row ${p.id} names the wrong database`);
      else checkRowValues(ws, p, ds, bad);
    } else if (ws.blocks.get(p.id)?.type !== "child_page" || !isContainer(parent)) {
      bad(`page ${p.id} is not a child_page block of ${parent}`);
    }
  }
  for (const db of ws.databases.values()) {
    if (db.parent.type !== "workspace" && ws.blocks.get(db.id)?.type !== "child_database") {
      bad(`database ${db.id} has no child_database block`);
    }
    for (const ref of db.data_sources) {
      if (ws.dataSources.get(ref.id)?.parent.database_id !== db.id)
        bad(`database ${db.id} lists a stray source`);
    }
  }
  for (const ds of ws.dataSources.values()) {
    if (!ws.databases.has(ds.parent.database_id)) bad(`data source ${ds.id} has missing database`);
  }
  const threads = new Map<string, string>();
  for (const c of ws.comments.values()) {
    const parent = parentIdOf(c);
    if (!isContainer(parent)) bad(`comment ${c.id} has missing parent ${parent}`);
    const first = threads.get(c.discussion_id) ?? parent;
    if (first !== parent) bad(`discussion ${c.discussion_id} spans two parents`);
    threads.set(c.discussion_id, first);
  }
  for (const i of ws.integrations.values()) {
    for (const id of i.shared)
      if (!ws.pages.has(id) && !ws.databases.has(id)) bad(`shared root ${id} is missing`);
  }
  const objects = [ws.pages, ws.blocks, ws.databases, ws.dataSources, ws.comments, ws.views];
  for (const map of objects) for (const o of map.values()) walk(o, (node) => checkNode(ws, o, node, bad));
  return problems;
}

function checkRowValues(ws: Workspace, row: NotionObject, ds: NotionObject, bad: (m: string) => void): void {
  for (const [name, value] of Object.entries(row.properties as Record<string, NotionObject>)) {
    const schema = ds.properties[name];
    if (!schema || schema.type !== value.type) {
      bad(`row ${row.id}: property ${name} is not in the schema`);
      continue;
    }
    if (value.type !== "relation") continue;
    for (const { id } of value.relation) {
      const target = ws.pages.get(id);
      if (!target || target.parent.data_source_id !== schema.relation.data_source_id) {
        bad(`row ${row.id}: ${name} points at ${id}, not a row of the related source`);
      } else if (schema.relation.type === "dual_property") {
        const back = target.properties[schema.relation.dual_property.synced_property_name];
        if (!back?.relation.some((r: NotionObject) => r.id === row.id))
          bad(`relation ${name} of ${row.id} lacks its twin`);
      }
    }
  }
}

function checkNode(ws: Workspace, owner: NotionObject, node: NotionObject, bad: (m: string) => void): void {
  if (node.type === "mention" && node.mention) {
    const m = node.mention;
    const ok =
      (m.type === "page" && ws.pages.has(m.page.id)) ||
      (m.type === "database" && ws.databases.has(m.database.id)) ||
      (m.type === "user" && ws.users.has(m.user.id)) ||
      !["page", "database", "user"].includes(m.type);
    if (!ok) bad(`${owner.object} ${owner.id} mentions a missing ${m.type}`);
  }
  if (typeof node.file_id === "string" && !ws.files.has(node.file_id))
    bad(`${owner.id} uses missing file ${node.file_id}`);
  if (node.object === "user" && typeof node.id === "string" && !ws.users.has(node.id)) {
    bad(`${owner.object} ${owner.id} names unknown user ${node.id}`);
  }
}

/** Visits every object nested in a JSON value. */
export function walk(value: unknown, visit: (node: NotionObject) => void): void {
  if (Array.isArray(value)) for (const v of value) walk(v, visit);
  else if (value && typeof value === "object") {
    visit(value as NotionObject);
    for (const v of Object.values(value)) walk(v, visit);
  }
}
