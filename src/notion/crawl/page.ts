// Pages and rows: the page object with every truncated property value completed, then its blocks, comments and media.
import type { PageObjectResponse } from "@notionhq/client";
import type { BlockNode, PageRole } from "../model.ts";
import { countBlocks, fetchTree, type SyncedBlocks, type TreeVisitor } from "./blocks.ts";
import { crawlPageComments } from "./comments.ts";
import type { CrawlContext } from "./context.ts";
import type { SearchedPage } from "./discovery.ts";
import type { MediaFetcher } from "./media.ts";
import type { UserTracker } from "./users.ts";

/** pages.retrieve cuts reference-valued properties at this many references. */
export const REFERENCE_LIMIT = 25;

const MENTION_REFS = new Set(["page", "database", "user"]);

type Json = Record<string, any>;

/** Whether a property value may have been cut at 25 references (has_more, or exactly at the limit). */
export function isTruncated(prop: Json): boolean {
  const value = prop[prop.type];
  switch (prop.type) {
    case "relation":
      return prop.has_more === true || (Array.isArray(value) && value.length >= REFERENCE_LIMIT);
    case "people":
      return Array.isArray(value) && value.length >= REFERENCE_LIMIT;
    case "title":
    case "rich_text":
      return (
        Array.isArray(value) &&
        value.filter((r: Json) => r.type === "mention" && MENTION_REFS.has(r.mention?.type)).length >=
          REFERENCE_LIMIT
      );
    case "rollup":
      return value?.type === "array" && Array.isArray(value.array) && value.array.length >= REFERENCE_LIMIT;
    default:
      return false;
  }
}

/** Reads a property's complete value through pages.properties.retrieve, page by page. */
async function completeProperty(ctx: CrawlContext, pageId: string, prop: Json): Promise<Json> {
  const items: Json[] = [];
  let summary: Json | undefined;
  let cursor: string | undefined;
  for (;;) {
    const res = (await ctx.call("pages.properties.retrieve", {
      page_id: pageId,
      property_id: prop.id,
      page_size: 100,
      ...(cursor ? { start_cursor: cursor } : {}),
    })) as Json;
    // Simple types answer one item; they are never truncated, so keep the value we have.
    if (res.object !== "list") return prop;
    items.push(...(res.results as Json[]));
    summary ??= res.property_item as Json;
    if (!res.has_more || !res.next_cursor) break;
    cursor = res.next_cursor;
  }
  const type: string = prop.type;
  if (type === "rollup") {
    const array = items.map(({ object: _o, id: _i, ...rest }) => rest);
    return { ...prop, rollup: { ...prop.rollup, ...(summary?.rollup ?? {}), type: "array", array } };
  }
  const value = items.map((item) => item[type]);
  return type === "relation" ? { ...prop, relation: value, has_more: false } : { ...prop, [type]: value };
}

/** Replaces every truncated property value of `page` by its complete value (in place). */
export async function completeProperties(ctx: CrawlContext, page: PageObjectResponse): Promise<void> {
  const props = page.properties as Record<string, Json>;
  await Promise.all(
    Object.entries(props).map(async ([name, prop]) => {
      if (isTruncated(prop)) props[name] = await completeProperty(ctx, page.id, prop);
    }),
  );
}

/** The crawl-wide helpers a page needs. */
export interface PageSinks {
  users: UserTracker;
  media: MediaFetcher;
  synced: SyncedBlocks;
  /** What search showed of the page, if anything (then pages.retrieve may not be needed). */
  searchedPage?(id: string): SearchedPage | undefined;
  /** A child page or database found inside this page: crawl it too. */
  onChildPage(id: string): void;
  onChildDatabase(id: string): void;
}

/** One page to crawl: by id, or with its object already read (a row from a query). */
export interface PageTarget {
  id: string;
  role: PageRole;
  page?: PageObjectResponse;
}

/**
 * The page object without asking Notion: as search returned it, or, for a page search shows under
 * a data source (a template) with the same last_edited_time as in the previous snapshot, from there.
 */
