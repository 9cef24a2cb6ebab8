// The one gateway to the Notion API: every call goes through one limiter, one retry policy and one set of counters.
import { AsyncLocalStorage } from "node:async_hooks";
import { Client, LogLevel } from "@notionhq/client";
import {
  ENDPOINTS,
  type EndpointArgs,
  type EndpointName,
  type EndpointResult,
  sdkMethod,
} from "./endpoints.ts";
import { classifyDownloadError, describeFileUrl, fetchFileOnce, fetchFileToSpool } from "./file-download.ts";
import type { FileSpool, SpooledFile } from "./file-spool.ts";
import { Limiter } from "./limiter.ts";
import { type ClientStats, RequestStats } from "./request-stats.ts";
import { type BackoffOptions, classifyError, DEFAULT_BACKOFF } from "./retry.ts";
import { type ClientEvent, withRetries } from "./with-retries.ts";

export type { EndpointArgs, EndpointName, EndpointResult } from "./endpoints.ts";
export type { NotionErrorCode } from "./errors.ts";
export { isNotionApiError, NotionApiError } from "./errors.ts";
export type { ClientStats } from "./request-stats.ts";
export type { ClientEvent } from "./with-retries.ts";

/** Notion's public API. */
export const DEFAULT_NOTION_BASE_URL = "https://api.notion.com";

/** Options of createNotionClient. */
export interface NotionClientOptions {
  /** Integration token; it never appears in an error, an event or stats. */
  token: string;
  /** API base URL (default: NOTION_BASE_URL, else https://api.notion.com). */
  baseUrl?: string;
  /** Average requests per second the client keeps to (default 3, Notion's documented budget). */
  ratePerSecond?: number;
  /** Requests that may start at once after a quiet spell (default: the rate, at least 1). */
  burst?: number;
  /** Requests running or waiting for a token at once (default: enough to use the budget fully). */
  concurrency?: number;
  /** Hosted-file downloads at once (default 4); they do not use the API budget. */
  downloadConcurrency?: number;
  /** How long one call keeps retrying after its first failure before giving up (default 10 min). */
  maxRetryTimeMs?: number;
  /** Time limit of one HTTP request, answer body included (default 60 s). */
  timeoutMs?: number;
  /** Time limit of one file download (default 10 min). */
  downloadTimeoutMs?: number;
  /** Backoff between retries when the server gives no Retry-After. */
  backoff?: Partial<BackoffOptions>;
  /** Cancels every pending and future call. */
  signal?: AbortSignal;
  /** Told about retries and pauses, for progress display. */
  onEvent?: (event: ClientEvent) => void;
}

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** The typed facade over @notionhq/client that the rest of notion-vault uses. */
export interface NotionClient {
  /** Calls one endpoint, e.g. `call("blocks.children.list", { block_id })`, with the SDK's types. */
  call<K extends EndpointName>(
    name: K,
    args: EndpointArgs<K>,
    opts?: CallOptions,
  ): Promise<EndpointResult<K>>;
  /**
   * Downloads a Notion-hosted file's signed URL (no token is sent). Retried like API calls but
   * outside the API budget; an expired URL fails at once with `file_url_expired`, so the caller
   * re-reads the block or page for a fresh URL.
   */
  downloadFile(url: string, opts?: CallOptions): Promise<Uint8Array>;
  /**
   * Like downloadFile, but streams the body into `spool` (memory for small files, an owner-only
   * temp file for large ones), so a 1 GB video is never held in memory. Optional for wrappers.
   */
  downloadFileToSpool?(url: string, spool: FileSpool, opts?: CallOptions): Promise<SpooledFile>;
  /** What the calls so far cost. */
  stats(): ClientStats;
  /** The API base URL in use. */
  readonly baseUrl: string;
}

interface AttemptScope {
  endpoint: string;
  signal: AbortSignal | undefined;
}

