// Discovery: what search shows (pages and data sources) against what the walk from shared roots reaches.
import { isNotionApiError } from "../errors.ts";
import { type CrawlContext, paginate } from "./context.ts";

/** What search said about one object: enough to find its parent, nothing more (memory stays small). */
interface SearchEntry {
  object: "page" | "data_source";
  parentType: string;
  parentId: string;
  /** For a data source: its database, and that database's parent. */
  databaseId?: string;
  databaseParentType?: string;
  databaseParentId?: string;
}

/** What search showed of a page: its whole object, or (under a data source) its last_edited_time. */
export type SearchedPage =
  | { page: Record<string, any>; lastEditedTime?: undefined }
  | { page?: undefined; lastEditedTime: string };

/** An object search showed: a root (its parent is the workspace) or one the walk may reach too. */
export interface SearchHit {
  object: "page" | "database";
  id: string;
  root: boolean;
  /** A row or a template: search cannot tell which, so only its data source's crawl says. */
  underDataSource?: boolean;
}

/** A crawl target discovery hands to the walk. */
export type DiscoveredTarget =
  | { object: "page"; id: string; role?: "page" | "row" }
  | { object: "database"; id: string };

type Parent = { type?: string; [key: string]: unknown } | null | undefined;

function parentIdOf(parent: Parent): string {
  if (!parent?.type || parent.type === "workspace") return "";
  const value = parent[parent.type];
  return typeof value === "string" ? value : "";
}

/** Search results and walk reach of one crawl, compared at the end. */
export class Discovery {
  private readonly searched = new Map<string, SearchEntry>();
  private readonly reached = new Set<string>();
  private readonly attempted = new Set<string>();
  /**
   * Page objects search returned (as JSON text, compact), kept until the walk takes them, so a page
   * needs no pages.retrieve. Rows are left out: their data source's query returns them whole.
   */
  private readonly pages = new Map<string, string>();
  private searchEnded = false;

  /**
   * last_edited_time of the pages under a data source search showed (rows and templates): rows
   * arrive whole from their query, so only this is kept (20,000 rows' objects would weigh ~70 MB).
   */
  private readonly dataSourcePages = new Map<string, string>();

  /**
   * What search showed of page `id` (ask once `knows(id)`): the page object (dropped once taken),
   * or for a page under a data source only its last_edited_time; undefined when search did not show it.
   */
  takePage(id: string): SearchedPage | undefined {
    const text = this.pages.get(id);
    if (text !== undefined) {
      this.pages.delete(id);
      return { page: JSON.parse(text) as Record<string, any> };
    }
    const edited = this.dataSourcePages.get(id);
    return edited === undefined ? undefined : { lastEditedTime: edited };
  }

  /** Marks a page or data source as reached by the walk. */
  markReached(id: string): void {
    this.reached.add(id);
  }

  /**
   * Pages through search, data sources first (a database's rows, often most of the work, can then
   * be crawled while the pages are still being listed), then pages; `onShown` hears of every
   * object as it arrives, so the crawl never waits for search to end.
   */
  async search(ctx: CrawlContext, onShown: (hit: SearchHit) => void): Promise<void> {
    try {
      for (const value of ["data_source", "page"] as const) await this.searchOf(ctx, value, onShown);
    } finally {
      this.searchEnded = true;
    }
    ctx.count("searched", this.searched.size);
  }

  /** Whether search has shown `id`, or will show nothing more. */
  knows(id: string): boolean {
    return this.searchEnded || this.searched.has(id);
  }

