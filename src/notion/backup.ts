// backupNotion: one snapshot of everything an integration sees, reusing the previous snapshot's unchanged pages.

import { type ArchiveEvent, archiveSource } from "../backup/archiver.ts";
import { commitSnapshot } from "../store/commit.ts";
import { defaultCacheRoot } from "../store/index-cache.ts";
import type { LockOptions } from "../store/lock.ts";
import type { Repository } from "../store/repository.ts";
import type { Snapshot } from "../store/snapshot.ts";
import { loadTree, type TreeBlobs } from "../store/tree.ts";
import type { NotionClient } from "./client.ts";
import { commentsDue, DEFAULT_COMMENTS_REFRESH_MS } from "./crawl/comments-refresh.ts";
import { type CommentsMode, previousPageFrom } from "./crawl/context.ts";
import { type CrawlEvent, crawlWorkspace, type PreviousPage, type PreviousQuery } from "./crawl/crawler.ts";
import { CrawlJournal } from "./crawl/journal.ts";
import { JournalRecorder } from "./crawl/journal-recorder.ts";
import type { BlockNode, CrawlReport } from "./model.ts";
import { type IndexEntry, NotionSource, type SnapshotIndex } from "./source.ts";

/**
 * Notion shows last_edited_time rounded down to the minute: a page captured less than this long
 * after its shown time may have changed again within that minute, so it is read again.
 */
export const EDIT_SAFETY_MARGIN_MS = 2 * 60_000;

/** What a Notion backup reports while it runs. */
export type NotionBackupEvent =
  | { type: "start"; workspace: string; parent?: string }
  | { type: "crawl"; event: CrawlEvent }
  | { type: "archive"; event: ArchiveEvent }
  | { type: "done"; snapshot: Snapshot };

/** Options of `backupNotion`. */
export interface NotionBackupOptions {
  repo: Repository;
  client: NotionClient;
  comments?: CommentsMode;
  externalFiles?: boolean;
  /** Read every page's blocks again instead of reusing the previous snapshot's. */
  full?: boolean;
  tags?: string[];
  host?: string;
  lock?: LockOptions;
  signal?: AbortSignal;
  /**
   * How often the comments of an unchanged page are listed again, in ms (default 7 days; 0: every
   * backup; Infinity: never). Notion does not move a page's last_edited_time for a new comment.
   */
  commentsRefreshMs?: number;
  /**
   * Local folder of the resume journal (default: the store cache, defaultCacheRoot()); false for
   * none. A killed run's journal lets the next run skip what it already stored.
   */
  cacheDir?: string | false;
  /** How often the journal is written (the store flushed first), in ms (default 30 s). */
  checkpointMs?: number;
  /** Pages and databases crawled at once (default: the crawler's). */
  concurrency?: number;
}

/** What a Notion backup produced. */
export interface NotionBackupResult {
  snapshot: Snapshot;
  workspace: { id: string; name: string };
  report: CrawlReport;
  /** Problems met while writing (missing reused entries ...), beside the crawl's warnings. */
  archiveWarnings: string[];
}

