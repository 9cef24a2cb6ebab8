// Databases: the container, each data source's schema, templates and views, and every row beyond the query cap.
import type { DatabaseObjectResponse, DataSourceObjectResponse, PageObjectResponse } from "@notionhq/client";
import type { NotionErrorCode } from "../errors.ts";
import { type CrawlContext, paginate } from "./context.ts";
import type { MediaFetcher } from "./media.ts";
import type { UserTracker } from "./users.ts";

// Views and templates are extras some databases (linked, wiki) refuse; their absence is reported, not fatal.
const OPTIONAL: NotionErrorCode[] = ["validation_error", "restricted_resource"];

/** The crawl-wide helpers a database needs. */
export interface DatabaseSinks {
  users: UserTracker;
  media: MediaFetcher;
  /** A template page to crawl (its content is captured like a page's). */
  onTemplatePage(id: string): void;
  /** The rows of a data source to enumerate (in the background: they may be many). */
  onDataSourceRows(dataSourceId: string): void;
  /** A data source of the database (for the search comparison). */
  onDataSource(id: string, databaseId: string): void;
}

/** Crawls a database: container, data sources with schema and templates, and views; rows are handed on. */
export async function crawlDatabase(
  ctx: CrawlContext,
  sinks: DatabaseSinks,
  databaseId: string,
): Promise<void> {
  const database = await ctx.tolerant(
    databaseId,
    "database",
    async () => (await ctx.call("databases.retrieve", { database_id: databaseId })) as DatabaseObjectResponse,
  );
  if (!database || database.in_trash) return;
  sinks.users.note(database);
  await ctx.emit({ kind: "database", id: database.id, database });
  await sinks.media.capture(database, { object: "database", id: database.id });
  await Promise.all([
    ...database.data_sources.map((ref) => crawlDataSource(ctx, sinks, database.id, ref.id)),
    crawlViews(ctx, database.id),
  ]);
}

async function crawlDataSource(
  ctx: CrawlContext,
  sinks: DatabaseSinks,
  databaseId: string,
  dataSourceId: string,
): Promise<void> {
  const dataSource = await ctx.tolerant(
    dataSourceId,
    "data source",
    async () =>
      (await ctx.call("dataSources.retrieve", { data_source_id: dataSourceId })) as DataSourceObjectResponse,
  );
  if (!dataSource) return;
  sinks.onDataSource(dataSource.id, databaseId);
  sinks.users.note(dataSource);
  await ctx.emit({ kind: "data_source", id: dataSource.id, databaseId, dataSource });
  await sinks.media.capture(dataSource, { object: "data_source", id: dataSource.id });
  await ctx.tolerant(
    dataSource.id,
    "templates of data source",
    () => crawlTemplates(ctx, sinks, dataSource.id),
    OPTIONAL,
  );
  sinks.onDataSourceRows(dataSource.id);
}

async function crawlTemplates(ctx: CrawlContext, sinks: DatabaseSinks, dataSourceId: string): Promise<void> {
  let cursor: string | undefined;
  for (;;) {
    const res = await ctx.call("dataSources.listTemplates", {
      data_source_id: dataSourceId,
      page_size: 100,
      ...(cursor ? { start_cursor: cursor } : {}),
    });
    for (const t of res.templates) {
      await ctx.emit({
        kind: "template",
        id: t.id,
        dataSourceId,
        template: { id: t.id, name: t.name, is_default: t.is_default },
      });
      sinks.onTemplatePage(t.id);
    }
    if (!res.has_more || !res.next_cursor) return;
    cursor = res.next_cursor;
  }
}

async function crawlViews(ctx: CrawlContext, databaseId: string): Promise<void> {
  const ids: string[] = [];
  await ctx.tolerant(
    databaseId,
    "views of database",
    () =>
      paginate(
        (cursor) =>
          ctx.call("views.list", {
            database_id: databaseId,
            page_size: 100,
            ...(cursor ? { start_cursor: cursor } : {}),
          }),
        (refs) => {
          for (const r of refs) ids.push(r.id);
        },
      ),
    OPTIONAL,
  );
  await Promise.all(
    ids.map(async (id) => {
      const view = await ctx.tolerant(
        id,
        "view",
        () => ctx.call("views.retrieve", { view_id: id }),
        OPTIONAL,
      );
      if (view) await ctx.emit({ kind: "view", id, databaseId, view: view as Record<string, unknown> });
    }),
  );
}

/**
 * Every row of a data source, oldest first. A query stops at Notion's result cap (10,000) with
 * `request_status: incomplete` and has_more false, so each time it does, the next query starts
 * at the last created_time seen (on_or_after: stamps are minute-rounded, so rows sharing that
 * stamp come again and are skipped by id).
 */
export async function* queryAllRows(
  ctx: CrawlContext,
  dataSourceId: string,
): AsyncGenerator<PageObjectResponse> {
  let from: string | undefined;
  let seenAtFrom = new Set<string>();
  for (;;) {
    let cursor: string | undefined;
    let fresh = 0;
    let lastTime: string | undefined;
    let idsAtLast = new Set<string>();
    let capped = false;
    for (;;) {
      const res = await ctx.call("dataSources.query", {
        data_source_id: dataSourceId,
        page_size: 100,
        sorts: [{ timestamp: "created_time", direction: "ascending" }],
        ...(from ? { filter: { timestamp: "created_time", created_time: { on_or_after: from } } } : {}),
        ...(cursor ? { start_cursor: cursor } : {}),
      });
      for (const row of res.results) {
        if (row.object !== "page" || !("properties" in row)) continue;
        if (row.created_time !== lastTime) {
          lastTime = row.created_time;
          idsAtLast = new Set();
        }
        idsAtLast.add(row.id);
        if (from !== undefined && row.created_time === from && seenAtFrom.has(row.id)) continue;
        fresh++;
        yield row;
      }
      if (res.request_status?.type === "incomplete") {
        capped = true;
        break;
      }
      if (!res.has_more || !res.next_cursor) return;
      cursor = res.next_cursor;
    }
    if (!capped || lastTime === undefined) return;
    if (fresh === 0) {
      // More rows share one created_time than a query may return: nothing narrower to filter on.
      ctx.warn({
        code: "rows_incomplete",
        id: dataSourceId,
        message: `data source ${dataSourceId}: more rows created at ${lastTime} than one query returns; some rows may be missing`,
      });
      return;
    }
    seenAtFrom = lastTime === from ? new Set([...seenAtFrom, ...idsAtLast]) : idsAtLast;
    from = lastTime;
  }
}
