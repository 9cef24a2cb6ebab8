// Progress of a Notion backup on stderr: a live bar on a terminal, a log line every few seconds otherwise.
import { SingleBar } from "cli-progress";
import type { NotionBackupEvent } from "../notion/backup.ts";

/** Seconds between log lines when stderr is not a terminal. */
const LOG_EVERY_MS = 5000;

/** A renderer of backup events; `end` clears the bar. `requests` reads the client's running total. */
export function notionProgress(requests: () => number): {
  onEvent: (e: NotionBackupEvent) => void;
  end: () => void;
} {
  const live = process.stderr.isTTY === true;
  let phase = "starting";
  let records = 0;
  let warnings = 0;
  let lastLog = Date.now();
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
    if (Date.now() - lastLog < LOG_EVERY_MS) return;
    lastLog = Date.now();
    process.stderr.write(
      `backup: ${phase}, ${records} objects, ${requests()} requests, ${warnings} warnings\n`,
    );
  };
  return {
    onEvent: (e) => {
      if (e.type === "crawl") {
        if (e.event.type === "phase") phase = e.event.phase;
        else if (e.event.type === "record") records++;
        else if (e.event.type === "warning") warnings++;
      } else if (e.type === "archive" && e.event.type === "building") phase = "writing the snapshot";
      show();
    },
    end: () => bar?.stop(),
  };
}
