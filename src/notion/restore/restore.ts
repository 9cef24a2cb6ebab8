// Restores a workspace snapshot (or one page, database or row of it) under a Notion page: plan, create in dependency order, report.
import type { NotionClient } from "../client.ts";
import type { BlockNode } from "../model.ts";
import type { PageComments, WorkspaceSnapshot } from "../snapshot-reader.ts";
import { type AppendContext, appendBlockTree } from "./append.ts";
import { dryRunClient } from "./dry-run-client.ts";
import { IdMap } from "./id-map.ts";
import { RestoreJournal } from "./journal.ts";
import { planRestore, type RestorePlan } from "./plan.ts";
import { type RestoreReport, RestoreReportBuilder } from "./report.ts";
import { Restorer } from "./restorer.ts";

export type { RestoreReport } from "./report.ts";

/** Progress of a restore (the core never prints; the CLI renders these). */
export type RestoreEvent =
  | { type: "plan"; pages: number; rows: number; databases: number; dataSources: number; blocks: number }
  | {
      type: "phase";
      phase: "pages" | "schemas" | "content" | "rows" | "relations" | "fix-ups" | "synced" | "comments";
    }
  | { type: "created"; kind: "page" | "row" | "database" | "data_source"; oldId: string; newId: string }
  | { type: "requests"; total: number };

/** Options of restoreToNotion. */
export interface RestoreOptions {
  client: NotionClient;
  /** The page (id or URL) the restored objects go under. */
  target: string;
  /** A page, database, data source or row of the snapshot (id, URL or path); default: the whole snapshot. */
  root?: string;
  /** Plan and count the requests without writing anything. */
  dryRun?: boolean;
  /** The journal file (RestoreJournal.pathFor); required unless dryRun. */
  journalPath?: string;
  signal?: AbortSignal;
  onEvent?: (event: RestoreEvent) => void;
}

/**
 * Recreates the snapshot's pages, databases, rows, blocks, files and comments under `target`.
 * Every create is journaled: a re-run with the same journal continues where a failed or killed run
 * stopped and creates nothing twice.
 */
export async function restoreToNotion(
  reader: WorkspaceSnapshot,
  opts: RestoreOptions,
): Promise<RestoreReport> {
  const plan = await planRestore(reader, opts.root, opts.signal);
  const report = new RestoreReportBuilder(plan, opts.dryRun === true);
  opts.onEvent?.({ type: "plan", ...report.planCounts() });
  const client = opts.dryRun ? dryRunClient(opts.client.baseUrl) : opts.client;
  if (!opts.dryRun && !opts.journalPath) throw new TypeError("restoreToNotion needs a journalPath");
  const journal = opts.dryRun ? RestoreJournal.memory() : await RestoreJournal.open(opts.journalPath!);
  const before = client.stats().totalRequests;
  try {
    const restorer = new Restorer(reader, plan, {
      client,
      journal,
      idMap: new IdMap(journal),
      target: opts.target,
      report,
      dryRun: opts.dryRun === true,
      ...(opts.signal ? { signal: opts.signal } : {}),
      emit: (e) => opts.onEvent?.(e),
    });
    await restorer.run();
    return report.finish(client.stats(), before, journal);
  } finally {
    await journal.close();
  }
}

/** Re-exported for the in-place rollback and tests. */
export { type AppendContext, appendBlockTree, type BlockNode, type PageComments, type RestorePlan };
