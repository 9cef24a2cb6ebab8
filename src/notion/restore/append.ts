// Appends a whole block tree under a page or block in as few requests as Notion allows, journaled so a re-run resumes.
//
// Each request carries up to 100 first-level blocks with at most two levels below them, at most
// 1000 block elements and ~450 KB of JSON (block-batch.ts shapes them). A block whose subtree does
// not fit is sent without its children, which follow in their own requests under the id the answer
// returns; blocks that must be created with children (column lists, columns, tables) carry the
// levels and first 100 children that fit, and the ids below them are read back with
// blocks.children.list. Which levels go in which request depends only on the tree, so a re-run
// makes the same requests and recognises the ones the journal confirms.
import type { NotionClient } from "../client.ts";
import type { BlockNode } from "../model.ts";
import { APPEND_LIMITS, Batch, needsLook, type Prepared, prepare, render } from "./block-batch.ts";
import type { BlockPayload, PayloadContext } from "./blocks-payload.ts";
import type { IdMap } from "./id-map.ts";
import type { RestoreJournal } from "./journal.ts";

export { APPEND_LIMITS } from "./block-batch.ts";

/** What appending needs from the restore. */
export interface AppendContext {
  journal: RestoreJournal;
  idMap: IdMap;
  /** How payloads are built (outside links, uploaded files). */
  payload: Omit<PayloadContext, "idMap">;
  signal?: AbortSignal;
  /** Creates a child page or database met among the blocks, in place (called in order, awaited). */
  onStructural?: (node: BlockNode, parentNewId: string) => Promise<void>;
  /**
   * The child pages and databases among the blocks exist already (created before the content): the
   * blocks that follow one are inserted right after it (`after`), instead of appended at the end.
   */
  anchored?: boolean;
  /** With `anchored`: the existing child the first blocks go after. */
  after?: string;
  /** Told of a block that cannot be created, and why. */
  onDropped?: (node: BlockNode, reason: string) => void;
  /** Old ids whose new ids must be known even when nested (comment anchors, synced originals, fix-ups). */
  needsId?: (oldId: string) => boolean;
  /**
   * Blocks held back (e.g. a synced reference whose original is created later); the caller inserts
   * them afterwards. Must depend on the plan only, not on what exists, so re-runs agree.
   */
  defer?: (node: BlockNode) => boolean;
  /** Told after each request, for progress and counts: the blocks it created (append) or read (list). */
  onRequest?: (endpoint: "blocks.children.append" | "blocks.children.list", blocks: number) => void;
}

/** Appends `nodes` (in order) under `parentId`; child pages and databases are handed to `onStructural` in place. */
export async function appendBlockTree(
  client: NotionClient,
  parentId: string,
  nodes: BlockNode[],
  ctx: AppendContext,
): Promise<void> {
  let batch = new Batch();
  // The new id of the last child known to exist under parentId (where a batch would land after).
  let after: string | undefined = ctx.after;
  // A batch an earlier run started and did not confirm is formed again exactly as it was sent.
  let forced: number | undefined;
  const flush = async () => {
    if (batch.size === 0) return;
    const sent = batch.items;
    batch = new Batch();
    forced = undefined;
    after = await sendBatch(client, parentId, sent, after, ctx);
  };
  const quiet: AppendContext = {
    ...ctx,
    onDropped: undefined,
    payload: { ...ctx.payload, onOutsideLink: undefined },
  };
  await recordConfirmedBatches(
    nodes.map((node) => ({ node, p: prepare(node, quiet) })),
    ctx,
  );
  for (const node of nodes) {
    // Prepared as late as possible: child pages created just before may resolve its references.
    const p = prepare(node, ctx);
    const old = node.block.id;
    const done = ctx.idMap.get(old);
    if (p === "structural") {
      await flush();
      await ctx.onStructural?.(node, parentId);
      after = ctx.idMap.get(old) ?? after;
      continue;
    }
    if (!p) continue;
    if (done) {
      // Created by an earlier run: only what hangs below it may be missing.
      await flush();
      after = done;
      await continueBelow(client, done, p, ctx);
      continue;
    }
    if (forced === undefined && !batch.fits(p)) await flush();
    if (batch.size === 0) forced = pendingCount(ctx, old);
    batch.push(p);
    if (forced !== undefined && batch.size >= forced) await flush();
  }
  await flush();
}

/** The size of the batch an earlier run started at this block and never confirmed, if any. */
function pendingCount(ctx: AppendContext, firstOld: string): number | undefined {
  const hint = ctx.journal.pending(`append:${firstOld}`) as { count?: number } | undefined;
  return typeof hint?.count === "number" && hint.count > 0 ? hint.count : undefined;
}

