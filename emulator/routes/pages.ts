// Pages endpoints: retrieve, create, update, property item retrieve and move.
import { visibleOr404 } from "../access.ts";
import { draftBlocks, insertBlocks, resolveIcon } from "../block-input.ts";
import { NotionError, validationError } from "../errors.ts";
import { resolveFileInput } from "../files.ts";
import { pageSize } from "../pagination.ts";
import { applyProperties, PAGE_SCHEMA } from "../properties.ts";
import { propertyItems, renderPage } from "../render-page.ts";
import type { RequestContext, Route } from "../router.ts";
import { validateBlockPayload } from "../validate/blocks.ts";
import { checkObject, checkPayloadSize } from "../validate/limits.ts";
import { type NotionObject, normalizeId, parentIdOf } from "../workspace.ts";
import { containingPage, setTrashed } from "./blocks.ts";
import { checkPathId } from "./path-id.ts";

const ARCHIVED_PAGE = "Can't edit page that is archived. You must unarchive the page before editing.";

/** The parent a create or move names, resolved to its stored form and the schema pages under it follow. */
function resolveParent(
  ctx: RequestContext,
  raw: unknown,
): { parent: NotionObject; schema: Record<string, NotionObject> } {
  const p = checkObject(raw, "body.parent");
  const type: string | undefined =
    p.type ?? ["page_id", "data_source_id", "database_id", "workspace"].find((k) => p[k]);
  if (type === "page_id") {
    const page = visibleOr404(ctx, String(p.page_id), "page");
    if (page.in_trash) throw validationError(ARCHIVED_PAGE);
    return { parent: { type, page_id: page.id }, schema: PAGE_SCHEMA };
  }
  let ds: NotionObject | undefined;
  if (type === "data_source_id") ds = visibleOr404(ctx, String(p.data_source_id), "data_source");
  else if (type === "database_id") {
    const db = visibleOr404(ctx, String(p.database_id), "database");
    const sources: NotionObject[] = db.data_sources ?? [];
    if (sources.length !== 1) {
      throw new NotionError(
        400,
        "validation_error",
        "Databases with multiple data sources are not supported for this operation; use a data_source_id parent.",
        { error_type: "multiple_data_sources_for_database" },
      );
    }
    ds = visibleOr404(ctx, String(sources[0]!.id), "data_source");
  } else {
    throw validationError(
      `body failed validation: body.parent should be a page_id, data_source_id or database_id parent, instead was \`${JSON.stringify(raw)}\`.`,
    );
  }
  const databaseId = ds.parent?.database_id;
  return {
    parent: {
      type: "data_source_id",
      data_source_id: ds.id,
      ...(databaseId ? { database_id: databaseId } : {}),
    },
    schema: ds.properties ?? {},
  };
}

/** The next unique_id number of a data source (one more than the largest its rows hold). */
function nextUniqueNumber(ctx: RequestContext, dataSourceId: string | undefined): number {
  let max = 0;
  const schema: Record<string, NotionObject> =
    (dataSourceId && ctx.ws.dataSources.get(dataSourceId)?.properties) || {};
  // Scanning the rows is only worth it when the schema numbers them.
  if (!Object.values(schema).some((p) => p.type === "unique_id")) return 1;
  for (const page of ctx.ws.pages.values()) {
    if (page.parent?.data_source_id !== dataSourceId) continue;
    for (const prop of Object.values(page.properties ?? {}) as NotionObject[]) {
      if (prop.type === "unique_id") max = Math.max(max, Number(prop.unique_id?.number) || 0);
    }
  }
  return max + 1;
}

function resolveCover(ctx: RequestContext, raw: unknown): NotionObject | null {
  if (raw === null) return null;
  const file = resolveFileInput(raw, ctx, "body.cover");
  return { type: file.type, [file.type]: file[file.type] };
}

/** Index of a new child page among its parent's children, from `position`. */
function positionIndex(ctx: RequestContext, parentId: string): number | undefined {
  const position = ctx.body.position;
  if (position === undefined) return undefined;
  const pos = checkObject(position, "body.position");
  const list = ctx.ws.childList(parentId);
  if (pos.type === "page_start") return 0;
  if (pos.type === "page_end") return list.length;
  if (pos.type === "after_block") {
    const idx = list.indexOf(normalizeId(String(pos.after_block?.id)));
    if (idx < 0) throw validationError(`Block ${pos.after_block?.id} is not a child of page ${parentId}.`);
    return idx + 1;
  }
  throw validationError(
    `body failed validation: body.position.type should be one of \`"after_block"\`, \`"page_start"\`, \`"page_end"\`, instead was \`${JSON.stringify(pos.type)}\`.`,
  );
}

