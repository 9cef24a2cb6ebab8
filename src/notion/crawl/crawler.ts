// crawlWorkspace: everything an integration can see, streamed as records, with a report at the end.
import { setMaxListeners } from "node:events";
import PQueue from "p-queue";
import type { NotionClient } from "../client.ts";
import type { NotionRecord } from "../model.ts";
import { fetchTree, SyncedBlocks, type TreeVisitor } from "./blocks.ts";
import { Channel } from "./channel.ts";
import { CrawlContext, type CrawlEvent, type CrawlOptions, resolveOptions } from "./context.ts";
import { crawlDatabase, type DatabaseSinks, queryAllRows } from "./database.ts";
import { type DiscoveredTarget, Discovery, type SearchHit } from "./discovery.ts";
import { MediaFetcher } from "./media.ts";
import { crawlPage, type PageSinks, type PageTarget } from "./page.ts";
import { UserTracker } from "./users.ts";

export type { CrawlEvent, CrawlOptions, PreviousPage, PreviousQuery } from "./context.ts";

/**
 * Crawls everything the client's integration can see and yields it record by record (pages, rows,
 * block trees, databases, data sources, templates, views, comments, users, files), ending with a
 * `report` record. Records stream out as they are read, so memory stays bounded; breaking out of
 * the loop stops the crawl. Fatal errors (bad token, Notion down past the retry budget) are thrown
 * from the iteration; objects that vanish or are not shared become warnings in the report.
 */
export async function* crawlWorkspace(
  client: NotionClient,
  opts: CrawlOptions = {},
  onEvent?: (event: CrawlEvent) => void,
): AsyncGenerator<NotionRecord> {
  const resolved = resolveOptions(opts);
  const controller = new AbortController();
  const signal = opts.signal ? AbortSignal.any([controller.signal, opts.signal]) : controller.signal;
  // Every call in flight listens on it; hundreds at once are expected, not a leak.
  setMaxListeners(0, signal);
  const channel = new Channel<NotionRecord>(resolved.bufferSize);
  const ctx = new CrawlContext(client, resolved, channel, signal, onEvent);
  const crawl = new Crawl(ctx, controller);
  const run = crawl
    .run()
    .then(async (report) => {
      await channel.push({ kind: "report", report });
      channel.close();
    })
    .catch((err: unknown) => channel.fail(err));
  let finished = false;
  try {
    yield* channel;
    finished = true;
  } finally {
    if (!finished) {
      controller.abort(new Error("crawl stopped by its consumer"));
      channel.close();
    }
    await run;
    await crawl.closeSpool();
  }
}

/** One crawl's scheduling: page and database tasks in a pool, row enumerations beside it. */
class Crawl {
  private readonly users = new UserTracker();
  private readonly media: MediaFetcher;
  private readonly synced = new SyncedBlocks();
  private readonly discovery = new Discovery();
  private readonly pool: PQueue;
  private readonly background = new Set<Promise<void>>();
  private readonly visited = new Set<string>();
  /** Pages the walk found before search showed them: they wait here, holding no pool slot. */
  private readonly deferred = new Map<string, PageTarget>();
  /** Databases the walk reached, and the data sources of every database crawled. */
  private readonly walkedDatabases = new Set<string>();
  private readonly dataSourcesOf = new Map<string, string[]>();
  private fatal: { err: unknown } | undefined;
  private readonly pageSinks: PageSinks;
  private readonly databaseSinks: DatabaseSinks;

  constructor(
    private readonly ctx: CrawlContext,
    private readonly controller: AbortController,
  ) {
    this.media = new MediaFetcher(ctx);
    this.pool = new PQueue({ concurrency: ctx.opts.concurrency });
    const common = { users: this.users, media: this.media };
    this.pageSinks = {
      ...common,
      synced: this.synced,
      searchedPage: (id) => this.discovery.takePage(id),
      onChildPage: (id) => this.schedulePage({ id, role: "page" }),
      onChildDatabase: (id) => this.scheduleDatabase(id),
    };
    this.databaseSinks = {
      ...common,
      onTemplatePage: (id) => this.schedulePage({ id, role: "template" }),
      onDataSource: (id, databaseId) => {
        const known = this.dataSourcesOf.get(databaseId) ?? [];
        known.push(id);
        this.dataSourcesOf.set(databaseId, known);
        if (this.walkedDatabases.has(databaseId)) this.discovery.markReached(id);
      },
      onDataSourceRows: (id) => this.track(this.enumerateRows(id)),
    };
  }

  /** The whole crawl; on a fatal error every task is stopped and drained before it is rethrown. */
  async run() {
    try {
      return await this.steps();
    } catch (err) {
      this.fail(err);
      await this.drain();
      throw this.fatal?.err ?? err;
    } finally {
      // Files still spooled were never handed over (records read by the consumer hold theirs).
      if (this.fatal) await this.media.close();
    }
  }

  /** Removes the spool folder once the consumer has read every record. */
  closeSpool(): Promise<void> {
    return this.media.close();
  }

