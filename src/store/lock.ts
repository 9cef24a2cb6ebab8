// Store locks: shared for writers that only add (backup), exclusive for prune; refreshed, and stale ones ignored.
import { randomBytes } from "node:crypto";
import { hostname, userInfo } from "node:os";
import { isStoreError, StoreError } from "./errors.ts";
import type { Repository } from "./repository.ts";

/** A lock's kind: many shared holders may coexist; an exclusive holder excludes everyone. */
export type LockKind = "shared" | "exclusive";

/** What a lock file says. */
export interface LockInfo {
  name: string;
  kind: LockKind;
  /** When the holder last refreshed it, RFC 3339. */
  time: string;
  host: string;
  pid: number;
  username: string;
  /** What the holder is doing, for messages ("backup", "prune" ...). */
  purpose: string;
  stale: boolean;
}

/** Timing and identity of lock holders; defaults suit real use, tests shorten them. */
export interface LockOptions {
  /** A lock not refreshed for this long is stale (default 30 minutes). */
  staleAfterMs?: number;
  /** How often a held lock is rewritten (default 5 minutes). */
  refreshMs?: number;
  /** How long to keep retrying while another process holds a conflicting lock (default 0). */
  waitMs?: number;
  purpose?: string;
  host?: string;
  pid?: number;
  signal?: AbortSignal;
}

/** A held lock. */
export interface Lock {
  readonly kind: LockKind;
  /** Name of the current lock file (changes on every refresh). */
  readonly name: string;
  /** Set when a refresh failed: the holder should stop before committing anything. */
  readonly lost: unknown;
  /** Rewrites the lock file with a fresh time. */
  refresh(): Promise<void>;
  /** Stops refreshing and removes the lock file. */
  release(): Promise<void>;
}

/** The current user's name, or "" where the system has none (some containers). */
export function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return "";
  }
}

const defaults = { staleAfterMs: 30 * 60_000, refreshMs: 5 * 60_000 };

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** True when a lock's holder is gone: too old, or on this host with a dead pid. */
export function isStale(
  lock: Pick<LockInfo, "time" | "host" | "pid">,
  opts: { staleAfterMs?: number; now?: number } = {},
): boolean {
  const age = (opts.now ?? Date.now()) - Date.parse(lock.time);
  if (!(age <= (opts.staleAfterMs ?? defaults.staleAfterMs))) return true;
  return lock.host === hostname() && !processAlive(lock.pid);
}

/** Every lock file in the store, each marked stale or live; unreadable ones count as stale. */
export async function listLocks(
  repo: Repository,
  opts: { staleAfterMs?: number; signal?: AbortSignal } = {},
): Promise<LockInfo[]> {
  const out: LockInfo[] = [];
  for await (const f of repo.backend.list("locks", opts.signal)) {
    try {
      const doc = JSON.parse(new TextDecoder().decode(await repo.loadUnpacked("locks", f.name, opts.signal)));
      const info = { ...doc, name: f.name } as LockInfo;
      out.push({ ...info, stale: isStale(info, opts) });
    } catch (err) {
      // Removed between list and load: its holder released it.
      if (isStoreError(err, "not_found")) continue;
      if (opts.signal?.aborted) throw err;
      out.push({
        name: f.name,
        kind: "shared",
        time: "",
        host: "",
        pid: 0,
        username: "",
        purpose: "?",
        stale: true,
      });
    }
  }
  return out;
}

/** Removes stale lock files (all lock files with `all`); returns their names. */
export async function removeLocks(
  repo: Repository,
  opts: { all?: boolean; staleAfterMs?: number; signal?: AbortSignal } = {},
): Promise<string[]> {
  const removed: string[] = [];
  for (const l of await listLocks(repo, opts)) {
    if (!opts.all && !l.stale) continue;
    await repo.backend.remove("locks", l.name, opts.signal).catch((err) => {
      if (!isStoreError(err, "not_found")) throw err;
    });
    removed.push(l.name);
  }
  return removed;
}

function conflicts(kind: LockKind, others: LockInfo[]): LockInfo | undefined {
  return others.find((l) => !l.stale && (kind === "exclusive" || l.kind === "exclusive"));
}

function describe(l: LockInfo): string {
  return `${l.kind} lock held by ${l.purpose} (pid ${l.pid} on ${l.host}, refreshed ${l.time})`;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      reject(signal.reason);
    });
  });

/**
 * Takes a lock. Write-then-check: the lock file is saved first and the others are read after, so
 * of two racing conflicting lockers at least one sees the other and backs off.
 */
export async function acquireLock(repo: Repository, kind: LockKind, opts: LockOptions = {}): Promise<Lock> {
  const staleAfterMs = opts.staleAfterMs ?? defaults.staleAfterMs;
  const deadline = Date.now() + (opts.waitMs ?? 0);
  const nonce = randomBytes(8).toString("hex");
  const write = async () => {
    const body = {
      kind,
      time: new Date().toISOString(),
      host: opts.host ?? hostname(),
      pid: opts.pid ?? process.pid,
      username: currentUser(),
      purpose: opts.purpose ?? kind,
      nonce,
    };
    return repo.saveUnpacked("locks", new TextEncoder().encode(JSON.stringify(body)), opts.signal);
  };
  for (;;) {
    const name = await write();
    const others = (await listLocks(repo, { staleAfterMs, signal: opts.signal })).filter(
      (l) => l.name !== name,
    );
    const blocker = conflicts(kind, others);
    if (!blocker) return holdLock(repo, kind, name, write, opts.refreshMs ?? defaults.refreshMs);
    await repo.backend.remove("locks", name, opts.signal).catch(() => {});
    if (Date.now() >= deadline) throw new StoreError("locked", `the store is locked: ${describe(blocker)}`);
    await sleep(Math.min(1000, Math.max(50, deadline - Date.now())), opts.signal);
  }
}

function holdLock(
  repo: Repository,
  kind: LockKind,
  first: string,
  write: () => Promise<string>,
  refreshMs: number,
): Lock {
  let name = first;
  let lost: unknown;
  let chain: Promise<void> = Promise.resolve();
  const refresh = () => {
    // Serialised, so a timer tick and an explicit refresh never race on `name`.
    chain = chain.then(async () => {
      try {
        const next = await write();
        const old = name;
        name = next;
        await repo.backend.remove("locks", old).catch(() => {});
      } catch (err) {
        lost = err;
      }
    });
    return chain;
  };
  const timer = setInterval(() => void refresh(), refreshMs);
  timer.unref();
  return {
    kind,
    get name() {
      return name;
    },
    get lost() {
      return lost;
    },
    refresh,
    async release() {
      clearInterval(timer);
      await chain;
      await repo.backend.remove("locks", name).catch((err) => {
        if (!isStoreError(err, "not_found")) throw err;
      });
    },
  };
}

/** Runs `fn` while holding a lock, releasing it afterwards whatever happens. */
export async function withLock<T>(
  repo: Repository,
  kind: LockKind,
  opts: LockOptions,
  fn: (lock: Lock) => Promise<T>,
): Promise<T> {
  const lock = await acquireLock(repo, kind, opts);
  try {
    return await fn(lock);
  } finally {
    await lock.release();
  }
}
