// What every part of one crawl shares: the client, the options, the record channel, counters and warnings.
import type { NotionClient } from "../client.ts";
import type { EndpointArgs, EndpointName, EndpointResult } from "../endpoints.ts";
import { isNotionApiError, type NotionErrorCode } from "../errors.ts";
import type { BlockNode, CrawlReport, CrawlWarning, NotionRecord } from "../model.ts";
import type { Channel } from "./channel.ts";
import type { JournalEntry } from "./journal.ts";

/** Which comments a crawl reads: page-level and inline ("all"), page-level only, or none. */
export type CommentsMode = "all" | "pages" | "none";

/** What `previous` is asked about: a page or row as just read. */
export interface PreviousQuery {
  id: string;
  object: "page";
  last_edited_time: string;
}

/** What a previous snapshot knows of an unchanged page, so its block tree need not be listed again. */
export interface PreviousPage {
  /** Child pages and databases its block tree held, so the walk goes on below it. */
  childPages: string[];
  childDatabases: string[];
  /** Ids of its blocks, so inline comments can still be listed (comments "all"). */
  blockIds?: string[];
  /** Its comments are taken from the previous capture too (not due for listing again). */
  reuseComments?: boolean;
  /** Its block tree as captured (users it references are noted). */
  blocks?: BlockNode[];
  /** Set when the capture is an interrupted run's, from its journal. */
  journal?: JournalEntry;
}

/** What a captured block tree tells the crawl: child pages and databases to walk on, block ids for comments. */
export function previousPageFrom(blocks: BlockNode[]): PreviousPage {
  const found: PreviousPage = { childPages: [], childDatabases: [], blockIds: [], blocks };
  const walk = (nodes: BlockNode[]) => {
    for (const n of nodes) {
      const type = "type" in n.block ? n.block.type : undefined;
      if (type === "child_page") found.childPages.push(n.block.id);
      else if (type === "child_database") found.childDatabases.push(n.block.id);
      else found.blockIds!.push(n.block.id);
      walk(n.children);
    }
  };
  walk(blocks);
  return found;
}

/** A progress event; the core never prints, the CLI renders these. */
export type CrawlEvent =
  | { type: "record"; kind: string; id?: string }
  | { type: "warning"; warning: CrawlWarning }
  | { type: "phase"; phase: "users" | "search" | "walk" | "search-only" | "synced" | "referenced-users" };

/** Options of crawlWorkspace. */
export interface CrawlOptions {
  /** Comments to read (default "all": page-level and one listing per block). */
  comments?: CommentsMode;
  /** Download external file links too (default false); never from private or loopback addresses. */
  externalFiles?: boolean;
  /** Download Notion-hosted files (default true). */
  media?: boolean;
  /** Largest external file downloaded, in bytes (default 100 MiB). */
  externalMaxBytes?: number;
  /** Pages and databases crawled at once (default 16); the client's limiter keeps the request rate. */
  concurrency?: number;
  /** Records buffered ahead of the consumer (default 64). */
  bufferSize?: number;
  /**
   * Incremental backups: answers a PreviousPage when the page is unchanged since the previous
   * snapshot (the caller applies its own safety margin), and its block tree is then not fetched.
   */
  previous?: (obj: PreviousQuery) => PreviousPage | undefined | Promise<PreviousPage | undefined>;
  /**
   * Incremental backups: the page object as the previous snapshot holds it, when its
   * last_edited_time is the same (and past the safety margin); saves a pages.retrieve.
   */
  previousObject?: (obj: PreviousQuery) => Promise<Record<string, unknown> | undefined>;
  /** Stops the crawl. */
  signal?: AbortSignal;
}

/** Options with defaults applied. */
export interface ResolvedOptions {
  comments: CommentsMode;
  externalFiles: boolean;
  media: boolean;
  externalMaxBytes: number;
  concurrency: number;
  bufferSize: number;
  previous: CrawlOptions["previous"];
  previousObject: CrawlOptions["previousObject"];
}