  private async steps() {
    const { ctx } = this;
    ctx.event({ type: "phase", phase: "users" });
    await this.users.listAll(ctx);
    ctx.event({ type: "phase", phase: "search" });
    // Crawling starts with the first search results, so the budget is used while search goes on.
    await this.discovery.search(ctx, (hit) => this.onSearchHit(hit));
    for (const target of this.deferred.values()) this.schedulePage(target, false);
    this.deferred.clear();
    ctx.event({ type: "phase", phase: "walk" });
    await this.settle();

    ctx.event({ type: "phase", phase: "search-only" });
    for (let round = this.discovery.nextRound(); round.length > 0; round = this.discovery.nextRound()) {
      for (const { id, entry } of round) {
        this.runTask(async () => {
          const targets = await ctx.tolerant(id, entry.object, () => this.discovery.resolve(ctx, id, entry));
          for (const target of targets ?? []) this.scheduleTarget(target);
        });
      }
      await this.settle();
    }
    for (const id of this.discovery.walkOnly()) {
      ctx.warn({
        code: "walk_only",
        id,
        message: `${id} was reached from a shared root but search did not show it`,
      });
    }

    ctx.event({ type: "phase", phase: "synced" });
    await this.captureUnreachedSynced();
    ctx.event({ type: "phase", phase: "referenced-users" });
    await this.users.retrieveMissing(ctx);
    for (const [kind, n] of Object.entries(ctx.report.unsupportedBlocks)) {
      ctx.warn({
        code: "unsupported_block",
        message: `${n} unsupported block(s) of type "${kind}" kept as the API returned them`,
      });
    }
    return ctx.finish();
  }

  /**
   * Roots are walked from; other objects search shows are crawled at once too, not marked as
   * reached (the walk still has to reach them for the end-of-crawl comparison). Pages under a data
   * source wait for their data source's crawl, which alone tells a row from a template.
   */
  private onSearchHit(hit: SearchHit): void {
    const deferred = this.deferred.get(hit.id);
    if (deferred) {
      this.deferred.delete(hit.id);
      this.schedulePage(deferred, false);
    } else if (hit.root) this.scheduleTarget(hit);
    else if (hit.object === "database") this.scheduleDatabase(hit.id, false);
    else if (!hit.underDataSource) this.schedulePage({ id: hit.id, role: "page" }, false);
  }

  private scheduleTarget(t: DiscoveredTarget): void {
    if (t.object === "page") this.schedulePage({ id: t.id, role: t.role ?? "page" });
    else this.scheduleDatabase(t.id);
  }

  /** Crawls a page once; `walked` says the walk (not search alone) led to it. */
  private schedulePage(target: PageTarget, walked = true): void {
    if (walked) this.discovery.markReached(target.id);
    if (this.visited.has(target.id)) return;
    // Search may still show it whole (sparing a pages.retrieve): wait for that without a slot.
    if (!target.page && !this.discovery.knows(target.id)) {
      if (!this.deferred.has(target.id)) this.deferred.set(target.id, target);
      return;
    }
    this.visited.add(target.id);
    this.runTask(() => crawlPage(this.ctx, this.pageSinks, target));
  }

  /** Crawls a database once; `walked` says the walk (not search alone) led to it. */
  private scheduleDatabase(id: string, walked = true): void {
    if (walked && !this.walkedDatabases.has(id)) {
      this.walkedDatabases.add(id);
      for (const ds of this.dataSourcesOf.get(id) ?? []) this.discovery.markReached(ds);
    }
    if (this.visited.has(id)) return;
    this.visited.add(id);
    this.runTask(() => crawlDatabase(this.ctx, this.databaseSinks, id));
  }

  private runTask(fn: () => Promise<void>): void {
    this.pool.add(() => fn().catch((err) => this.fail(err))).catch(() => {});
  }

  private track(p: Promise<void>): void {
    const tracked: Promise<void> = p
      .catch((err) => this.fail(err))
      .finally(() => this.background.delete(tracked));
    this.background.add(tracked);
  }

  private fail(err: unknown): void {
    if (this.fatal) return;
    this.fatal = { err };
    this.controller.abort(err);
  }

  /** Queues each row as a page task; waits while the pool is full so rows are not all held at once. */
  private async enumerateRows(dataSourceId: string): Promise<void> {
    await this.ctx.tolerant(dataSourceId, "rows of data source", async () => {
      for await (const row of queryAllRows(this.ctx, dataSourceId)) {
        await this.pool.onSizeLessThan(this.ctx.opts.concurrency * 2);
        this.schedulePage({ id: row.id, role: "row", page: row });
      }
    });
  }

  /** Waits until no task runs or waits and no enumeration goes on; rethrows a fatal error. */
  private async settle(): Promise<void> {
    await this.drain();
    if (this.fatal) throw this.fatal.err;
  }

  private async drain(): Promise<void> {
    for (;;) {
      await this.pool.onIdle();
      if (this.background.size === 0 && this.pool.size === 0 && this.pool.pending === 0) return;
      await Promise.all(this.background);
    }
  }

  /** Synced originals that no crawled page holds: their content read once through a reference. */
  private async captureUnreachedSynced(): Promise<void> {
    const done = new Set<string>();
    for (;;) {
      const todo = this.synced.unreached().filter((s) => !done.has(s.originalId));
      if (todo.length === 0) return;
      for (const { originalId, referenceId } of todo) {
        done.add(originalId);
        this.runTask(async () => {
          const downloads: Array<Promise<void>> = [];
          const visitor: TreeVisitor = {
            onBlock: (block) => {
              this.users.note(block);
              const d = this.media.capture(block, { object: "block", id: block.id });
              d.catch(() => {}); // awaited below
              downloads.push(d);
            },
            onChildPage: this.pageSinks.onChildPage,
            onChildDatabase: this.pageSinks.onChildDatabase,
          };
          const blocks = await this.ctx.tolerant(referenceId, "synced block", () =>
            fetchTree(this.ctx, referenceId, visitor, this.synced),
          );
          if (blocks)
            await this.ctx.emit({ kind: "synced-content", originalId, viaReferenceId: referenceId, blocks });
          await Promise.all(downloads);
        });
      }
      await this.settle();
    }
  }
}
