// Full-text search over workspace snapshots: keeps the cached index up to date, then answers queries from it.
import { isWorkspaceSnapshot } from "../notion/snapshot-reader.ts";
import { resolveSnapshot } from "../store/browse.ts";
import { StoreError } from "../store/errors.ts";
import type { Repository } from "../store/repository.ts";
import { listSnapshotIds, loadSnapshot, type Snapshot } from "../store/snapshot.ts";
import { type IndexState, type OpenedIndex, openIndex, saveIndex } from "./index-store.ts";
import { type IndexEvent, type IndexStats, indexSnapshots } from "./indexer.ts";
import { parseQuery } from "./query.ts";
import { type QueryResult, runQuery } from "./run-query.ts";
import { SearchIndex } from "./search-index.ts";

export type { SearchHit } from "./run-query.ts";
export type { Snippet } from "./snippet.ts";

/** What searching reports while it works (the index is built or updated before the first query). */
export type SearchEvent =
  | {
      type: "index-open";
      state: IndexState;
      bytes: number;
      snapshots: number;
      docs: number;
      problem?: string;
    }
  | IndexEvent
  | { type: "index-saved"; bytes: number; docs: number; snapshots: number };

/** Options of a search. */
export interface SearchOptions {
  /** "latest" (default) or a snapshot id prefix. */
  snapshot?: string;
  /** Search every workspace snapshot of the store. */
  all?: boolean;
  /** Hits to return (default 20). */
  limit?: number;
  signal?: AbortSignal;
}

/** Options of a session: where the index is cached and who hears about its building. */
export interface SessionOptions {
  /** Cache root (default NVAULT_CACHE_DIR or ~/.cache/notion-vault); false keeps the index in memory only. */
  cacheDir?: string | false;
  onEvent?: (event: SearchEvent) => void;
}

/** A search's answer. */
export interface SearchResult extends QueryResult {
  query: string;
  /** The snapshots searched, newest first. */
  scope: Array<{ id: string; time: string }>;
  /** What updating the index cost before the query ran. */
  indexed: IndexStats;
}

/** An opened search index, kept between queries (the UI keeps one; the CLI opens one per run). */
export class SearchSession {
  /** Snapshot files read so far: the snapshot, or null when it is not a workspace snapshot (or unreadable). */
  private readonly loaded = new Map<string, Snapshot | null>();
  /** The index changed without being saved (snapshots dropped). */
  private dirty = false;

  private constructor(
    private readonly repo: Repository,
    private opened: OpenedIndex,
    private readonly opts: SessionOptions,
  ) {}

  /** Opens (or starts) the store's index; nothing is indexed until a search needs it. */
  static async open(repo: Repository, opts: SessionOptions = {}): Promise<SearchSession> {
    const opened = await openIndex(repo, opts.cacheDir);
    opts.onEvent?.({
      type: "index-open",
      state: opened.state,
      bytes: opened.bytes,
      snapshots: opened.index.snapshots.size,
      docs: opened.index.docs.length,
      ...(opened.problem ? { problem: opened.problem } : {}),
    });
    return new SearchSession(repo, opened, opts);
  }

  /** The index file, when it is cached on disk. */
  get path(): string | undefined {
    return this.opened.path;
  }

  /** Searches the chosen snapshots, indexing those the index does not cover yet. */
  async search(query: string, opts: SearchOptions = {}): Promise<SearchResult> {
    const terms = parseQuery(query);
    if (terms.length === 0) throw new StoreError("invalid_argument", "the query holds no word to search for");
    const { scope, toIndex } = await this.scope(opts);
    const indexed = await this.update(toIndex, opts.signal);
    const scoped = scope.map((s) => this.opened.index.snapshots.get(s.id)!);
    const result = runQuery(this.opened.index, terms, scoped, opts.limit ?? 20);
    const newestFirst = [...scoped].sort(byTime).reverse();
    return { query, scope: newestFirst.map((s) => ({ id: s.id, time: s.time })), indexed, ...result };
  }

  /** Indexes `snapshots` and saves the index when it changed. */
  private async update(snapshots: Snapshot[], signal?: AbortSignal): Promise<IndexStats> {
    let changed = this.dirty;
    this.dirty = false;
    const stats = await indexSnapshots(this.repo, this.opened.index, snapshots, {
      signal,
      onEvent: this.opts.onEvent,
    });
    changed ||= stats.snapshots > 0;
    if (changed && this.opened.path) {
      const bytes = await saveIndex(this.repo, this.opened);
      const index = this.opened.index;
      this.opts.onEvent?.({
        type: "index-saved",
        bytes,
        docs: index.docs.length,
        snapshots: index.snapshots.size,
      });
    }
    return stats;
  }