/** Applies the defaults of CrawlOptions. */
export function resolveOptions(opts: CrawlOptions): ResolvedOptions {
  return {
    comments: opts.comments ?? "all",
    externalFiles: opts.externalFiles ?? false,
    media: opts.media ?? true,
    externalMaxBytes: opts.externalMaxBytes ?? 100 * 1024 * 1024,
    concurrency: Math.max(1, opts.concurrency ?? 16),
    bufferSize: Math.max(1, opts.bufferSize ?? 64),
    previous: opts.previous,
    previousObject: opts.previousObject,
  };
}

/** The shared state of one crawl. */
export class CrawlContext {
  readonly report: CrawlReport;
  private readonly started = Date.now();

  constructor(
    readonly client: NotionClient,
    readonly opts: ResolvedOptions,
    private readonly channel: Channel<NotionRecord>,
    readonly signal: AbortSignal,
    private readonly onEvent: ((event: CrawlEvent) => void) | undefined,
  ) {
    this.report = {
      startedAt: new Date(this.started).toISOString(),
      finishedAt: "",
      durationMs: 0,
      counts: {},
      unsupportedBlocks: {},
      refreshedFileUrls: 0,
      downloadedFiles: 0,
      downloadedBytes: 0,
      externalFiles: 0,
      reusedPages: 0,
      reusedComments: 0,
      warnings: [],
      requests: client.stats(),
    };
  }

  /** One API call under the crawl's signal. */
  async call<K extends EndpointName>(name: K, args: EndpointArgs<K>): Promise<EndpointResult<K>> {
    const result = await this.client.call(name, args, { signal: this.signal });
    // The answer's request_id is about the request, not the object; kept, it would make every
    // capture of an unchanged object differ.
    if (result && typeof result === "object" && "request_id" in result) {
      delete (result as { request_id?: unknown }).request_id;
    }
    return result;
  }

  /** Hands a record to the consumer (waits while it lags behind) and counts it under `countAs`. */
  async emit(record: NotionRecord, countAs: string = record.kind, n = 1): Promise<void> {
    // n = 0: a marker (page-done), neither counted nor shown as an object.
    if (n > 0) {
      this.count(countAs, n);
      this.event({ type: "record", kind: countAs, ...("id" in record ? { id: String(record.id) } : {}) });
    }
    await this.channel.push(record);
  }

  /** Adds to the report's count of an object type. */
  count(kind: string, n = 1): void {
    this.report.counts[kind] = (this.report.counts[kind] ?? 0) + n;
  }

  /** Records a warning in the report and tells the listener. */
  warn(warning: CrawlWarning): void {
    this.report.warnings.push(warning);
    this.event({ type: "warning", warning });
  }

  /** Tells the listener; a throwing listener must not break the crawl. */
  event(event: CrawlEvent): void {
    try {
      this.onEvent?.(event);
    } catch {
      // the listener's problem, not the crawl's
    }
  }

  /**
   * Runs `fn`; an object that vanished or is not shared becomes a warning, and so do the `also`
   * codes (for optional parts such as views); anything else propagates.
   */
  async tolerant<T>(
    id: string,
    what: string,
    fn: () => Promise<T>,
    also: NotionErrorCode[] = [],
  ): Promise<T | undefined> {
    try {
      return await fn();
    } catch (err) {
      if (isNotionApiError(err) && (err.code === "object_not_found" || also.includes(err.code))) {
        this.warn({ code: "not_found", id, message: `${what} ${id} could not be read: ${err.message}` });
        return undefined;
      }
      throw err;
    }
  }

  /** Completes the report's timings. */
  finish(): CrawlReport {
    const end = Date.now();
    this.report.finishedAt = new Date(end).toISOString();
    this.report.durationMs = end - this.started;
    this.report.requests = this.client.stats();
    return this.report;
  }
}

/** Follows a cursor-paginated list endpoint to its end, handing each page of results to `onPage`. */
export async function paginate<R>(
  fetchPage: (
    cursor: string | undefined,
  ) => Promise<{ results: R[]; has_more: boolean; next_cursor: string | null }>,
  onPage: (results: R[]) => Promise<void> | void,
): Promise<void> {
  let cursor: string | undefined;
  for (;;) {
    const page = await fetchPage(cursor);
    await onPage(page.results);
    if (!page.has_more || !page.next_cursor) return;
    cursor = page.next_cursor;
  }
}
