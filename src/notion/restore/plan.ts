// What a restore will create and in which order: the objects in scope, their block trees, synced blocks held back, ids to read back.
import type { BlockNode } from "../model.ts";
import type { WorkspaceSnapshot } from "../snapshot-reader.ts";

/** An object of the snapshot the restore creates. */
export interface PlannedObject {
  id: string;
  type: "page" | "row" | "database" | "data_source";
  title: string;
  /** Old id of its parent in the restore (undefined: created under the target page). */
  parent?: string;
}

/** Where a block sits, for held-back blocks and id read-back. */
interface BlockPlace {
  page: string;
  /** Old id of its parent block (undefined at the page's top level). */
  parentBlock?: string;
  /** Old id of the sibling just before it (undefined when first). */
  previous?: string;
}

/** The restore's plan: scope, order and the facts the run needs about blocks. */
export interface RestorePlan {
  /** Objects restored directly under the target page, in order. */
  roots: string[];
  objects: Map<string, PlannedObject>;
  /** Pages (and rows) in the order they are created. */
  pageOrder: string[];
  /** The same, in groups: the pages (first), then each row with the pages it holds. */
  groups: Array<{ row?: string; pages: string[] }>;
  /** Pages whose first blocks go into their create (those before their first child page or database): how many. */
  firstSegment: Map<string, number>;
  /** Block trees of every page in scope, by page id. */
  blocks: Map<string, BlockNode[]>;
  /** Every block of the trees by old id. */
  nodes: Map<string, BlockNode>;
  places: Map<string, BlockPlace>;
  /** Synced references created after their page, once their original exists. */
  deferred: string[];
  /** Blocks whose new ids must be read back even when nested. */
  needIds: Set<string>;
  /** Objects of the snapshot skipped, and why (templates ...). */
  skipped: Array<{ id: string; type: string; reason: string }>;
}

/** Builds the plan of restoring `root` (an id or path; default every root of the snapshot). */
export async function planRestore(
  reader: WorkspaceSnapshot,
  root?: string,
  signal?: AbortSignal,
): Promise<RestorePlan> {
  const plan: RestorePlan = {
    roots: root ? [reader.require(root)] : reader.roots(),
    objects: new Map(),
    pageOrder: [],
    groups: [],
    firstSegment: new Map(),
    blocks: new Map(),
    nodes: new Map(),
    places: new Map(),
    deferred: [],
    needIds: new Set(),
    skipped: [],
  };
  // Scope: the roots and everything indexed below them.
  const collect = (id: string, parent: string | undefined) => {
    const e = reader.entry(id);
    if (!e) return;
    if (e.type === "template") {
      plan.skipped.push({
        id,
        type: "template",
        reason: "database templates cannot be created through the API",
      });
      return;
    }
    const type = e.type === "data_source" || e.type === "database" || e.type === "row" ? e.type : "page";
    if (type === "database") views.push(id);
    plan.objects.set(id, { id, type, title: e.title, ...(parent ? { parent } : {}) });
    for (const child of reader.childrenOf(id)) collect(child, id);
  };
  const views: string[] = [];
  for (const r of plan.roots) collect(r, undefined);
  for (const db of views) {
    const n = (await reader.views(db, signal)).length;
    if (n > 0) {
      plan.skipped.push({
        id: db,
        type: "views",
        reason: `${n} views: the API cannot create database views`,
      });
    }
  }
  for (const obj of plan.objects.values()) {
    if (obj.type !== "page" && obj.type !== "row") continue;
    const tree = await reader.blocks(obj.id, signal);
    plan.blocks.set(obj.id, tree);
    index(plan, obj.id, tree, undefined);
  }
  // Creation order, as the restorer walks: every page and database depth first in content order
  // (bare, with the blocks before its first child page inside the create), then the rest of each
  // page's content in that order; rows and what they hold after all of it, row by row.
  const isStructural = (n: BlockNode) => {
    const t = (n.block as { type?: string }).type;
    return (t === "child_page" || t === "child_database") && plan.objects.has(n.block.id);
  };
  for (const [id, tree] of plan.blocks) {
    const first = tree.findIndex(isStructural);
    if (first > 0) plan.firstSegment.set(id, first);
  }
  const seen = new Set<string>();
  const rows: string[] = [];
  // Position of each block in creation order, for synced references.
  const sequence = new Map<string, number>();
  const number = (n: BlockNode) => {
    sequence.set(n.block.id, sequence.size);
    for (const c of n.children) number(c);
  };
  let group: string[] = [];
  const walk = (id: string, rowPhase: boolean) => {
    const obj = plan.objects.get(id);
    if (!obj || seen.has(id)) return;
    if (obj.type === "row" && !rowPhase && !plan.roots.includes(id)) {
      rows.push(id);
      return;
    }
    seen.add(id);
    if (obj.type === "page" || obj.type === "row") {
      group.push(id);
      const tree = plan.blocks.get(id) ?? [];
      for (const n of tree.slice(0, plan.firstSegment.get(id) ?? 0)) number(n);
      for (const n of tree) if (isStructural(n)) walk(n.block.id, rowPhase);
    }
    for (const child of childrenInScope(plan, id)) walk(child, rowPhase);
  };
  const content = (pages: string[]) => {
    for (const id of pages) {
      const tree = plan.blocks.get(id) ?? [];
      for (const n of tree.slice(plan.firstSegment.get(id) ?? 0)) if (!isStructural(n)) number(n);
    }
  };
  for (const r of plan.roots) walk(r, false);
  plan.groups.push({ pages: group });
  content(group);
  for (const r of rows) {
    group = [];
    walk(r, true);
    plan.groups.push({ row: r, pages: group });
    content(group);
  }
  plan.pageOrder = plan.groups.flatMap((g) => g.pages);
  holdBackSyncedReferences(plan, sequence);
  return plan;
}

/** The objects in scope whose parent is `id`, in snapshot order. */
export function childrenInScope(plan: RestorePlan, id: string): string[] {
  const out: string[] = [];
  for (const obj of plan.objects.values()) if (obj.parent === id) out.push(obj.id);
  return out;
}

function index(plan: RestorePlan, page: string, nodes: BlockNode[], parentBlock: string | undefined): void {
  let previous: string | undefined;
  for (const n of nodes) {
    const id = n.block.id;
    plan.nodes.set(id, n);
    plan.places.set(id, {
      page,
      ...(parentBlock ? { parentBlock } : {}),
      ...(previous ? { previous } : {}),
    });
    previous = id;
    index(plan, page, n.children, id);
  }
}

/**
 * A synced reference whose original is created after it (or in the same page, maybe in the same
 * request) cannot point at it when it is written: it is held back and inserted after its previous
 * sibling at the end. The decision depends on the plan only, so a re-run holds back the same blocks.
 */
function holdBackSyncedReferences(plan: RestorePlan, sequence: Map<string, number>): void {
  for (const [id, node] of plan.nodes) {
    const from = (node.block as { synced_block?: { synced_from?: { block_id?: string } | null } })
      .synced_block?.synced_from?.block_id;
    if (!from) continue;
    const original = plan.places.get(from);
    if (!original) continue; // outside the restore: the reference keeps pointing at it
    plan.needIds.add(from);
    const here = plan.places.get(id)!;
    const before = (sequence.get(from) ?? Number.POSITIVE_INFINITY) < (sequence.get(id) ?? 0);
    if (before && original.page !== here.page) continue;
    plan.deferred.push(id);
    if (here.parentBlock) plan.needIds.add(here.parentBlock);
    if (here.previous) plan.needIds.add(here.previous);
  }
}
