// View endpoints: list a database's (or one data source's) views and retrieve one view.
import { objectNotFound, visibleOr404 } from "../access.ts";
import { validationError } from "../errors.ts";
import { paginate } from "../pagination.ts";
import type { RequestContext, Route } from "../router.ts";
import { type NotionObject, normalizeId, type Workspace } from "../workspace.ts";
import { pathId } from "./path-id.ts";

/** Adds the table view Notion gives every database it creates, and returns it. */
export function createDefaultView(
  ws: Workspace,
  db: NotionObject,
  dataSourceId: string,
  botId: string,
): NotionObject {
  const id = ws.newId();
  const now = ws.timestamp();
  const bot = { object: "user", id: botId };
  const view: NotionObject = {
    object: "view",
    id,
    parent: { type: "database_id", database_id: db.id },
    data_source_id: dataSourceId,
    name: "Default view",
    type: "table",
    created_time: now,
    created_by: bot,
    last_edited_time: now,
    last_edited_by: bot,
    url: `${db.url ?? `https://www.notion.so/${String(db.id).replace(/-/g, "")}`}?v=${id.replace(/-/g, "")}`,
    filter: null,
    sorts: null,
    quick_filters: null,
    configuration: { type: "table" },
  };
  ws.views.set(id, view);
  return view;
}

function list(ctx: RequestContext): NotionObject {
  const databaseId = ctx.query.get("database_id");
  const dataSourceId = ctx.query.get("data_source_id");
  if (!databaseId && !dataSourceId) {
    throw validationError(
      "query failed validation: one of query.database_id or query.data_source_id should be defined.",
    );
  }
  let matches: (v: NotionObject) => boolean;
  if (databaseId) {
    const db = visibleOr404(ctx, databaseId, "database");
    matches = (v) => v.parent?.database_id === db.id;
  } else {
    const ds = ctx.ws.dataSources.get(normalizeId(dataSourceId!));
    if (!ds || !ctx.ws.isVisible(ds.id, ctx.integration))
      throw objectNotFound(ctx, normalizeId(dataSourceId!), "database");
    matches = (v) => v.data_source_id === ds.id;
  }
  const refs = [...ctx.ws.views.values()]
    .filter(matches)
    .map((v) => ({ object: "view", id: v.id as string }));
  return paginate(refs, {
    startCursor: ctx.query.get("start_cursor"),
    pageSize: ctx.query.get("page_size"),
    type: "view",
    where: "query",
  });
}

function retrieve(ctx: RequestContext): NotionObject {
  const id = pathId(ctx, "view_id");
  const view = ctx.ws.views.get(id);
  const dbId = view?.parent?.database_id;
  if (!view || !dbId || !ctx.ws.databases.has(dbId) || !ctx.ws.isVisible(dbId, ctx.integration)) {
    throw objectNotFound(ctx, id, "view");
  }
  return { ...view };
}

/** The routes of this endpoint group. */
export const routes: Route[] = [
  { method: "GET", path: "/v1/views/:id", name: "views.retrieve", handler: retrieve },
  { method: "GET", path: "/v1/views", name: "views.list", handler: list },
];
