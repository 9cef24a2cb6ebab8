// The backup's progress log lines: what each phase says, counts, and one line per interval.
import assert from "node:assert/strict";
import { test } from "node:test";
import { notionProgress } from "./backup-progress.ts";

test("log lines name the phase as a person reads it, with counts, at most one per 5 s", () => {
  let clock = 0;
  const lines: string[] = [];
  const p = notionProgress(() => 42, { live: false, now: () => clock, log: (l) => lines.push(l) });
  p.onEvent({ type: "crawl", event: { type: "phase", phase: "search" } });
  p.onEvent({ type: "crawl", event: { type: "record", kind: "page", id: "a" } });
  assert.deepEqual(lines, [], "nothing before the first interval");
  clock = 5000;
  p.onEvent({ type: "crawl", event: { type: "record", kind: "page", id: "b" } });
  clock = 6000;
  p.onEvent({ type: "crawl", event: { type: "warning", warning: { code: "walk_only", message: "m" } } });
  clock = 10_000;
  p.onEvent({ type: "crawl", event: { type: "phase", phase: "synced" } });
  p.end();
  assert.deepEqual(lines, [
    "backup: searching and crawling, 2 objects, 42 requests, 0 warnings\n",
    "backup: reading synced blocks, 2 objects, 42 requests, 1 warnings\n",
  ]);
});