  private async searchOf(
    ctx: CrawlContext,
    value: "page" | "data_source",
    onShown: (hit: SearchHit) => void,
  ): Promise<void> {
    await paginate(
      (cursor) =>
        ctx.call("search", {
          page_size: 100,
          filter: { property: "object", value },
          ...(cursor ? { start_cursor: cursor } : {}),
        }),
      (results) => {
        for (const r of results as Array<Record<string, any>>) {
          if (r.object !== value || this.searched.has(r.id)) continue;
          const entry: SearchEntry = {
            object: r.object,
            parentType: r.parent?.type ?? "",
            parentId: parentIdOf(r.parent),
          };
          if (r.object === "data_source") {
            entry.databaseId = entry.parentId;
            entry.databaseParentType = r.database_parent?.type ?? "";
            entry.databaseParentId = parentIdOf(r.database_parent);
          }
          this.searched.set(r.id, entry);
          if (r.object === "page" && entry.parentType !== "data_source_id") {
            this.pages.set(r.id, JSON.stringify(r));
          } else if (r.object === "page" && typeof r.last_edited_time === "string") {
            this.dataSourcePages.set(r.id, r.last_edited_time);
          }
          if (r.object === "page") {
            onShown({
              object: "page",
              id: r.id,
              root: entry.parentType === "workspace",
              underDataSource: entry.parentType === "data_source_id",
            });
          } else if (entry.databaseId) {
            onShown({
              object: "database",
              id: entry.databaseId,
              root: entry.databaseParentType === "workspace",
            });
          }
        }
      },
    );
  }

  /**
   * Searched objects the walk has not reached, topmost first: those whose parent is itself such an
   * object wait for a later round, since crawling the parent may reach them.
   */
  nextRound(): Array<{ id: string; entry: SearchEntry }> {
    const pending = [...this.searched].filter(([id]) => !this.reached.has(id) && !this.attempted.has(id));
    const pendingIds = new Set(pending.map(([id]) => id));
    const pendingDatabases = new Set(pending.map(([, e]) => e.databaseId).filter((d) => d !== undefined));
    const round = pending
      .filter(([, e]) => {
        const above = e.object === "page" ? e.parentId : (e.databaseParentId ?? "");
        if (pendingIds.has(above)) return false;
        // A row waits for its data source when that one is pending too.
        return (
          !(e.parentType === "data_source_id" && pendingIds.has(e.parentId)) && !pendingDatabases.has(above)
        );
      })
      .map(([id, entry]) => ({ id, entry }));
    for (const r of round) this.attempted.add(r.id);
    return round;
  }

  /**
   * Decides why a searched object was not reached and what to crawl for it: a parent not shared
   * with the integration (a legitimate root), or a parent that is readable but did not lead here.
   */
  async resolve(ctx: CrawlContext, id: string, entry: SearchEntry): Promise<DiscoveredTarget[]> {
    const row = entry.object === "page" && entry.parentType === "data_source_id";
    const targets: DiscoveredTarget[] = [];
    if (entry.object === "data_source") targets.push({ object: "database", id: entry.databaseId ?? "" });
    else targets.push({ object: "page", id, ...(row ? { role: "row" as const } : {}) });
    // A row of a data source the walk never reached: its whole database is captured too.
    if (row && !this.reached.has(entry.parentId)) {
      const ds = await ctx.call("dataSources.retrieve", { data_source_id: entry.parentId });
      if ("parent" in ds && ds.parent.type === "database_id") {
        targets.push({ object: "database", id: ds.parent.database_id });
      }
    }
    const parentType = entry.object === "data_source" ? entry.databaseParentType : entry.parentType;
    const parentId = entry.object === "data_source" ? entry.databaseParentId : entry.parentId;
    const shared = row ? true : await this.readable(ctx, parentType ?? "", parentId ?? "");
    if (!shared) {
      ctx.warn({
        code: "parent_not_shared",
        id,
        message: `${entry.object} ${id} is shared but its parent ${parentId} is not: captured as a root`,
      });
    } else {
      ctx.warn({
        code: "search_only",
        id,
        message: `${entry.object} ${id} was found by search but not reached from any shared root: captured on its own`,
      });
    }
    return targets;
  }

  /** Objects the walk reached that search did not show (search is not exhaustive). */
  walkOnly(): string[] {
    return [...this.reached].filter((id) => !this.searched.has(id));
  }

  private async readable(ctx: CrawlContext, type: string, id: string): Promise<boolean> {
    if (!id) return type !== "workspace";
    try {
      if (type === "page_id") await ctx.call("pages.retrieve", { page_id: id });
      else if (type === "block_id") await ctx.call("blocks.retrieve", { block_id: id });
      else if (type === "database_id") await ctx.call("databases.retrieve", { database_id: id });
      else if (type === "data_source_id") await ctx.call("dataSources.retrieve", { data_source_id: id });
      return true;
    } catch (err) {
      if (isNotionApiError(err, "object_not_found")) return false;
      throw err;
    }
  }
}
