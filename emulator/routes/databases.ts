// Database endpoints: retrieve the container, create it (with its first data source), update it.
import { visibleOr404 } from "../access.ts";
import { resolveIcon } from "../block-input.ts";
import { validationError } from "../errors.ts";
import { resolveFileInput } from "../files.ts";
import { normalizeRichText, notionUrl, plainText } from "../rich-text.ts";
import type { RequestContext, Route } from "../router.ts";
import type { NotionObject } from "../workspace.ts";
import { createDataSource } from "./data-sources.ts";
import { pathId } from "./path-id.ts";
import { createDefaultView } from "./views.ts";

const ARCHIVED_MESSAGE = "Can't edit block that is archived. You must unarchive the block before editing.";

/** A database container as the API answers it (its schema lives on its data sources). */
export function renderDatabase(db: NotionObject): NotionObject {
  const trashed = db.in_trash === true || db.archived === true;
  return {
    object: "database",
    id: db.id,
    title: db.title ?? [],
    description: db.description ?? [],
    parent: db.parent,
    is_inline: db.is_inline === true,
    in_trash: trashed,
    is_locked: db.is_locked === true,
    created_time: db.created_time,
    last_edited_time: db.last_edited_time,
    data_sources: (db.data_sources ?? []).map((d: NotionObject) => ({ id: d.id, name: d.name })),
    icon: db.icon ?? null,
    cover: db.cover ?? null,
    url: db.url ?? notionUrl(db.id),
    public_url: db.public_url ?? null,
    archived: trashed,
  };
}

function retrieve(ctx: RequestContext): NotionObject {
  return renderDatabase(visibleOr404(ctx, pathId(ctx, "database_id"), "database"));
}

/** The parent page of a new or moved database: internal integrations may only use a page. */
function parentPage(ctx: RequestContext, parent: unknown): NotionObject {
  const p = parent as NotionObject | undefined;
  if (!p || typeof p !== "object") {
    throw validationError("body failed validation: body.parent should be defined, instead was `undefined`.");
  }
  if (p.type === "workspace" || p.workspace === true) {
    throw validationError(
      "Provided parent is invalid: a database must have a page parent when created by an integration.",
    );
  }
  if (typeof p.page_id !== "string") {
    throw validationError(
      "body failed validation: body.parent.page_id should be defined, instead was `undefined`.",
    );
  }
  const page = visibleOr404(ctx, p.page_id, "page");
  if (page.in_trash === true || page.archived === true) throw validationError(ARCHIVED_MESSAGE);
  return page;
}

function cover(ctx: RequestContext, raw: unknown): NotionObject | null {
  if (raw === null) return null;
  const file = resolveFileInput(raw, ctx, "body.cover");
  return { type: file.type, [file.type]: file[file.type] };
}

function create(ctx: RequestContext): NotionObject {
  const { ws, body, integration } = ctx;
  const page = parentPage(ctx, body.parent);
  const title = body.title === undefined ? [] : normalizeRichText(body.title, ws, "body.title");
  const id = ws.newId();
  const now = ws.timestamp();
  const db: NotionObject = {
    object: "database",
    id,
    title,
    description:
      body.description === undefined ? [] : normalizeRichText(body.description, ws, "body.description"),
    parent: { type: "page_id", page_id: page.id },
    is_inline: body.is_inline === true,
    in_trash: false,
    is_locked: false,
    created_time: now,
    last_edited_time: now,
    data_sources: [],
    icon: body.icon === undefined || body.icon === null ? null : resolveIcon(body.icon, ctx, "body.icon"),
    cover: body.cover === undefined ? null : cover(ctx, body.cover),
    url: notionUrl(id),
    public_url: null,
    archived: false,
  };
  const initial = body.initial_data_source ?? {};
  if (typeof initial !== "object" || Array.isArray(initial)) {
    throw validationError("body failed validation: body.initial_data_source should be an object.");
  }
  // The database is stored while its first data source is built (self-relations need it) and
  // removed again if the schema is rejected, so a failed request leaves no trace.
  ws.databases.set(id, db);
  try {
    const ds = createDataSource(
      ctx,
      db,
      { title, properties: initial.properties },
      "body.initial_data_source",
    );
    createDefaultView(ws, db, ds.id, integration.botId);
  } catch (err) {
    ws.databases.delete(id);
    throw err;
  }
  const bot = { object: "user", id: integration.botId };
  ws.blocks.set(id, {
    object: "block",
    id,
    parent: { type: "page_id", page_id: page.id },
    created_time: now,
    last_edited_time: now,
    created_by: bot,
    last_edited_by: bot,
    has_children: false,
    archived: false,
    in_trash: false,
    type: "child_database",
    child_database: { title: plainText(title) },
  });
  ws.childList(page.id).push(id);
  ws.touch(page, integration);
  return renderDatabase(db);
}

function update(ctx: RequestContext): NotionObject {
  const { ws, body } = ctx;
  const db = visibleOr404(ctx, pathId(ctx, "database_id"), "database");
  const trashValue = body.in_trash ?? body.archived;
  if (db.in_trash === true && trashValue !== false) throw validationError(ARCHIVED_MESSAGE);
  const block = ws.blocks.get(db.id);
  if (body.title !== undefined) {
    db.title = normalizeRichText(body.title, ws, "body.title");
    if (block?.child_database) block.child_database.title = plainText(db.title);
  }
  if (body.description !== undefined)
    db.description = normalizeRichText(body.description, ws, "body.description");
  if (body.icon !== undefined) db.icon = body.icon === null ? null : resolveIcon(body.icon, ctx, "body.icon");
  if (body.cover !== undefined) db.cover = cover(ctx, body.cover);
  if (typeof body.is_inline === "boolean") db.is_inline = body.is_inline;
  if (typeof body.is_locked === "boolean") db.is_locked = body.is_locked;
  if (body.parent !== undefined) move(ctx, db, parentPage(ctx, body.parent));
  if (typeof trashValue === "boolean") {
    db.in_trash = trashValue;
    db.archived = trashValue;
    if (block) {
      block.in_trash = trashValue;
      block.archived = trashValue;
    }
  }
  ws.touch(db, ctx.integration);
  return renderDatabase(db);
}

/** Moves the database (and its child_database block) to the end of another page. */
function move(ctx: RequestContext, db: NotionObject, page: NotionObject): void {
  const { ws } = ctx;
  const from = db.parent?.page_id;
  if (from === page.id) return;
  if (from) {
    const list = ws.childList(from);
    const at = list.indexOf(db.id);
    if (at >= 0) list.splice(at, 1);
  }
  db.parent = { type: "page_id", page_id: page.id };
  const block = ws.blocks.get(db.id);
  if (block) block.parent = { type: "page_id", page_id: page.id };
  ws.childList(page.id).push(db.id);
  for (const ref of db.data_sources ?? []) {
    const ds = ws.dataSources.get(ref.id);
    if (ds) ds.database_parent = db.parent;
  }
}

/** The routes of this endpoint group. */
export const routes: Route[] = [
  { method: "GET", path: "/v1/databases/:id", name: "databases.retrieve", handler: retrieve },
  { method: "PATCH", path: "/v1/databases/:id", name: "databases.update", handler: update },
  { method: "POST", path: "/v1/databases", name: "databases.create", handler: create },
];
