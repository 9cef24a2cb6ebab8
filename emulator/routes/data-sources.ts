// Data source endpoints: retrieve, create, update (schema, title, trash), query and list templates.
import { objectNotFound, visibleOr404 } from "../access.ts";
import { resolveIcon } from "../block-input.ts";
import { validationError } from "../errors.ts";
import { defaultValue } from "../properties.ts";
import { runQuery } from "../query/run-query.ts";
import { renderPage } from "../render-page.ts";
import { normalizeRichText, notionUrl, plainText } from "../rich-text.ts";
import type { RequestContext, Route } from "../router.ts";
import { buildSchema, type Schema, type SchemaContext, updateSchema } from "../schema.ts";
import { publicDataSource, templateIds, templatesOf } from "../templates.ts";
import { type NotionObject, normalizeId } from "../workspace.ts";
import { pathId } from "./path-id.ts";

/** A data source as the API answers it, with the fields real answers always carry. */
export function renderDataSource(ds: NotionObject, ctx: Pick<RequestContext, "ws">): NotionObject {
  const db = ctx.ws.databases.get(ds.parent?.database_id);
  const trashed = ds.in_trash === true || ds.archived === true;
  return {
    ...publicDataSource(ds),
    object: "data_source",
    description: ds.description ?? [],
    is_inline: ds.is_inline ?? db?.is_inline ?? false,
    database_parent: ds.database_parent ?? db?.parent ?? null,
    archived: trashed,
    in_trash: trashed,
  };
}

/**
 * Creates a data source in a database (used by databases.create for the first one too): schema from
 * the request's properties, listed in the database's `data_sources`.
 */
export function createDataSource(
  ctx: RequestContext,
  db: NotionObject,
  input: { title?: unknown; properties?: unknown; icon?: unknown },
  where: string,
): NotionObject {
  const { ws, integration } = ctx;
  const title = input.title === undefined ? [] : normalizeRichText(input.title, ws, `${where}.title`);
  const id = ws.newId();
  const schema = buildSchema(
    input.properties,
    schemaContext(ctx, id, db.id, plainText(title)),
    `${where}.properties`,
  );
  const now = ws.timestamp();
  const bot = { object: "user", id: integration.botId };
  const ds: NotionObject = {
    object: "data_source",
    id,
    cover: null,
    icon:
      input.icon === undefined || input.icon === null ? null : resolveIcon(input.icon, ctx, `${where}.icon`),
    created_time: now,
    created_by: bot,
    last_edited_by: bot,
    last_edited_time: now,
    title,
    description: [],
    is_inline: db.is_inline ?? false,
    properties: schema,
    parent: { type: "database_id", database_id: db.id },
    database_parent: db.parent,
    url: notionUrl(db.id),
    public_url: null,
    archived: false,
    in_trash: false,
  };
  ws.dataSources.set(id, ds);
  db.data_sources = [...(db.data_sources ?? []), { id, name: plainText(title) }];
  return ds;
}

/** The data source named by the path; an unseen one answers 404 worded for a database, as Notion does. */
function visibleDataSource(ctx: RequestContext): NotionObject {
  const id = pathId(ctx, "data_source_id");
  const ds = ctx.ws.dataSources.get(id);
  if (!ds || !ctx.ws.isVisible(id, ctx.integration)) throw objectNotFound(ctx, id, "database");
  return ds;
}

function schemaContext(
  ctx: RequestContext,
  dataSourceId: string,
  databaseId: string,
  title: string,
): SchemaContext {
  return {
    ws: ctx.ws,
    dataSourceId,
    databaseId,
    title,
    canSee: (id) => ctx.ws.isVisible(id, ctx.integration),
  };
}

function create(ctx: RequestContext): NotionObject {
  const parent = ctx.body.parent;
  const raw = parent?.database_id;
  if (typeof raw !== "string") {
    throw validationError(
      "body failed validation: body.parent.database_id should be defined, instead was `undefined`.",
    );
  }
  const db = visibleOr404(ctx, raw, "database");
  if (db.in_trash === true) {
    throw validationError("Can't edit block that is archived. You must unarchive the block before editing.");
  }
  const ds = createDataSource(ctx, db, ctx.body, "body");
  ctx.ws.touch(db, ctx.integration);
  return renderDataSource(ds, ctx);
}

function retrieve(ctx: RequestContext): NotionObject {
  const ds = visibleDataSource(ctx);
  return renderDataSource(ds, ctx);
}

