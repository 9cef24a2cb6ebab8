// Progress of a Notion backup on stderr: a live bar on a terminal, a log line every few seconds otherwise.
import { SingleBar } from "cli-progress";
import type { NotionBackupEvent } from "../notion/backup.ts";

/** What each crawl phase is doing, as a person reads it (search and the walk overlap). */
const PHASES: Record<string, string> = {
  users: "listing users",
  search: "searching and crawling",
  walk: "crawling",
  "search-only": "crawling what only search showed",
  synced: "reading synced blocks",
  "referenced-users": "reading referenced users",
};

/** Seconds between log lines when stderr is not a terminal. */
const LOG_EVERY_MS = 5000;

/** Where progress goes; tests give their own clock and log. */
export interface ProgressOutput {
  live?: boolean;
  now?: () => number;
  log?: (line: string) => void;
}

/** A renderer of backup events; `end` clears the bar. `requests` reads the client's running total. */
export function notionProgress(
  requests: () => number,
  out: ProgressOutput = {},
): {
  onEvent: (e: NotionBackupEvent) => void;
  end: () => void;
} {
  const live = out.live ?? process.stderr.isTTY === true;
  const now = out.now ?? Date.now;
  const log = out.log ?? ((line: string) => process.stderr.write(line));
  let phase = "starting";
  let records = 0;
  let warnings = 0;
  let lastLog = now();
  const bar = live
    ? new SingleBar({
        format: "{phase} | {records} objects | {requests} requests | {warnings} warnings",
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: true,
      })
    : undefined;
  bar?.start(0, 0, { phase, records, requests: 0, warnings });
  const show = () => {
    if (bar) return bar.update(0, { phase, records, requests: requests(), warnings });
    if (now() - lastLog < LOG_EVERY_MS) return;
    lastLog = now();
    log(`backup: ${phase}, ${records} objects, ${requests()} requests, ${warnings} warnings\n`);
  };
  return {
    onEvent: (e) => {
      if (e.type === "crawl") {
        if (e.event.type === "phase") phase = PHASES[e.event.phase] ?? e.event.phase;
        else if (e.event.type === "record") records++;
        else if (e.event.type === "warning") warnings++;
      } else if (e.type === "archive" && e.event.type === "building") phase = "writing the snapshot";
      show();
    },
    end: () => bar?.stop(),
  };
}
