// Retention policy: decides which snapshots to keep, with restic's bucket semantics and reasons.
import { listSnapshots } from "./browse.ts";
import { isStoreError, StoreError } from "./errors.ts";
import { acquireLock, type LockOptions } from "./lock.ts";
import type { Repository } from "./repository.ts";
import { removeSnapshot } from "./snapshot.ts";

/** How many snapshots each rule keeps; -1 means "every matching bucket". */
export interface RetentionPolicy {
  last?: number;
  hourly?: number;
  daily?: number;
  weekly?: number;
  monthly?: number;
  yearly?: number;
  /** Keep every snapshot carrying any of these tags ("a,b" means carrying both a and b). */
  tags?: string[];
  /** Keep every snapshot made within this long before the newest one: "1y2m3d4h" (any part may be left out). */
  within?: string;
}

/** The little a policy needs to know about a snapshot. */
export interface Dated {
  id: string;
  time: string;
  host?: string;
  paths?: string[];
  tags?: string[];
}

/** One group's decision; `reasons` maps a kept snapshot id to the rules that kept it. */
export interface ForgetGroup<T extends Dated> {
  key: string;
  keep: T[];
  remove: T[];
  reasons: Record<string, string[]>;
}

/** Options: how snapshots are grouped (restic's default: host and paths) and the calendar's zone. */
export interface ForgetOptions {
  groupBy?: Array<"host" | "paths" | "tags">;
  /** Buckets follow UTC by default so that a policy gives the same answer on every machine. */
  timeZone?: "utc" | "local";
}

type Bucketer = (d: Date, nr: number) => number;

interface Rule {
  name: string;
  count: number;
  bucket: Bucketer;
}

/** True when the policy names at least one rule (an empty policy would remove everything). */
export function policyIsEmpty(p: RetentionPolicy): boolean {
  const counts = [p.last, p.hourly, p.daily, p.weekly, p.monthly, p.yearly];
  return counts.every((c) => c === undefined || c === 0) && (p.tags ?? []).length === 0 && !p.within;
}

/** The earliest time a "within" duration keeps, counted back from `newest` on the UTC calendar. */
export function withinCutoff(newest: Date, duration: string): Date {
  const m = /^(?:(\d+)y)?(?:(\d+)m)?(?:(\d+)d)?(?:(\d+)h)?$/.exec(duration);
  if (!m || duration === "")
    throw new StoreError("invalid_argument", `bad duration ${JSON.stringify(duration)}; use e.g. 1y2m3d4h`);
  const [y, mo, d, h] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number];
  const t = new Date(newest);
  t.setUTCFullYear(t.getUTCFullYear() - y, t.getUTCMonth() - mo, t.getUTCDate() - d);
  t.setUTCHours(t.getUTCHours() - h);
  return t;
}

function calendar(zone: "utc" | "local") {
  const utc = zone === "utc";
  return {
    year: (d: Date) => (utc ? d.getUTCFullYear() : d.getFullYear()),
    month: (d: Date) => (utc ? d.getUTCMonth() : d.getMonth()) + 1,
    day: (d: Date) => (utc ? d.getUTCDate() : d.getDate()),
    hour: (d: Date) => (utc ? d.getUTCHours() : d.getHours()),
    weekday: (d: Date) => (utc ? d.getUTCDay() : d.getDay()),
  };
}

function isoWeek(d: Date, cal: ReturnType<typeof calendar>): number {
  // ISO 8601: the week belongs to the year of its Thursday.
  const day = (cal.weekday(d) + 6) % 7;
  const thursday = new Date(Date.UTC(cal.year(d), cal.month(d) - 1, cal.day(d) - day + 3));
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.floor((thursday.getTime() - yearStart) / 86_400_000 / 7) + 1;
  return thursday.getUTCFullYear() * 100 + week;
}

function rules(p: RetentionPolicy, zone: "utc" | "local"): Rule[] {
  const c = calendar(zone);
  const all: Array<[string, number | undefined, Bucketer]> = [
    ["last snapshot", p.last, (_d, nr) => nr],
    ["hourly snapshot", p.hourly, (d) => ((c.year(d) * 100 + c.month(d)) * 100 + c.day(d)) * 100 + c.hour(d)],
    ["daily snapshot", p.daily, (d) => (c.year(d) * 100 + c.month(d)) * 100 + c.day(d)],
    ["weekly snapshot", p.weekly, (d) => isoWeek(d, c)],
    ["monthly snapshot", p.monthly, (d) => c.year(d) * 100 + c.month(d)],
    ["yearly snapshot", p.yearly, (d) => c.year(d)],
  ];
  return all
    .filter(([, count]) => count !== undefined && count !== 0)
    .map(([name, count, bucket]) => ({ name, count: count as number, bucket }));
}

function hasTagSet(snapshot: Dated, tagSet: string): boolean {
  const tags = new Set(snapshot.tags ?? []);
  return tagSet.split(",").every((t) => t === "" || tags.has(t));
}