function update(ctx: RequestContext): NotionObject {
  const { ws, body } = ctx;
  const ds = visibleDataSource(ctx);
  const trashValue = body.in_trash ?? body.archived;
  const trashed = ds.in_trash === true;
  if (trashed && trashValue !== false) {
    throw validationError("Can't edit block that is archived. You must unarchive the block before editing.");
  }
  if (body.title !== undefined) {
    ds.title = normalizeRichText(body.title, ws, "body.title");
    const db = ws.databases.get(ds.parent.database_id);
    const entry = db?.data_sources?.find((d: NotionObject) => d.id === ds.id);
    if (entry) entry.name = plainText(ds.title);
  }
  if (body.description !== undefined)
    ds.description = normalizeRichText(body.description, ws, "body.description");
  if (body.icon !== undefined) ds.icon = body.icon === null ? null : resolveIcon(body.icon, ctx, "body.icon");
  if (body.properties !== undefined) {
    const schema: Schema = ds.properties;
    const changes = updateSchema(
      schema,
      body.properties,
      schemaContext(ctx, ds.id, ds.parent.database_id, plainText(ds.title)),
      "body.properties",
    );
    syncRows(ctx, ds, changes);
  }
  if (body.parent !== undefined) moveDataSource(ctx, ds, body.parent);
  if (typeof trashValue === "boolean") {
    ds.in_trash = trashValue;
    ds.archived = trashValue;
  }
  ws.touch(ds, ctx.integration);
  return renderDataSource(ds, ctx);
}

/** Moves a data source (and its rows' parent) to another database, last in its `data_sources`. */
function moveDataSource(ctx: RequestContext, ds: NotionObject, parent: unknown): void {
  const raw = (parent as NotionObject | null)?.database_id;
  if (typeof raw !== "string") {
    throw validationError(
      "body failed validation: body.parent.database_id should be defined, instead was `undefined`.",
    );
  }
  const target = visibleOr404(ctx, raw, "database");
  const from = ctx.ws.databases.get(ds.parent.database_id);
  if (from?.id === target.id) return;
  if (from) from.data_sources = (from.data_sources ?? []).filter((d: NotionObject) => d.id !== ds.id);
  target.data_sources = [...(target.data_sources ?? []), { id: ds.id, name: plainText(ds.title) }];
  ds.parent = { type: "database_id", database_id: target.id };
  ds.database_parent = target.parent;
  for (const page of ctx.ws.pages.values()) {
    if (page.parent?.data_source_id === ds.id) page.parent = { ...page.parent, database_id: target.id };
  }
}

/** Keeps stored rows in step with the schema: renamed keys follow, removed ones go, new ones get empty values. */
function syncRows(
  ctx: RequestContext,
  ds: NotionObject,
  changes: { renamed: [string, string][]; removed: string[] },
) {
  const schema: Schema = ds.properties;
  for (const page of ctx.ws.pages.values()) {
    if (page.parent?.data_source_id !== ds.id) continue;
    const props: Record<string, NotionObject> = page.properties ?? {};
    for (const name of changes.removed) delete props[name];
    for (const [from, to] of changes.renamed) {
      if (props[from]) props[to] = props[from];
      delete props[from];
    }
    for (const [name, prop] of Object.entries(schema)) {
      if (props[name]) continue;
      const value: NotionObject = { id: prop.id, type: prop.type, [prop.type]: defaultValue(prop, 0) };
      if (prop.type === "relation") value.has_more = false;
      props[name] = value;
    }
    page.properties = props;
  }
}

function query(ctx: RequestContext): NotionObject {
  const ds = visibleDataSource(ctx);
  const filterProperties = ctx.query.getAll("filter_properties");
  const result = runQuery(ctx.ws, ds, ctx.body, { meId: ctx.integration.botId, excluded: templateIds(ds) });
  const answer: NotionObject = {
    object: "list",
    results: result.rows.map((row) => renderPage(row, ctx.ws, filterProperties)),
    next_cursor: result.next_cursor,
    has_more: result.has_more,
    type: "page_or_data_source",
    page_or_data_source: {},
  };
  if (result.request_status) answer.request_status = result.request_status;
  return answer;
}

function listTemplates(ctx: RequestContext): NotionObject {
  const ds = visibleDataSource(ctx);
  const name = ctx.query.get("name");
  const all = templatesOf(ds).filter((t) => !name || t.name.toLowerCase().includes(name.toLowerCase()));
  const size = templatePageSize(ctx.query.get("page_size"));
  const cursor = ctx.query.get("start_cursor");
  let start = 0;
  if (cursor) {
    start = all.findIndex((t) => t.id === normalizeId(cursor));
    if (start < 0) {
      throw validationError(`query.start_cursor should be a valid cursor, instead was \`"${cursor}"\`.`);
    }
  }
  const next = all[start + size];
  return {
    templates: all.slice(start, start + size),
    has_more: next !== undefined,
    next_cursor: next?.id ?? null,
  };
}

function templatePageSize(raw: string | null): number {
  if (raw === null || raw === "") return 100;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 100) {
    throw validationError(
      `query.page_size should be a number between 1 and 100, instead was \`${JSON.stringify(raw)}\`.`,
    );
  }
  return n;
}

/** The routes of this endpoint group. */
export const routes: Route[] = [
  { method: "POST", path: "/v1/data_sources/:id/query", name: "dataSources.query", handler: query },
  {
    method: "GET",
    path: "/v1/data_sources/:id/templates",
    name: "dataSources.listTemplates",
    handler: listTemplates,
  },
  { method: "GET", path: "/v1/data_sources/:id", name: "dataSources.retrieve", handler: retrieve },
  { method: "PATCH", path: "/v1/data_sources/:id", name: "dataSources.update", handler: update },
  { method: "POST", path: "/v1/data_sources", name: "dataSources.create", handler: create },
];
