// The Notion mode of `nvault backup`: token and API settings from the options, then backupNotion, then the report.
import { readFile } from "node:fs/promises";
import { setFlagsFromString } from "node:v8";
import { backupNotion, type NotionBackupResult } from "../notion/backup.ts";
import { createNotionClient } from "../notion/client.ts";
import { parseRefreshPeriod } from "../notion/crawl/comments-refresh.ts";
import type { CommentsMode } from "../notion/crawl/context.ts";
import type { Repository } from "../store/repository.ts";
import { notionProgress } from "./backup-progress.ts";
import { backupResultJson, formatBackupReport } from "./notion-report.ts";
import { printResult } from "./output.ts";
import { type StoreCliOptions, usageError, withStore } from "./store-options.ts";

/** Options of the Notion mode. */
export interface NotionCliOptions extends StoreCliOptions {
  tokenFile?: string;
  rate?: string;
  comments?: string;
  commentsRefresh?: string;
  externalFiles?: boolean;
  full?: boolean;
  tag?: string[];
  host?: string;
}

/** The integration token: --token-file, else NOTION_TOKEN. Never printed. */
export async function readToken(file: string | undefined): Promise<string> {
  if (file) {
    const text = await readFile(file, "utf8").catch(() => {
      throw usageError(`cannot read the token file ${file}`);
    });
    return text.trim();
  }
  const env = process.env.NOTION_TOKEN?.trim();
  if (!env) throw usageError("no Notion token: set NOTION_TOKEN or pass --token-file FILE (or --source DIR)");
  return env;
}

function commentsMode(value: string | undefined): CommentsMode {
  const v = value ?? "all";
  if (v === "all" || v === "pages" || v === "none") return v;
  throw usageError(`--comments must be all, pages or none, not ${JSON.stringify(v)}`);
}

function refreshOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseRefreshPeriod(value);
  if (ms === undefined) {
    throw usageError(`--comments-refresh must be a period such as 7d, 12h or 30m, 0, or never`);
  }
  return ms;
}

/** NVAULT_JOURNAL_SECONDS: how often the resume journal is written (default 30). */
function checkpointOption(value: string | undefined): number | undefined {
  const n = Number(value);
  return value !== undefined && value !== "" && Number.isFinite(n) && n >= 0 ? n * 1000 : undefined;
}

function rateOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw usageError(`--rate must be a positive number of requests per second`);
  return n;
}

/** Backs up into an open store with progress on stderr; shared by `backup` and `demo`. */
export async function runNotionBackup(
  repo: Repository,
  opts: NotionCliOptions & { token: string; baseUrl?: string },
  signal: AbortSignal,
): Promise<NotionBackupResult> {
  const client = createNotionClient({
    token: opts.token,
    baseUrl: opts.baseUrl ?? process.env.NOTION_BASE_URL,
    ratePerSecond: rateOption(opts.rate),
    signal,
  });
  // A backup's live data is small but it churns through API answers: V8's default heap growth kept
  // ~2x the memory (667 MB peak RSS for 10,000 pages). Favouring size costs some CPU, which a crawl
  // held to a few requests per second has to spare.
  if (process.env.NVAULT_OPTIMIZE_FOR_SIZE !== "0") setFlagsFromString("--optimize-for-size");
  const progress = notionProgress(() => client.stats().totalRequests);
  try {
    return await backupNotion(
      {
        repo,
        client,
        comments: commentsMode(opts.comments),
        commentsRefreshMs: refreshOption(opts.commentsRefresh),
        checkpointMs: checkpointOption(process.env.NVAULT_JOURNAL_SECONDS),
        externalFiles: opts.externalFiles,
        full: opts.full,
        tags: opts.tag,
        host: opts.host,
        signal,
      },
      progress.onEvent,
    );
  } finally {
    progress.end();
  }
}

/** `nvault backup` without --source. */
export async function backupNotionCommand(opts: NotionCliOptions): Promise<void> {
  commentsMode(opts.comments);
  refreshOption(opts.commentsRefresh);
  rateOption(opts.rate);
  const token = await readToken(opts.tokenFile);
  await withStore(opts, async (repo, signal) => {
    const result = await runNotionBackup(repo, { ...opts, token }, signal);
    if (opts.json) printResult(backupResultJson(result), true, () => "");
    else printResult(result, false, formatBackupReport);
  });
}