function groupKey(s: Dated, by: Array<"host" | "paths" | "tags">): string {
  const parts: Record<string, unknown> = {};
  if (by.includes("host")) parts.host = s.host ?? "";
  if (by.includes("paths")) parts.paths = [...(s.paths ?? [])].sort();
  if (by.includes("tags")) parts.tags = [...(s.tags ?? [])].sort();
  return JSON.stringify(parts);
}

/** Applies a policy to one group of snapshots (any order); newest first in the answer. */
export function applyPolicy<T extends Dated>(
  snapshots: T[],
  policy: RetentionPolicy,
  zone: "utc" | "local" = "utc",
): Omit<ForgetGroup<T>, "key"> {
  const sorted = [...snapshots].sort((a, b) => Date.parse(b.time) - Date.parse(a.time));
  const active = rules(policy, zone).map((r) => ({ ...r, last: Number.NaN }));
  const keep: T[] = [];
  const remove: T[] = [];
  const reasons: Record<string, string[]> = {};
  const cutoff =
    policy.within && sorted[0] ? withinCutoff(new Date(sorted[0].time), policy.within).getTime() : undefined;
  sorted.forEach((s, nr) => {
    const why: string[] = [];
    if (cutoff !== undefined && Date.parse(s.time) >= cutoff) why.push(`within ${policy.within}`);
    for (const tagSet of policy.tags ?? []) if (hasTagSet(s, tagSet)) why.push(`tagged ${tagSet}`);
    const date = new Date(s.time);
    for (const r of active) {
      if (r.count === 0) continue;
      const b = r.bucket(date, nr);
      // Newest first: the first snapshot seen in a bucket is that bucket's most recent one.
      if (b !== r.last) {
        r.last = b;
        if (r.count > 0) r.count--;
        why.push(r.name);
      }
    }
    if (why.length > 0) {
      keep.push(s);
      reasons[s.id] = why;
    } else remove.push(s);
  });
  return { keep, remove, reasons };
}

/** Groups snapshots (by host and paths unless told otherwise) and applies the policy to each group. */
export function forgetPlan<T extends Dated>(
  snapshots: T[],
  policy: RetentionPolicy,
  options: ForgetOptions = {},
): ForgetGroup<T>[] {
  const by = options.groupBy ?? ["host", "paths"];
  const groups = new Map<string, T[]>();
  for (const s of snapshots) {
    const key = groupKey(s, by);
    const list = groups.get(key) ?? [];
    list.push(s);
    groups.set(key, list);
  }
  return [...groups.entries()].map(([key, list]) => ({
    key,
    ...applyPolicy(list, policy, options.timeZone ?? "utc"),
  }));
}

/** Options for `forgetSnapshots`. */
export interface ForgetRunOptions extends ForgetOptions {
  /** Report the plan without removing anything. */
  dryRun?: boolean;
  /** Consider only snapshots of this host. */
  host?: string;
  lock?: LockOptions;
  signal?: AbortSignal;
}

/** A snapshot as a forget plan reports it. */
export interface PlannedSnapshot {
  id: string;
  time: string;
  host: string;
  paths: string[];
  tags: string[];
}

/** What `forgetSnapshots` decided and removed. */
export interface ForgetResult {
  dryRun: boolean;
  groups: ForgetGroup<PlannedSnapshot>[];
  removed: string[];
}

/**
 * Applies a policy to the store's snapshots and removes the snapshot files it does not keep;
 * their data stays until `prune`. A shared lock suffices: removing a manifest never breaks a
 * running backup (which re-checks every reused blob), and prune's exclusive lock excludes it.
 */
export async function forgetSnapshots(
  repo: Repository,
  policy: RetentionPolicy,
  opts: ForgetRunOptions = {},
): Promise<ForgetResult> {
  if (policyIsEmpty(policy)) {
    throw new StoreError("invalid_argument", "no retention policy given; refusing to forget every snapshot");
  }
  const lock = await acquireLock(repo, "shared", { purpose: "forget", signal: opts.signal, ...opts.lock });
  try {
    const all = await listSnapshots(repo, { signal: opts.signal, host: opts.host });
    const planned = all.map((s) => ({
      id: s.id,
      time: s.manifest.time,
      host: s.manifest.host,
      paths: s.manifest.paths,
      tags: s.manifest.tags,
    }));
    const groups = forgetPlan(planned, policy, opts);
    const removed: string[] = [];
    if (!opts.dryRun) {
      for (const g of groups) {
        for (const s of g.remove) {
          // A concurrent forget may have removed it already; the goal is reached either way.
          await removeSnapshot(repo, s.id, opts.signal).catch((err) => {
            if (!isStoreError(err, "not_found")) throw err;
          });
          removed.push(s.id);
        }
      }
    }
    return { dryRun: opts.dryRun ?? false, groups, removed };
  } finally {
    await lock.release();
  }
}
