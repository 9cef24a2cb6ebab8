// backupNotion: one snapshot of everything an integration sees, reusing the previous snapshot's unchanged pages.

import { type ArchiveEvent, archiveSource } from "../backup/archiver.ts";
import { commitSnapshot } from "../store/commit.ts";
import type { LockOptions } from "../store/lock.ts";
import type { Repository } from "../store/repository.ts";
import type { Snapshot } from "../store/snapshot.ts";
import { loadTree, type TreeBlobs } from "../store/tree.ts";
import type { NotionClient } from "./client.ts";
import type { CommentsMode } from "./crawl/context.ts";
import { type CrawlEvent, crawlWorkspace, type PreviousPage, type PreviousQuery } from "./crawl/crawler.ts";
import type { BlockNode, CrawlReport } from "./model.ts";
import { NotionSource, type SnapshotIndex } from "./source.ts";

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
  const snapshot = await commitSnapshot(
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
      const previous = parent && !opts.full ? await PreviousSnapshot.open(repo, parent) : undefined;
      let source: NotionSource | undefined;
      const records = crawlWorkspace(
        client,
        {
          comments: opts.comments,
          externalFiles: opts.externalFiles,
          concurrency: opts.concurrency,
          signal: opts.signal,
          previous: previous
            ? (q) => previous.unchanged(q, (id, nodes) => source?.noteBlocks(id, nodes))
            : undefined,
        },
        (event) => onEvent?.({ type: "crawl", event }),
      );
      source = new NotionSource(records, {
        previousPath: (id) => previous?.pathOf(id),
        reportExtra: () => ({
          workspace,
          backup: { full: opts.full === true, comments: opts.comments ?? "all", parent: parent?.id ?? null },
        }),
      });
      const result = await archiveSource(repo, source, {
        parentTree: parent?.manifest.tree,
        signal: opts.signal,
        onEvent: (event) => onEvent?.({ type: "archive", event }),
      });
      report = source.report;
      archiveWarnings = result.warnings;
      return { tree: result.tree, summary: result.summary };
    },
  );
  onEvent?.({ type: "done", snapshot });
  if (!report) throw new Error("the crawl ended without its report");
  return { snapshot, workspace, report, archiveWarnings };
}

/** The previous snapshot's index.json and block trees, read on demand. */
class PreviousSnapshot {
  private readonly trees = new Map<string, Promise<TreeEntries>>();

  private constructor(
    private readonly repo: Repository,
    private readonly root: string,
    private readonly index: SnapshotIndex,
    private readonly capturedAt: number,
  ) {}

  /** Reads index.json of `snapshot`; undefined when it has none (not a Notion snapshot). */
  static async open(repo: Repository, snapshot: Snapshot): Promise<PreviousSnapshot | undefined> {
    const root = snapshot.manifest.tree;
    const index = await readJson<SnapshotIndex>(repo, root, ["index.json"]);
    if (index?.version !== 1) return undefined;
    return new PreviousSnapshot(repo, root, index, Date.parse(snapshot.manifest.time));
  }

  pathOf(id: string): string[] | undefined {
    return this.index.entries[id]?.path.split("/");
  }

  /** What the crawler needs to skip an unchanged page's blocks, or undefined to read them again. */
  async unchanged(
    q: PreviousQuery,
    note: (pageId: string, nodes: BlockNode[]) => void,
  ): Promise<PreviousPage | undefined> {
    const entry = this.index.entries[q.id];
    if (!entry?.last_edited_time || entry.last_edited_time !== q.last_edited_time) return undefined;
    if (this.capturedAt - Date.parse(q.last_edited_time) < EDIT_SAFETY_MARGIN_MS) return undefined;
    const blocks = await readJson<BlockNode[]>(
      this.repo,
      this.root,
      [...entry.path.split("/"), "blocks.json"],
      this.trees,
    );
    if (!Array.isArray(blocks)) return undefined;
    const found: PreviousPage = { childPages: [], childDatabases: [], blockIds: [] };
    const walk = (nodes: BlockNode[]) => {
      for (const n of nodes) {
        const type = "type" in n.block ? n.block.type : undefined;
        if (type === "child_page") found.childPages.push(n.block.id);
        else if (type === "child_database") found.childDatabases.push(n.block.id);
        else found.blockIds!.push(n.block.id);
        walk(n.children);
      }
    };
    walk(blocks);
    note(q.id, blocks);
    return found;
  }
}

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
    if (!entries) {
      entries = loadTree(repo, treeId).then((t) => new Map(t.entries.map((e) => [e.name, e])));
      trees.set(treeId, entries);
    }
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