/**
 * A run killed after an append was confirmed but before each of its blocks was recorded: the
 * batch's ids (kept under its first block) are given to the blocks that follow it, in order.
 */
async function recordConfirmedBatches(
  prepared: Array<{ node: BlockNode; p: Prepared | "structural" | undefined }>,
  ctx: AppendContext,
): Promise<void> {
  for (let i = 0; i < prepared.length; i++) {
    const joined = ctx.journal.get(`append:${prepared[i]!.node.block.id}`);
    if (!joined) continue;
    const ids = joined.split(",");
    let j = i;
    for (const id of ids) {
      while (j < prepared.length && (prepared[j]!.p === undefined || prepared[j]!.p === "structural")) j++;
      const member = prepared[j++];
      if (!member) break;
      if (!ctx.idMap.has(member.node.block.id)) await ctx.idMap.set(member.node.block.id, id, "block");
    }
  }
}

/** Sends one batch (journaled), records the first-level ids, then completes what hangs below. Returns the last new id. */
async function sendBatch(
  client: NotionClient,
  parentId: string,
  batch: Prepared[],
  after: string | undefined,
  ctx: AppendContext,
): Promise<string | undefined> {
  const first = batch[0]!.node.block.id;
  const types = batch.map((p) => p.payload.type);
  const key = `append:${first}`;
  if (!ctx.journal.get(key)) await markFixUps(batch, ctx);
  const joined = await ctx.journal.once(
    key,
    async () => {
      const children = batch.map((p) => render(p));
      const res = await client.call(
        "blocks.children.append",
        { block_id: parentId, children: children as never, ...(ctx.anchored && after ? { after } : {}) },
        { signal: ctx.signal },
      );
      ctx.onRequest?.(
        "blocks.children.append",
        batch.reduce((n, p) => n + p.elements, 0),
      );
      return res.results
        .slice(0, batch.length)
        .map((b) => b.id)
        .join(",");
    },
    {
      hint: { parent: parentId, after: after ?? null, count: batch.length },
      recover: () => findAppended(client, parentId, after, types, ctx),
    },
  );
  const ids = joined.split(",");
  for (const [i, p] of batch.entries()) {
    const id = ids[i];
    if (!id) continue;
    await ctx.idMap.set(p.node.block.id, id, "block");
    await continueBelow(client, id, p, ctx);
  }
  return ids[ids.length - 1] ?? after;
}

/**
 * After a block exists with `levels` of its tree: reads back the ids of nested blocks that matter
 * (deeper content to append under, needed ids), and appends the children the request did not carry
 * (all of them when it carried the block alone, those past the first 100 otherwise).
 */
async function continueBelow(
  client: NotionClient,
  newId: string,
  p: Prepared,
  ctx: AppendContext,
  levels = p.levels,
): Promise<void> {
  if (p.kids.length === 0) return;
  // Nested children hold no child pages: they go at the end of their parent.
  const { after: _a, anchored: _b, ...nested } = ctx;
  const rest = levels <= 1 ? p.kids : p.kids.slice(APPEND_LIMITS.children);
  if (levels > 1) {
    const sent = p.kids.slice(0, APPEND_LIMITS.children);
    const wanted = (k: Prepared) =>
      k.forward !== undefined || (ctx.needsId?.(k.node.block.id) ?? false) || isMarked(ctx, k.node.block.id);
    const deeper = (k: Prepared) => Math.min(levels - 1, k.levels);
    if (rest.length > 0 || sent.some((k) => needsLook(k, deeper(k), wanted))) {
      const listed = await listChildren(client, newId, ctx);
      for (const [i, k] of sent.entries()) {
        const id = listed[i];
        if (!id) continue;
        if (!ctx.idMap.has(k.node.block.id)) await ctx.idMap.set(k.node.block.id, id, "block");
        await continueBelow(client, id, k, ctx, deeper(k));
      }
    }
  }
  if (rest.length > 0) {
    await appendBlockTree(
      client,
      newId,
      rest.map((k) => k.node),
      nested,
    );
  }
}

async function listChildren(client: NotionClient, blockId: string, ctx: AppendContext): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const res = await client.call(
      "blocks.children.list",
      { block_id: blockId, page_size: 100, ...(cursor ? { start_cursor: cursor } : {}) },
      { signal: ctx.signal },
    );
    ctx.onRequest?.("blocks.children.list", res.results.length);
    for (const b of res.results) ids.push(b.id);
    cursor = res.has_more ? (res.next_cursor ?? undefined) : undefined;
  } while (cursor);
  return ids;
}

