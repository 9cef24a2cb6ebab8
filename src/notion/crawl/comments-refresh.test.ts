import assert from "node:assert/strict";
import { test } from "node:test";
import { commentsDue, parseRefreshPeriod } from "./comments-refresh.ts";

const ids = Array.from({ length: 2000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
const DAY = 86_400_000;

test("consecutive backups list each page's comments exactly once per period", () => {
  const period = 7 * DAY;
  // Backups at irregular times over exactly one period starting at a period boundary of 0.
  const times = [0, 0.3, 1, 1.1, 2.5, 4, 4.01, 6.9, 7].map((d) => d * DAY);
  for (const id of ids.slice(0, 300)) {
    let n = 0;
    for (let i = 1; i < times.length; i++) if (commentsDue(id, times[i - 1]!, times[i]!, period)) n++;
    assert.equal(n, 1, id);
  }
});

test("a backup lists about the elapsed fraction of the period", () => {
  const due = ids.filter((id) => commentsDue(id, 10 * DAY, 11 * DAY, 10 * DAY)).length;
  assert.ok(due > 120 && due < 280, `${due} of 2000 due after a tenth of the period`);
});

test("period 0 lists always, Infinity never, a gap of a whole period lists all", () => {
  assert.equal(commentsDue(ids[0]!, 0, 1, 0), true);
  assert.equal(commentsDue(ids[0]!, 0, 100 * DAY, Number.POSITIVE_INFINITY), false);
  assert.ok(ids.every((id) => commentsDue(id, 0, 7 * DAY, 7 * DAY)));
});

test("refresh periods parse with units; bare numbers are days", () => {
  assert.equal(parseRefreshPeriod("7"), 7 * DAY);
  assert.equal(parseRefreshPeriod("12h"), 12 * 3600_000);
  assert.equal(parseRefreshPeriod("30m"), 30 * 60_000);
  assert.equal(parseRefreshPeriod("0"), 0);
  assert.equal(parseRefreshPeriod("never"), Number.POSITIVE_INFINITY);
  assert.equal(parseRefreshPeriod("soon"), undefined);
});
