// Table-driven tests of the retention policy on synthetic snapshot times.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  applyPolicy,
  type Dated,
  forgetPlan,
  policyIsEmpty,
  type RetentionPolicy,
  withinCutoff,
} from "./forget.ts";

function snaps(times: string[], tags: Record<number, string[]> = {}): Dated[] {
  return times.map((time, i) => ({ id: `s${i}`, time, host: "h", paths: ["/d"], tags: tags[i] ?? [] }));
}

// Two snapshots a day at 09:00 and 21:00 over 2026-01-01 .. 2026-03-31 (UTC), newest last.
const days: string[] = [];
for (let t = Date.UTC(2026, 0, 1); t <= Date.UTC(2026, 2, 31); t += 86_400_000) {
  days.push(new Date(t + 9 * 3_600_000).toISOString(), new Date(t + 21 * 3_600_000).toISOString());
}

const cases: Array<{ name: string; times: string[]; policy: RetentionPolicy; kept: string[] }> = [
  {
    name: "keep-last 3 keeps the three newest",
    times: ["2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z"],
    policy: { last: 3 },
    kept: ["2026-01-04T00:00:00Z", "2026-01-03T00:00:00Z", "2026-01-02T00:00:00Z"],
  },
  {
    name: "keep-daily keeps the newest of each day",
    times: ["2026-01-01T01:00:00Z", "2026-01-01T23:00:00Z", "2026-01-02T05:00:00Z", "2026-01-03T05:00:00Z"],
    policy: { daily: 2 },
    kept: ["2026-01-03T05:00:00Z", "2026-01-02T05:00:00Z"],
  },
  {
    name: "keep-hourly buckets by hour",
    times: ["2026-01-01T01:05:00Z", "2026-01-01T01:55:00Z", "2026-01-01T02:10:00Z"],
    policy: { hourly: 5 },
    kept: ["2026-01-01T02:10:00Z", "2026-01-01T01:55:00Z"],
  },
  {
    name: "keep-weekly uses ISO weeks (Sun 2026-01-04 and Mon 2026-01-05 differ)",
    times: ["2026-01-03T12:00:00Z", "2026-01-04T12:00:00Z", "2026-01-05T12:00:00Z"],
    policy: { weekly: 2 },
    kept: ["2026-01-05T12:00:00Z", "2026-01-04T12:00:00Z"],
  },
  {
    name: "ISO week spans the new year: 2025-12-31 and 2026-01-01 share week 1",
    times: ["2025-12-31T12:00:00Z", "2026-01-01T12:00:00Z"],
    policy: { weekly: 5 },
    kept: ["2026-01-01T12:00:00Z"],
  },
  {
    name: "keep-monthly -1 keeps one per month without limit",
    times: days,
    policy: { monthly: -1 },
    kept: ["2026-03-31T21:00:00.000Z", "2026-02-28T21:00:00.000Z", "2026-01-31T21:00:00.000Z"],
  },
  {
    name: "keep-yearly 1",
    times: ["2025-06-01T00:00:00Z", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"],
    policy: { yearly: 1 },
    kept: ["2026-02-01T00:00:00Z"],
  },
  {
    name: "rules combine: last 1 + daily 3 + monthly 2",
    times: days,
    policy: { last: 1, daily: 3, monthly: 2 },
    kept: [
      "2026-03-31T21:00:00.000Z",
      "2026-03-30T21:00:00.000Z",
      "2026-03-29T21:00:00.000Z",
      "2026-02-28T21:00:00.000Z",
    ],
  },
];

for (const c of cases) {
  test(`forget: ${c.name}`, () => {
    const { keep, remove } = applyPolicy(snaps(c.times), c.policy);
    assert.deepEqual(
      keep.map((s) => s.time),
      c.kept,
    );
    assert.equal(keep.length + remove.length, c.times.length);
  });
}

test("forget: keep-tag keeps tagged snapshots whatever their age, with reasons", () => {
  const list = snaps(["2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z", "2026-01-01T00:00:00Z"], {
    0: ["monthly", "important"],
    1: ["monthly"],
  });
  const { keep, reasons } = applyPolicy(list, { last: 1, tags: ["monthly,important"] });
  assert.deepEqual(
    keep.map((s) => s.id),
    ["s2", "s0"],
  );
  assert.deepEqual(reasons.s0, ["tagged monthly,important"]);
  assert.deepEqual(reasons.s2, ["last snapshot"]);
});

test("forget: snapshots are grouped by host and paths", () => {
  const list: Dated[] = [
    { id: "a1", time: "2026-01-01T00:00:00Z", host: "a", paths: ["/x"] },
    { id: "a2", time: "2026-01-02T00:00:00Z", host: "a", paths: ["/x"] },
    { id: "b1", time: "2026-01-01T00:00:00Z", host: "b", paths: ["/x"] },
  ];
  const groups = forgetPlan(list, { last: 1 });
  assert.equal(groups.length, 2);
  const kept = groups.flatMap((g) => g.keep.map((s) => s.id)).sort();
  assert.deepEqual(kept, ["a2", "b1"]);
});

test("forget: an empty policy is recognised so nothing is removed by mistake", () => {
  assert.equal(policyIsEmpty({}), true);
  assert.equal(policyIsEmpty({ last: 0, tags: [] }), true);
  assert.equal(policyIsEmpty({ daily: 1 }), false);
  assert.equal(policyIsEmpty({ tags: ["x"] }), false);
});

test("forget: keep-within keeps everything made within a duration of the newest snapshot", () => {
  const times = [
    "2025-12-01T00:00:00Z",
    "2026-02-27T12:00:00Z",
    "2026-03-01T13:00:00Z",
    "2026-03-31T12:00:00Z",
  ];
  // 03-31 minus 1 month 2 days is "02-29", which the calendar rolls to 03-01 (as Go's AddDate does).
  const { keep, reasons } = applyPolicy(snaps(times), { within: "1m2d" });
  assert.deepEqual(
    keep.map((s) => s.time),
    ["2026-03-31T12:00:00Z", "2026-03-01T13:00:00Z"],
  );
  assert.deepEqual(reasons.s3, ["within 1m2d"]);
  assert.equal(
    withinCutoff(new Date("2026-03-31T12:00:00Z"), "1y1h").toISOString(),
    "2025-03-31T11:00:00.000Z",
  );
  assert.throws(() => withinCutoff(new Date(), "3w"), /bad duration/);
  assert.equal(policyIsEmpty({ within: "1d" }), false);
});
