// What the UI reads from the store, cached: the snapshot list, opened workspace snapshots, reports, check status.

import { resolveSnapshotRef } from "../inspect/snapshot-ref.ts";
import type { CrawlReport } from "../notion/model.ts";
import { isWorkspaceSnapshot, WorkspaceSnapshot } from "../notion/snapshot-reader.ts";
import { type SearchOptions, type SearchResult, SearchSession } from "../search/search.ts";
import { latestOffset, listSnapshots, readFile } from "../store/browse.ts";
import { type CheckResult, checkRepository } from "../store/check.ts";
import { StoreError } from "../store/errors.ts";
import type { Repository } from "../store/repository.ts";
import { checkSignature, type SignatureCheck, type Snapshot } from "../store/snapshot.ts";

/** One line of the timeline: a snapshot (or a snapshot file that failed to load or verify). */
export interface TimelineEntry {
  id: string;
  snapshot?: Snapshot;
  signature?: SignatureCheck;
  /** Why the snapshot could not be loaded (bad signature, unreadable). */
  rejected?: string;
  workspace: boolean;
  report?: CrawlReport & Record<string, unknown>;
}

/** The last `check` run and when it finished. */
export interface CheckStatus {
  result: CheckResult;
  at: string;
}

/** The store as the UI sees it; everything read is immutable, so caching by snapshot id is safe. */
export class UiVault {
  private readers = new Map<string, Promise<WorkspaceSnapshot>>();
  private snapshots = new Map<string, Snapshot>();
  private reports = new Map<string, Promise<(CrawlReport & Record<string, unknown>) | undefined>>();
  private lastCheck?: CheckStatus;
  private session?: Promise<SearchSession>;
  private searching: Promise<unknown> = Promise.resolve();
  private running?: Promise<CheckStatus>;

  constructor(
    readonly repo: Repository,
    /** Where the encrypted search index is cached (false: memory only); default: the store's cache. */
    private readonly searchCacheDir?: string | false,
    private readonly maxReaders = 8,
  ) {}

  /** Full-text search; one query at a time, so index updates never race. */
  search(query: string, opts: SearchOptions): Promise<SearchResult> {
    this.session ??= SearchSession.open(this.repo, { cacheDir: this.searchCacheDir });
    const session = this.session;
    const run = this.searching.then(async () => (await session).search(query, opts));
    this.searching = run.catch(() => undefined);
    return run;
  }

  /** Every snapshot, newest first, with its signature status and backup report; rejected ones included. */
  async timeline(signal?: AbortSignal): Promise<TimelineEntry[]> {
    const rejected: TimelineEntry[] = [];
    const list = await listSnapshots(this.repo, {
      signal,
      onRejected: (id, err) =>
        rejected.push({ id, rejected: err instanceof Error ? err.message : String(err), workspace: false }),
    });
    const good = await Promise.all(
      list.map(async (s): Promise<TimelineEntry> => {
        const workspace = isWorkspaceSnapshot(s);
        return {
          id: s.id,
          snapshot: s,
          signature: checkSignature(this.repo, s),
          workspace,
          report: workspace ? await this.report(s, signal).catch(() => undefined) : undefined,
        };
      }),
    );
    return [...good.reverse(), ...rejected];
  }

  /** A snapshot by full id, id prefix, "latest" or "latest~N" (signature verified). */
  async snapshot(ref: string, signal?: AbortSignal): Promise<Snapshot> {
    if (latestOffset(ref) === undefined && !/^[0-9a-f]{4,64}$/.test(ref))
      throw new StoreError("not_found", "no such snapshot");
    const known = this.snapshots.get(ref);
    if (known) return known;
    const snapshot = await resolveSnapshotRef(this.repo, ref, { signal });
    // Only full ids are cached: "latest" moves when a backup runs while the UI is open.
    this.snapshots.set(snapshot.id, snapshot);
    return snapshot;
  }

  /** A workspace snapshot opened for reading (a few kept open). */
  async reader(ref: string, signal?: AbortSignal): Promise<WorkspaceSnapshot> {
    const snapshot = await this.snapshot(ref, signal);
    let open = this.readers.get(snapshot.id);
    if (!open) {
      open = WorkspaceSnapshot.open(this.repo, snapshot, signal);
      open.catch(() => this.readers.delete(snapshot.id));
      this.readers.set(snapshot.id, open);
      if (this.readers.size > this.maxReaders) this.readers.delete(this.readers.keys().next().value!);
    }
    return open;
  }

  /** The backup report of a workspace snapshot (read alone: the timeline must not load every index.json). */
  report(
    snapshot: Snapshot,
    signal?: AbortSignal,
  ): Promise<(CrawlReport & Record<string, unknown>) | undefined> {
    let r = this.reports.get(snapshot.id);
    if (!r) {
      r = (async () => {
        const parts: Uint8Array[] = [];
        try {
          for await (const b of readFile(this.repo, snapshot, "report.json", signal)) parts.push(b);
        } catch (err) {
          if (err instanceof StoreError && (err.code === "not_found" || err.code === "invalid_argument")) {
            return undefined;
          }
          throw err;
        }
        return JSON.parse(Buffer.concat(parts).toString("utf8")) as CrawlReport & Record<string, unknown>;
      })();
      r.catch(() => this.reports.delete(snapshot.id));
      this.reports.set(snapshot.id, r);
    }
    return r;
  }

  /** The last check result, if one ran. */
  checkStatus(): CheckStatus | undefined {
    return this.lastCheck;
  }

  /** Runs `check` (structure, index, signatures; not every byte) once at a time. */
  runCheck(signal?: AbortSignal): Promise<CheckStatus> {
    if (!this.running) {
      this.running = checkRepository(this.repo, { signal })
        .then((result) => {
          this.lastCheck = { result, at: new Date().toISOString() };
          return this.lastCheck;
        })
        .finally(() => {
          this.running = undefined;
        });
    }
    return this.running;
  }
}
