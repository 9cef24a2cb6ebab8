// The restore report: what was created, what could not be and why, what stayed pointing outside, what it cost.
import type { ClientStats } from "../client.ts";
import type { RestoreJournal } from "./journal.ts";
import type { RestorePlan } from "./plan.ts";

/** Counts of created objects, by kind. */
export interface CreatedCounts {
  pages: number;
  rows: number;
  databases: number;
  dataSources: number;
  blocks: number;
  comments: number;
  files: number;
}

/** What a restore did (or, with dryRun, would do). */
export interface RestoreReport {
  dryRun: boolean;
  /** What the plan holds. */
  plan: { pages: number; rows: number; databases: number; dataSources: number; blocks: number };
  /** Created by this run. */
  created: CreatedCounts;
  /** Objects an earlier run of the same restore had created (taken from the journal). */
  alreadyRestored: number;
  /** Creates whose answer was lost and that were found done instead of being sent again. */
  recovered: number;
  /** What could not be restored, and why. */
  notRestored: Array<{ id: string; type: string; reason: string }>;
  /** Restored somewhere else than in the snapshot, and why. */
  moved: Array<{ id: string; reason: string }>;
  /** Read-only property values (computed, stamps, ids) not written, per data source and property. */
  readOnlyValues: Array<{ dataSource: string; property: string; type: string; rows: number }>;
  /** References to objects outside the restore, kept pointing at them: from (old id) -> to. */
  outsideLinks: Array<{ from: string; to: string }>;
  /** API requests this run sent, per endpoint (the dry run's are the ones it would send). */
  requests: { total: number; byEndpoint: Record<string, number>; retries: number };
  /** The journal file (empty for a dry run). */
  journal: string;
  /** New id of each restored root (old id -> new id). */
  roots: Record<string, string>;
}

/** Collects the report while the restore runs. */
export class RestoreReportBuilder {
  readonly created: CreatedCounts = {
    pages: 0,
    rows: 0,
    databases: 0,
    dataSources: 0,
    blocks: 0,
    comments: 0,
    files: 0,
  };
  alreadyRestored = 0;
  readonly notRestored: RestoreReport["notRestored"] = [];
  readonly moved: RestoreReport["moved"] = [];
  readonly outsideLinks = new Map<string, string>();
  readonly roots: Record<string, string> = {};
  private readonly readOnly = new Map<
    string,
    { dataSource: string; property: string; type: string; rows: number }
  >();

  constructor(
    private readonly plan: RestorePlan,
    private readonly dryRun: boolean,
  ) {
    for (const s of plan.skipped) this.notRestored.push(s);
  }

  /** The plan's size, for the first progress event. */
  planCounts(): RestoreReport["plan"] {
    const n = { pages: 0, rows: 0, databases: 0, dataSources: 0, blocks: this.plan.nodes.size };
    for (const o of this.plan.objects.values()) {
      if (o.type === "page") n.pages++;
      else if (o.type === "row") n.rows++;
      else if (o.type === "database") n.databases++;
      else n.dataSources++;
    }
    return n;
  }

  /** Notes a value of a read-only property of a row of `dataSource`. */
  readOnlyValue(dataSource: string, property: string, type: string): void {
    const key = `${dataSource}\u0000${property}`;
    const entry = this.readOnly.get(key) ?? { dataSource, property, type, rows: 0 };
    entry.rows++;
    this.readOnly.set(key, entry);
  }

  /** Notes something not restored (once per id and reason). */
  lost(id: string, type: string, reason: string): void {
    if (!this.notRestored.some((e) => e.id === id && e.reason === reason))
      this.notRestored.push({ id, type, reason });
  }

  /** Builds the final report. */
  finish(stats: ClientStats, before: number, journal: RestoreJournal): RestoreReport {
    return {
      dryRun: this.dryRun,
      plan: this.planCounts(),
      created: { ...this.created },
      alreadyRestored: this.alreadyRestored,
      recovered: journal.recovered,
      notRestored: this.notRestored,
      moved: this.moved,
      readOnlyValues: [...this.readOnly.values()],
      outsideLinks: [...this.outsideLinks].map(([from, to]) => ({ from, to })),
      requests: {
        total: stats.totalRequests - before,
        byEndpoint: stats.requests,
        retries: stats.totalRetries,
      },
      journal: journal.path,
      roots: this.roots,
    };
  }
}