/** Puts the child_page block of a page under its (page) parent. */
function linkChildPage(ctx: RequestContext, page: NotionObject, parentId: string, index?: number): void {
  const { ws } = ctx;
  const block: NotionObject = {
    object: "block",
    id: page.id,
    parent: { type: "page_id", page_id: parentId },
    created_time: page.created_time,
    last_edited_time: page.last_edited_time,
    created_by: page.created_by,
    last_edited_by: page.last_edited_by,
    has_children: false,
    archived: false,
    in_trash: false,
    type: "child_page",
    child_page: { title: "" },
  };
  ws.blocks.set(page.id, block);
  const list = ws.childList(parentId);
  list.splice(index ?? list.length, 0, page.id);
}

function create(ctx: RequestContext): NotionObject {
  const { ws, body } = ctx;
  checkPayloadSize(ctx.rawBody);
  const { parent, schema } = resolveParent(ctx, body.parent);
  const children = body.children ?? body.content;
  if (children !== undefined)
    validateBlockPayload(children, body.children ? "body.children" : "body.content");
  const properties = applyProperties(
    body.properties,
    schema,
    ctx,
    undefined,
    nextUniqueNumber(ctx, parent.data_source_id),
  );
  const icon = body.icon ? resolveIcon(body.icon, ctx, "body.icon") : null;
  const cover = body.cover ? resolveCover(ctx, body.cover) : null;
  const parentPageId = parent.type === "page_id" ? (parent.page_id as string) : undefined;
  const index = parentPageId ? positionIndex(ctx, parentPageId) : undefined;
  const drafts = children ? draftBlocks(children, ctx, body.children ? "body.children" : "body.content") : [];
  const now = ws.timestamp();
  const bot = { object: "user", id: ctx.integration.botId };
  const page: NotionObject = {
    object: "page",
    id: ws.newId(),
    created_time: now,
    last_edited_time: now,
    created_by: { ...bot },
    last_edited_by: { ...bot },
    cover,
    icon,
    parent,
    archived: false,
    in_trash: false,
    is_locked: false,
    properties,
    public_url: null,
  };
  ws.pages.set(page.id, page);
  if (parentPageId) {
    linkChildPage(ctx, page, parentPageId, index);
    ws.touch(ws.pages.get(parentPageId)!, ctx.integration);
  }
  if (drafts.length > 0) insertBlocks(drafts, page.id, ctx);
  return renderPage(page, ws, ctx.query.getAll("filter_properties"));
}

function pageOr404(ctx: RequestContext): NotionObject {
  checkPathId(ctx.params.id!, "page_id");
  return visibleOr404(ctx, ctx.params.id!, "page");
}

function retrieve(ctx: RequestContext): NotionObject {
  return renderPage(pageOr404(ctx), ctx.ws, ctx.query.getAll("filter_properties"));
}

function schemaOf(ctx: RequestContext, page: NotionObject): Record<string, NotionObject> {
  if (page.parent?.type === "data_source_id") {
    return ctx.ws.dataSources.get(page.parent.data_source_id)?.properties ?? {};
  }
  const titleName =
    Object.keys(page.properties ?? {}).find((k) => page.properties[k]?.type === "title") ?? "title";
  return { [titleName]: { ...PAGE_SCHEMA.title, name: titleName } };
}