async function knownPage(
  ctx: CrawlContext,
  sinks: PageSinks,
  id: string,
): Promise<PageObjectResponse | undefined> {
  const searched = sinks.searchedPage?.(id);
  if (searched?.page) return searched.page as PageObjectResponse;
  if (!searched?.lastEditedTime || !ctx.opts.previousObject) return undefined;
  const page = await ctx.opts.previousObject({
    id,
    object: "page",
    last_edited_time: searched.lastEditedTime,
  });
  return page as PageObjectResponse | undefined;
}

/** Crawls one page: the page record, then its block tree (or reuse), comments and media. */
export async function crawlPage(ctx: CrawlContext, sinks: PageSinks, target: PageTarget): Promise<void> {
  const page =
    target.page ??
    (await knownPage(ctx, sinks, target.id)) ??
    (await ctx.tolerant(
      target.id,
      "page",
      async () => (await ctx.call("pages.retrieve", { page_id: target.id })) as PageObjectResponse,
    ));
  // Notion still serves trashed pages by id; one named by a stale child list is gone, not content.
  if (!page || page.in_trash) return;
  await completeProperties(ctx, page);
  sinks.users.note(page);
  // "template" counts the templates listed; their pages are counted apart.
  const countAs = target.role === "template" ? "template_page" : target.role;
  await ctx.emit({ kind: "page", role: target.role, id: page.id, page }, countAs);
  const previous = await ctx.opts.previous?.({
    id: page.id,
    object: "page",
    last_edited_time: page.last_edited_time,
  });
  if (previous) {
    // Unchanged since the previous snapshot: its files (cover, icon, files properties) are there too.
    ctx.report.reusedPages++;
    const comments = previous.reuseComments === true && ctx.opts.comments !== "none";
    await ctx.emit({
      kind: "blocks-reused",
      pageId: page.id,
      last_edited_time: page.last_edited_time,
      ...(comments ? { comments } : {}),
      ...(previous.journal ? { journal: previous.journal } : {}),
    });
    noteUsers(sinks.users, previous.blocks ?? []);
    for (const id of previous.childPages) sinks.onChildPage(id);
    for (const id of previous.childDatabases) sinks.onChildDatabase(id);
    if (previous.journal) ctx.report.resumedPages = (ctx.report.resumedPages ?? 0) + 1;
    else if (comments) ctx.report.reusedComments = (ctx.report.reusedComments ?? 0) + 1;
    else await crawlPageComments(ctx, sinks, page.id, previous.blockIds ?? []);
    await ctx.emit({ kind: "page-done", pageId: page.id }, "page-done", 0);
    return;
  }

  await sinks.media.capture(page, { object: "page", id: page.id });
  const commentable: string[] = [];
  const owned: Array<Promise<void>> = [];
  const visitor: TreeVisitor = {
    onBlock: (block) => {
      sinks.users.note(block);
      if ("type" in block && block.type !== "child_page" && block.type !== "child_database") {
        commentable.push(block.id);
      }
      // Downloaded as soon as listed, while the signed URLs are fresh.
      const download = sinks.media.capture(block, { object: "block", id: block.id });
      download.catch(() => {}); // awaited below; this only keeps an abort from going unhandled meanwhile
      owned.push(download);
    },
    onChildPage: sinks.onChildPage,
    onChildDatabase: sinks.onChildDatabase,
  };
  const blocks: BlockNode[] =
    (await ctx.tolerant(page.id, "block children of page", () =>
      fetchTree(ctx, page.id, visitor, sinks.synced),
    )) ?? [];
  await ctx.emit({ kind: "blocks", pageId: page.id, blocks }, "blocks");
  ctx.count("block", countBlocks(blocks));
  await Promise.all(owned);
  await crawlPageComments(ctx, sinks, page.id, commentable);
  await ctx.emit({ kind: "page-done", pageId: page.id }, "page-done", 0);
}

/** Notes the users a reused block tree references (so users.json stays complete). */
function noteUsers(users: UserTracker, nodes: BlockNode[]): void {
  for (const n of nodes) {
    users.note(n.block);
    noteUsers(users, n.children);
  }
}