/** Builds the gateway; no connection opens until the first call. */
export function createNotionClient(opts: NotionClientOptions): NotionClient {
  const baseUrl = (opts.baseUrl ?? process.env.NOTION_BASE_URL ?? DEFAULT_NOTION_BASE_URL).replace(
    /\/+$/,
    "",
  );
  const rate = opts.ratePerSecond ?? 3;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const downloadTimeoutMs = opts.downloadTimeoutMs ?? 600_000;
  const maxRetryTimeMs = opts.maxRetryTimeMs ?? 600_000;
  const backoff: BackoffOptions = { ...DEFAULT_BACKOFF, ...opts.backoff };
  const stats = new RequestStats();
  const scope = new AsyncLocalStorage<AttemptScope>();
  const emit = (event: ClientEvent) => opts.onEvent?.(event);
  const limiter = new Limiter({
    ratePerSecond: rate,
    burst: opts.burst ?? Math.max(1, Math.floor(rate)),
    // Slots also hold calls waiting for a token; about three seconds' worth keeps the budget busy.
    concurrency: opts.concurrency ?? Math.max(8, Math.ceil(rate * 3)),
    onWait: (ms) => stats.limiterWait(ms),
  });
  const downloads = new Limiter({
    ratePerSecond: Number.POSITIVE_INFINITY,
    burst: 1,
    concurrency: opts.downloadConcurrency ?? 4,
  });

  // Every HTTP request of the SDK passes here: counted, and bounded by our timeout and signals.
  const gatewayFetch = (url: string, init?: object) => {
    const current = scope.getStore();
    stats.request(current?.endpoint ?? "unknown");
    const signals = [AbortSignal.timeout(timeoutMs)];
    if (current?.signal) signals.push(current.signal);
    return fetch(url, { ...(init as RequestInit), signal: AbortSignal.any(signals) });
  };
  const sdk = new Client({
    auth: opts.token,
    baseUrl,
    retry: false,
    logLevel: LogLevel.ERROR,
    logger: () => {},
    // Ours fires first and also covers the body; the SDK's is a backstop.
    timeoutMs: timeoutMs + 5_000,
    fetch: gatewayFetch,
  });

  const runner = { limiter, stats, emit, backoff, maxRetryTimeMs, secret: opts.token };

  // Downloads share one retry policy and their own limiter (signed URLs do not use the API budget).
  const download = <T>(
    url: string,
    callOpts: CallOptions | undefined,
    fetchOnce: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> => {
    const signal = joinSignals(opts.signal, callOpts?.signal);
    return withRetries(
      { ...runner, limiter: downloads },
      {
        endpoint: "files.download",
        label: `files.download of ${describeFileUrl(url)}`,
        replaySafe: true,
        sharesBudget: false,
        signal,
        attempt: () => {
          stats.request("files.download");
          return fetchOnce(joinSignals(AbortSignal.timeout(downloadTimeoutMs), signal)!);
        },
        classify: classifyDownloadError,
      },
    );
  };

  return {
    baseUrl,
    async call(name, args, callOpts) {
      const signal = joinSignals(opts.signal, callOpts?.signal);
      const method = sdkMethod(sdk, name) as (a: unknown) => Promise<never>;
      return await withRetries(runner, {
        endpoint: name,
        label: name,
        replaySafe: ENDPOINTS[name] !== "add",
        sharesBudget: true,
        signal,
        attempt: () => scope.run({ endpoint: name, signal }, () => method(args)),
        classify: classifyError,
      });
    },
    downloadFile(url, callOpts) {
      return download(url, callOpts, (signal) => fetchFileOnce(url, signal));
    },
    downloadFileToSpool(url, spool, callOpts) {
      return download(url, callOpts, (signal) => fetchFileToSpool(url, spool, signal));
    },
    stats: () => stats.snapshot(),
  };
}

function joinSignals(...signals: Array<AbortSignal | undefined>): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}