function update(ctx: RequestContext): NotionObject {
  const page = pageOr404(ctx);
  const { ws, body } = ctx;
  checkPayloadSize(ctx.rawBody);
  const trash = body.in_trash ?? body.archived;
  if (trash !== undefined && typeof trash !== "boolean") {
    throw validationError(
      `body failed validation: body.in_trash should be a boolean, instead was \`${JSON.stringify(trash)}\`.`,
    );
  }
  const edits = ["properties", "icon", "cover", "is_locked", "is_archived", "erase_content"].filter(
    (k) => body[k] !== undefined,
  );
  if (edits.length > 0 && page.in_trash && trash !== false) throw validationError(ARCHIVED_PAGE);
  if (body.is_locked !== undefined && typeof body.is_locked !== "boolean") {
    throw validationError(
      `body failed validation: body.is_locked should be a boolean, instead was \`${JSON.stringify(body.is_locked)}\`.`,
    );
  }
  const properties =
    body.properties !== undefined
      ? applyProperties(body.properties, schemaOf(ctx, page), ctx, page.properties)
      : undefined;
  const icon =
    body.icon !== undefined
      ? body.icon === null
        ? null
        : resolveIcon(body.icon, ctx, "body.icon")
      : undefined;
  const cover = body.cover !== undefined ? resolveCover(ctx, body.cover) : undefined;
  if (properties) page.properties = properties;
  if (icon !== undefined) page.icon = icon;
  if (cover !== undefined) page.cover = cover;
  if (body.is_locked !== undefined) page.is_locked = body.is_locked;
  if (body.is_archived !== undefined) page.is_archived = body.is_archived === true;
  if (body.erase_content === true) {
    for (const child of ws.children.get(page.id) ?? []) setTrashed(ctx, child, true);
  }
  if (edits.length > 0) ws.touch(page, ctx.integration);
  if (trash !== undefined && trash !== (page.in_trash === true)) setTrashed(ctx, page.id, trash);
  return renderPage(page, ws, ctx.query.getAll("filter_properties"));
}

function retrieveProperty(ctx: RequestContext): NotionObject {
  const page = pageOr404(ctx);
  const key = ctx.params.property_id!;
  const answer = propertyItems(page, key, ctx.ws, {
    startCursor: ctx.query.get("start_cursor"),
    pageSize: pageSize(ctx.query.get("page_size") ?? undefined, "query"),
    baseUrl: ctx.baseUrl,
  });
  if (!answer) throw new NotionError(404, "object_not_found", `Could not find property with ID: ${key}.`);
  return answer;
}

function move(ctx: RequestContext): NotionObject {
  const page = pageOr404(ctx);
  const { ws } = ctx;
  const { parent, schema } = resolveParent(ctx, ctx.body.parent);
  const target = (parent.page_id ?? parent.data_source_id) as string;
  for (let cur: string | undefined = target; cur; cur = ws.parentOf(cur)) {
    if (cur === page.id)
      throw validationError("A page cannot be moved into itself or one of its descendants.");
  }
  const oldParentId = parentIdOf(page);
  const oldList = ws.children.get(oldParentId);
  if (oldList?.includes(page.id)) oldList.splice(oldList.indexOf(page.id), 1);
  ws.blocks.delete(page.id);
  if (parent.data_source_id !== page.parent?.data_source_id) {
    const title = Object.values(page.properties ?? {}).find((p: any) => p?.type === "title") as
      | NotionObject
      | undefined;
    const titleName = Object.keys(schema).find((k) => schema[k]!.type === "title") ?? "title";
    const base = applyProperties(
      undefined,
      schema,
      ctx,
      undefined,
      nextUniqueNumber(ctx, parent.data_source_id),
    );
    base[titleName] = { id: schema[titleName]?.id ?? "title", type: "title", title: title?.title ?? [] };
    page.properties = base;
  }
  page.parent = parent;
  if (parent.page_id) linkChildPage(ctx, page, parent.page_id);
  ws.touch(page, ctx.integration);
  for (const id of [oldParentId, parent.page_id]) {
    const owner = id ? containingPage(ws, id) : undefined;
    if (owner) ws.touch(owner, ctx.integration);
  }
  return renderPage(page, ws);
}

/** The routes of this endpoint group. */
export const routes: Route[] = [
  { method: "POST", path: "/v1/pages", name: "pages.create", handler: create },
  {
    method: "GET",
    path: "/v1/pages/:id/properties/:property_id",
    name: "pages.properties.retrieve",
    handler: retrieveProperty,
  },
  { method: "POST", path: "/v1/pages/:id/move", name: "pages.move", handler: move },
  { method: "GET", path: "/v1/pages/:id", name: "pages.retrieve", handler: retrieve },
  { method: "PATCH", path: "/v1/pages/:id", name: "pages.update", handler: update },
];