/**
 * Whether an unconfirmed append happened: the parent's children right after `after` (or from the
 * start) are blocks of the batch's types, in order. Appends are all or nothing, so a match of the
 * whole run means it happened.
 */
async function findAppended(
  client: NotionClient,
  parentId: string,
  after: string | undefined,
  types: string[],
  ctx: AppendContext,
): Promise<string | undefined> {
  const ids: string[] = [];
  const kinds: string[] = [];
  let cursor: string | undefined;
  do {
    const res = await client.call(
      "blocks.children.list",
      { block_id: parentId, page_size: 100, ...(cursor ? { start_cursor: cursor } : {}) },
      { signal: ctx.signal },
    );
    for (const b of res.results) {
      ids.push(b.id);
      kinds.push("type" in b ? b.type : "");
    }
    cursor = res.has_more ? (res.next_cursor ?? undefined) : undefined;
  } while (cursor);
  const start = after ? ids.indexOf(after) + 1 : 0;
  if (after && start === 0) return undefined;
  const run = kinds.slice(start, start + types.length);
  if (run.length !== types.length || run.some((t, i) => t !== types[i])) return undefined;
  return ids.slice(start, start + types.length).join(",");
}

/** Journal key of a block created with references to objects not created yet: its content is rewritten at the end. */
export function fixUpKey(oldBlockId: string): string {
  return `fix:${oldBlockId}`;
}

function isMarked(ctx: AppendContext, oldId: string): boolean {
  return ctx.journal.get(fixUpKey(oldId)) !== undefined;
}

// Marked before the append is sent: a kill after it leaves at worst a harmless extra update.
async function markFixUps(batch: Prepared[], ctx: AppendContext): Promise<void> {
  const visit = async (p: Prepared, levels: number) => {
    if (p.forward && !isMarked(ctx, p.node.block.id))
      await ctx.journal.record(fixUpKey(p.node.block.id), "todo");
    if (levels > 1) {
      for (const k of p.kids.slice(0, APPEND_LIMITS.children)) await visit(k, Math.min(levels - 1, k.levels));
    }
  };
  for (const p of batch) await visit(p, p.levels);
}

/**
 * The first blocks of a page that fit in its create request (pages.create takes `children` with
 * the limits of an append), marked for fix-ups like an append; with `onlyResolved`, only those
 * before the first block that names an object not created yet. Returns the request blocks and how
 * many of `nodes` they cover (held-back and dropped blocks included).
 */
export async function childrenForCreate(
  nodes: BlockNode[],
  ctx: AppendContext,
  opts: { onlyResolved?: boolean } = {},
): Promise<{ children: BlockPayload[]; covered: number; sent: BlockNode[]; elements: number }> {
  const batch = new Batch();
  let covered = 0;
  for (const node of nodes) {
    const p = prepare(node, ctx);
    if (p === "structural") break;
    if (p && !batch.fits(p)) break;
    // Blocks that would need a fix-up are better appended later, when what they name exists.
    if (p && opts.onlyResolved && hasForward(p)) break;
    if (p) batch.push(p);
    covered++;
  }
  if (batch.size > 0) await markFixUps(batch.items, ctx);
  return {
    children: batch.items.map((p) => render(p)),
    covered,
    sent: batch.items.map((p) => p.node),
    elements: batch.items.reduce((n, p) => n + p.elements, 0),
  };
}

function hasForward(p: Prepared): boolean {
  return p.forward !== undefined || p.kids.some(hasForward);
}

/**
 * After a page was created with `sent` as its first children: reads back the ids that matter below
 * them (and of the last one when `needLast`, for blocks to go after it) and appends the levels the
 * create could not carry.
 */
export async function completeCreatedChildren(
  client: NotionClient,
  pageNewId: string,
  sent: BlockNode[],
  ctx: AppendContext,
  needLast = false,
): Promise<void> {
  const kids: Prepared[] = [];
  for (const node of sent) {
    const p = prepare(node, { ...ctx, onDropped: undefined });
    if (p && p !== "structural") kids.push(p);
  }
  const last = kids[kids.length - 1]?.node.block.id;
  const look: AppendContext =
    needLast && last ? { ...ctx, needsId: (id) => id === last || (ctx.needsId?.(id) ?? false) } : ctx;
  const root: Prepared = {
    node: { block: { id: pageNewId } as never, children: [] },
    payload: { type: "page" },
    kids,
    height: 1 + Math.max(0, ...kids.map((k) => k.height)),
    levels: APPEND_LIMITS.levels + 1,
    elements: 0,
    bytes: 0,
  };
  await continueBelow(client, pageNewId, root, look, APPEND_LIMITS.levels + 1);
}
