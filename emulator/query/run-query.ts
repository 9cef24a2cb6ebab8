// One page of a data source query: the rows that match, in order, cut by cursor, page size and the result cap.
import { validationError } from "../errors.ts";
import { pageSize } from "../pagination.ts";
import type { Schema } from "../schema.ts";
import { type NotionObject, normalizeId, type Workspace } from "../workspace.ts";
import { matchesFilter, validateFilter } from "./filter.ts";
import { sortRows, validateSorts } from "./sort.ts";

/** Notion answers at most this many rows per query (filter + sorts), across its cursor chain. */
export const DEFAULT_QUERY_RESULT_LIMIT = 10_000;

const limits = new WeakMap<Workspace, number>();

/** Lowers (or raises) the per-query result cap of one workspace, e.g. to test the cap with few rows. */
export function setQueryResultLimit(ws: Workspace, limit: number): void {
  limits.set(ws, limit);
}

/** The per-query result cap in force for a workspace. */
export function queryResultLimit(ws: Workspace): number {
  return limits.get(ws) ?? DEFAULT_QUERY_RESULT_LIMIT;
}

/** The rows of one answer page and the list fields that go with them. */
export interface QueryPage {
  rows: NotionObject[];
  next_cursor: string | null;
  has_more: boolean;
  request_status?: { type: "incomplete"; incomplete_reason: "query_result_limit_reached" };
}

/** Runs a `dataSources.query` body against a data source's stored rows. */
export function runQuery(
  ws: Workspace,
  dataSource: NotionObject,
  body: NotionObject,
  opts: { meId: string; excluded?: ReadonlySet<string> },
): QueryPage {
  const schema: Schema = dataSource.properties ?? {};
  if (body.filter !== undefined && body.filter !== null) validateFilter(body.filter, schema);
  validateSorts(body.sorts, schema);
  const size = pageSize(body.page_size);
  const wantTrash = body.in_trash === true || body.archived === true;
  const ctx = { schema, now: ws.now(), meId: opts.meId };
  const rows: NotionObject[] = [];
  for (const page of ws.pages.values()) {
    if (page.parent?.type !== "data_source_id" || page.parent.data_source_id !== dataSource.id) continue;
    if (opts.excluded?.has(page.id)) continue;
    if ((page.in_trash === true || page.archived === true) !== wantTrash) continue;
    if (body.filter && !matchesFilter(body.filter, page, ctx)) continue;
    rows.push(page);
  }
  sortRows(rows, body.sorts, schema);

  let start = 0;
  const cursor = body.start_cursor;
  if (cursor !== undefined && cursor !== null && cursor !== "") {
    const id = normalizeId(String(cursor));
    start = rows.findIndex((r) => r.id === id);
    if (start < 0)
      throw validationError(`body.start_cursor should be a valid cursor, instead was \`"${cursor}"\`.`);
  }
  const limit = queryResultLimit(ws);
  const end = Math.min(start + size, rows.length);
  if (rows.length > limit && end >= limit) {
    return {
      rows: rows.slice(start, Math.max(start, limit)),
      next_cursor: null,
      has_more: false,
      request_status: { type: "incomplete", incomplete_reason: "query_result_limit_reached" },
    };
  }
  const next = rows[end];
  return { rows: rows.slice(start, end), next_cursor: next ? next.id : null, has_more: next !== undefined };
}