/** Backs up the workspace the client's integration sees into a new snapshot of `repo`. */
export async function backupNotion(
  opts: NotionBackupOptions,
  onEvent?: (event: NotionBackupEvent) => void,
): Promise<NotionBackupResult> {
  const { repo, client } = opts;
  const me = (await client.call("users.me", {}, { signal: opts.signal })) as {
    id: string;
    bot?: { workspace_id?: string; workspace_name?: string | null };
  };
  const workspace = { id: me.bot?.workspace_id ?? me.id, name: me.bot?.workspace_name ?? "" };
  const started = new Date();
  let report: CrawlReport | undefined;
  let archiveWarnings: string[] = [];
  let journalDone: CrawlJournal | undefined;
  let snapshot: Snapshot;
  try {
    snapshot = await commitSnapshot(
      repo,
      {
        paths: [`notion:${workspace.id}`],
        tags: opts.tags,
        host: opts.host,
        time: started,
        meta: { source: "notion", workspace_name: workspace.name },
        lock: opts.lock,
        signal: opts.signal,
      },
      async ({ parent }) => {
        onEvent?.({ type: "start", workspace: workspace.id, ...(parent ? { parent: parent.id } : {}) });
        const previous =
          parent && !opts.full
            ? await PreviousSnapshot.open(repo, parent, {
                comments: opts.comments ?? "all",
                refreshMs: opts.commentsRefreshMs ?? DEFAULT_COMMENTS_REFRESH_MS,
                now: started.getTime(),
              })
            : undefined;
        const journal =
          opts.cacheDir === false
            ? undefined
            : await CrawlJournal.open({
                file: CrawlJournal.path(opts.cacheDir ?? defaultCacheRoot(), repo.config.id, workspace.id),
                scope: {
                  workspaceId: workspace.id,
                  parent: parent?.id ?? null,
                  comments: opts.comments ?? "all",
                  externalFiles: opts.externalFiles === true,
                  full: opts.full === true,
                },
                started: started.getTime(),
                flush: () => repo.flush(),
                checkpointMs: opts.checkpointMs,
              });
        let source: NotionSource | undefined;
        const note = (id: string, nodes: BlockNode[]) => source?.noteBlocks(id, nodes);
        const unchanged = async (q: PreviousQuery): Promise<PreviousPage | undefined> => {
          const resumed = await journal?.resume(q, repo, EDIT_SAFETY_MARGIN_MS);
          if (resumed) {
            note(q.id, resumed.blocks);
            return { ...previousPageFrom(resumed.blocks), reuseComments: true, journal: resumed.entry };
          }
          return previous?.unchanged(q, note);
        };
        const records = crawlWorkspace(
          client,
          {
            comments: opts.comments,
            externalFiles: opts.externalFiles,
            concurrency: opts.concurrency,
            signal: opts.signal,
            previous: previous || journal?.previous.size ? unchanged : undefined,
            previousObject: previous ? (q) => previous.pageObject(q) : undefined,
          },
          (event) => onEvent?.({ type: "crawl", event }),
        );
        source = new NotionSource(records, {
          previousPath: (id) => previous?.pathOf(id),
          ...(journal ? { recorder: new JournalRecorder(journal) } : {}),
          reportExtra: () => ({
            workspace,
            backup: {
              full: opts.full === true,
              comments: opts.comments ?? "all",
              comments_refresh_ms: finiteOrNull(opts.commentsRefreshMs ?? DEFAULT_COMMENTS_REFRESH_MS),
              parent: parent?.id ?? null,
            },
          }),
        });
        let result: Awaited<ReturnType<typeof archiveSource>>;
        try {
          result = await archiveSource(repo, source, {
            parentTree: parent?.manifest.tree,
            signal: opts.signal,
            onEvent: (event) => onEvent?.({ type: "archive", event }),
          });
        } catch (err) {
          // What is stored so far is kept for the next run (best effort: the store may be what failed).
          await journal?.checkpoint().catch(() => {});
          await journal?.close();
          throw err;
        }
        journalDone = journal;
        report = source.report;
        archiveWarnings = result.warnings;
        return { tree: result.tree, summary: result.summary };
      },
    );
  } catch (err) {
    await journalDone?.close();
    throw err;
  }
  await journalDone?.discard();
  onEvent?.({ type: "done", snapshot });
  if (!report) throw new Error("the crawl ended without its report");
  return { snapshot, workspace, report, archiveWarnings };
}

function finiteOrNull(n: number): number | null {
  return Number.isFinite(n) ? n : null;
}

/** The comments policy an incremental backup applies to unchanged pages. */
interface CommentsPolicy {
  comments: CommentsMode;
  refreshMs: number;
  /** This backup's time. */
  now: number;
}

/** The previous snapshot's index.json and block trees, read on demand. */
class PreviousSnapshot {
  private readonly trees = new Map<string, Promise<TreeEntries>>();

  private constructor(
    private readonly repo: Repository,
    private readonly root: string,
    private readonly index: SnapshotIndex,
    private readonly capturedAt: number,
    private readonly policy: CommentsPolicy,
    /** Whether its comments were read in the same mode as this backup's (so they may be reused). */
    private readonly sameComments: boolean,
  ) {}