  /**
   * The snapshots to search and those of them not indexed yet (after dropping indexed snapshots the
   * store no longer holds). Indexed snapshots are known from the index (sealed, and written only
   * from snapshots whose signature was checked), so only new snapshot files are read and verified.
   */
  private async scope(
    opts: SearchOptions,
  ): Promise<{ scope: Array<{ id: string; time: string }>; toIndex: Snapshot[] }> {
    const ids = await listSnapshotIds(this.repo, opts.signal);
    const present = new Set(ids);
    this.dropForgotten([...this.opened.index.snapshots.keys()].filter((id) => !present.has(id)));
    const index = this.opened.index;
    if (!opts.all && (opts.snapshot ?? "latest") !== "latest") {
      // "latest~N" counts workspace snapshots, as "latest" does here.
      const snapshot = await resolveSnapshot(this.repo, opts.snapshot!, {
        accept: isWorkspaceSnapshot,
        kind: "Notion workspace",
        signal: opts.signal,
      });
      if (!isWorkspaceSnapshot(snapshot)) {
        throw new StoreError(
          "invalid_argument",
          `snapshot ${snapshot.id.slice(0, 8)} is not a Notion workspace snapshot`,
        );
      }
      const scope = [{ id: snapshot.id, time: snapshot.manifest.time }];
      return { scope, toIndex: index.snapshots.has(snapshot.id) ? [] : [snapshot] };
    }
    const fresh = await this.loadNew(
      ids.filter((id) => !index.snapshots.has(id)),
      opts.signal,
    );
    const all = [
      ...[...index.snapshots.values()].filter((s) => present.has(s.id)),
      ...fresh.map((s) => ({ id: s.id, time: s.manifest.time })),
    ].sort(byTime);
    if (all.length === 0) throw new StoreError("not_found", "the store holds no Notion workspace snapshot");
    const scope = opts.all ? all : [all.at(-1)!];
    const wanted = new Set(scope.map((s) => s.id));
    return { scope, toIndex: fresh.filter((s) => wanted.has(s.id)) };
  }

  /** Loads and verifies snapshot files (once per session), keeping the workspace snapshots, oldest first. */
  private async loadNew(ids: string[], signal?: AbortSignal): Promise<Snapshot[]> {
    const queue = ids.filter((id) => !this.loaded.has(id));
    const worker = async () => {
      for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
        // A snapshot that fails to load or verify is left out, as `nvault snapshots` does.
        const snapshot = await loadSnapshot(this.repo, id, signal).catch((err) => {
          if (signal?.aborted) throw err;
          return null;
        });
        this.loaded.set(id, snapshot && isWorkspaceSnapshot(snapshot) ? snapshot : null);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    return ids
      .map((id) => this.loaded.get(id))
      .filter((s): s is Snapshot => !!s)
      .sort((a, b) => byTime({ id: a.id, time: a.manifest.time }, { id: b.id, time: b.manifest.time }));
  }

  /** Drops forgotten snapshots; when most documents are then unused, starts the index afresh. */
  private dropForgotten(gone: string[]): void {
    const index = this.opened.index;
    if (gone.length === 0) return;
    for (const id of gone) index.snapshots.delete(id);
    const live = index.firstHolders([...index.snapshots.keys()]).holder.size;
    if (live * 2 < index.docs.length) {
      this.opened = { ...this.opened, index: SearchIndex.empty() };
      // Snapshot files were skipped as indexed: read them again for the new index.
      this.loaded.clear();
    }
    this.dirty = true;
  }
}

/** Oldest first, as `nvault snapshots` lists them (time, then id). */
function byTime(a: { id: string; time: string }, b: { id: string; time: string }): number {
  return Date.parse(a.time) - Date.parse(b.time) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Opens the store's index, brings it up to date for the chosen snapshots and runs one query. */
export async function searchSnapshots(
  repo: Repository,
  query: string,
  opts: SearchOptions & SessionOptions = {},
): Promise<SearchResult> {
  const session = await SearchSession.open(repo, opts);
  return session.search(query, opts);
}
