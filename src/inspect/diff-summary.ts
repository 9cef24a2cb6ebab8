// Counts of a diff, and the alarm a cron job wants: a large share of pages deleted, emptied or cleared at once.
import { contentChanged, type ObjectDiff } from "./diff-object.ts";

/** Counts per object type. */
export interface TypeCounts {
  added: number;
  removed: number;
  changed: number;
}

/** What a diff amounts to. */
export interface DiffSummary {
  /** Objects (pages, rows, templates, databases, data sources) only in the new snapshot. */
  added: number;
  removed: number;
  moved: number;
  renamed: number;
  /** Objects whose content (blocks, properties, comments, files, schema ...) changed. */
  changed: number;
  /** Pages and rows that had blocks and have none now. */
  emptied: number;
  byType: Record<string, TypeCounts>;
  blocks: { added: number; removed: number; changed: number };
  /** Property values changed, over all rows. */
  properties: number;
  comments: { added: number; removed: number };
}

/** A destructive pattern over more than the threshold: what, how many, out of how many. */
export interface MassChange {
  /** "deleted": pages and rows removed or emptied; "properties-cleared": rows whose values were emptied. */
  kind: "deleted" | "properties-cleared";
  count: number;
  total: number;
  ratio: number;
}

/** The default share of pages and rows that may change destructively before a diff raises the alarm. */
export const DEFAULT_MASS_THRESHOLD = 0.1;

const PAGE_TYPES = new Set(["page", "row"]);

/** Sums up a diff's objects. */
export function summarise(objects: ObjectDiff[]): DiffSummary {
  const s: DiffSummary = {
    added: 0,
    removed: 0,
    moved: 0,
    renamed: 0,
    changed: 0,
    emptied: 0,
    byType: {},
    blocks: { added: 0, removed: 0, changed: 0 },
    properties: 0,
    comments: { added: 0, removed: 0 },
  };
  for (const d of objects) {
    const t = s.byType[d.type] ?? { added: 0, removed: 0, changed: 0 };
    s.byType[d.type] = t;
    if (d.status === "added" || d.status === "removed") {
      s[d.status]++;
      t[d.status]++;
      continue;
    }
    if (d.moved) s.moved++;
    if (d.renamed) s.renamed++;
    if (d.emptied) s.emptied++;
    if (contentChanged(d)) {
      s.changed++;
      t.changed++;
    }
    s.blocks.added += d.blocks?.added ?? 0;
    s.blocks.removed += d.blocks?.removed ?? 0;
    s.blocks.changed += d.blocks?.changed ?? 0;
    s.properties += d.properties?.length ?? 0;
    s.comments.added += d.comments?.added.length ?? 0;
    s.comments.removed += d.comments?.removed.length ?? 0;
  }
  return s;
}

/**
 * The worst destructive pattern whose share exceeds `threshold` (0..1), if any. `totals` counts the
 * pages and rows of the old snapshot (within the diffed subtree).
 */
export function detectMassChange(
  objects: ObjectDiff[],
  totals: { pages: number; rows: number },
  threshold: number,
): MassChange | undefined {
  const deleted = objects.filter(
    (d) => PAGE_TYPES.has(d.type) && (d.status === "removed" || (d.status === "changed" && d.emptied)),
  ).length;
  const cleared = objects.filter(
    (d) => d.type === "row" && d.status === "changed" && d.properties?.some((p) => p.cleared),
  ).length;
  const candidates: MassChange[] = [
    rate("deleted", deleted, totals.pages + totals.rows),
    rate("properties-cleared", cleared, totals.rows),
  ].filter((m) => m.count > 0 && m.ratio > threshold);
  return candidates.sort((x, y) => y.ratio - x.ratio)[0];
}

function rate(kind: MassChange["kind"], count: number, total: number): MassChange {
  return { kind, count, total, ratio: total === 0 ? 0 : count / total };
}