  /** Reads index.json of `snapshot`; undefined when it has none (not a Notion snapshot). */
  static async open(
    repo: Repository,
    snapshot: Snapshot,
    policy: CommentsPolicy,
  ): Promise<PreviousSnapshot | undefined> {
    const root = snapshot.manifest.tree;
    const index = await readJson<SnapshotIndex>(repo, root, ["index.json"]);
    if (index?.version !== 1) return undefined;
    const report = await readJson<{ backup?: { comments?: string } }>(repo, root, ["report.json"]);
    const sameComments = (report?.backup?.comments ?? "all") === policy.comments;
    return new PreviousSnapshot(repo, root, index, Date.parse(snapshot.manifest.time), policy, sameComments);
  }

  pathOf(id: string): string[] | undefined {
    return this.index.entries[id]?.path.split("/");
  }

  /** Whether the previous snapshot holds `q` as it is now (same last_edited_time, past the safety margin). */
  private same(q: PreviousQuery): IndexEntry | undefined {
    const entry = this.index.entries[q.id];
    if (!entry?.last_edited_time || entry.last_edited_time !== q.last_edited_time) return undefined;
    if (this.capturedAt - Date.parse(q.last_edited_time) < EDIT_SAFETY_MARGIN_MS) return undefined;
    return entry;
  }

  /** The page object of an unchanged page, as the previous snapshot holds it. */
  async pageObject(q: PreviousQuery): Promise<Record<string, unknown> | undefined> {
    const entry = this.same(q);
    if (!entry) return undefined;
    const page = await readJson<Record<string, unknown>>(
      this.repo,
      this.root,
      [...entry.path.split("/"), "page.json"],
      this.trees,
    );
    return page?.id === q.id ? page : undefined;
  }

  /** What the crawler needs to skip an unchanged page's blocks, or undefined to read them again. */
  async unchanged(
    q: PreviousQuery,
    note: (pageId: string, nodes: BlockNode[]) => void,
  ): Promise<PreviousPage | undefined> {
    const entry = this.same(q);
    if (!entry) return undefined;
    const blocks = await readJson<BlockNode[]>(
      this.repo,
      this.root,
      [...entry.path.split("/"), "blocks.json"],
      this.trees,
    );
    if (!Array.isArray(blocks)) return undefined;
    const found = previousPageFrom(blocks);
    note(q.id, blocks);
    found.reuseComments =
      this.sameComments && !commentsDue(q.id, this.capturedAt, this.policy.now, this.policy.refreshMs);
    return found;
  }
}

/** Decoded folder trees of the previous snapshot kept at once. */
const TREE_CACHE_SIZE = 512;

type TreeEntries = Map<string, Awaited<ReturnType<typeof loadTree>>["entries"][number]>;

/**
 * Reads a JSON file of a snapshot tree; undefined when it is not there. Decoded trees are kept in
 * `trees` by id: a data source folder with 20,000 rows would otherwise be decoded once per row.
 */
async function readJson<T>(
  repo: TreeBlobs,
  root: string,
  path: string[],
  trees: Map<string, Promise<TreeEntries>> = new Map(),
): Promise<T | undefined> {
  let treeId = root;
  for (const [i, part] of path.entries()) {
    let entries = trees.get(treeId);
    if (entries)
      trees.delete(treeId); // re-inserted below: the map's order is recency
    else entries = loadTree(repo, treeId).then((t) => new Map(t.entries.map((e) => [e.name, e])));
    trees.set(treeId, entries);
    // Least recently used first: a folder of 20,000 rows stays, the rows' own folders come and go.
    while (trees.size > TREE_CACHE_SIZE) trees.delete(trees.keys().next().value!);
    const entry = (await entries).get(part);
    if (!entry) return undefined;
    if (i < path.length - 1) {
      if (!entry.subtree) return undefined;
      treeId = entry.subtree;
    } else {
      if (!entry.content) return undefined;
      const parts = await Promise.all(entry.content.map((id) => repo.loadBlob(id)));
      return JSON.parse(Buffer.concat(parts).toString("utf8")) as T;
    }
  }
  return undefined;
}
