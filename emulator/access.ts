// Sharing: what an integration may see, answered as Notion does (404, never 403) when it may not.
import { NotionError } from "./errors.ts";
import type { RequestContext } from "./router.ts";
import { type NotionObject, normalizeId } from "./workspace.ts";

/** The kinds of object a request can name by id. */
export type ObjectKind = "page" | "block" | "database" | "data_source" | "comment";

/**
 * The stored object (not a copy) of that kind, or 404 object_not_found when it does not exist or
 * the calling integration cannot see it. Trashed objects are returned: Notion still serves them.
 */
export function visibleOr404(
  ctx: Pick<RequestContext, "ws" | "integration">,
  id: string,
  kind: ObjectKind,
): NotionObject {
  const dashed = normalizeId(id);
  const { ws } = ctx;
  const store = {
    page: ws.pages,
    block: ws.blocks,
    database: ws.databases,
    data_source: ws.dataSources,
    comment: ws.comments,
  }[kind];
  const obj = store.get(dashed);
  if (!obj || !ws.isVisible(dashed, ctx.integration)) throw objectNotFound(ctx, dashed, kind);
  return obj;
}

/** 404 object_not_found worded as Notion words it today (naming the integration). */
export function objectNotFound(
  ctx: Pick<RequestContext, "integration">,
  id: string,
  kind: ObjectKind | string,
): NotionError {
  const word = kind === "data_source" ? "data source" : kind;
  return new NotionError(
    404,
    "object_not_found",
    `Could not find ${word} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration "${ctx.integration.name}".`,
    { integration_id: ctx.integration.botId },
  );
}
