// The blocks of an in-place rollback: the page's current blocks deleted once, the snapshot's tree appended, child pages put back.
import type { PageObjectResponse } from "@notionhq/client";
import type { NotionClient } from "../client.ts";
import { isNotionApiError } from "../errors.ts";
import type { BlockNode } from "../model.ts";
import { appendBlockTree } from "./append.ts";
import type { IdMap } from "./id-map.ts";
import type { InPlaceReport } from "./in-place.ts";
import type { RestoreJournal } from "./journal.ts";

const STRUCTURAL = new Set(["child_page", "child_database"]);

/** What replacing a page's blocks needs. */
export interface ReplaceContext {
  client: NotionClient;
  journal: RestoreJournal;
  idMap: IdMap;
  signal: AbortSignal | undefined;
  /** Filled in: blocks deleted and created, children placed, what was lost, warnings. */
  report: InPlaceReport;
  /** The upload replacing the hosted file at `where` ("image", "callout.icon") of a block. */
  uploadFor: (blockId: string, where: string) => string | undefined;
}

/**
 * Deletes the page's current top-level blocks (once: `inplace:cleared:<page id>` is recorded before
 * anything is appended, so a re-run never deletes what an earlier run appended), then appends the
 * snapshot's tree through appendBlockTree (journaled, resumable). Child pages and databases are never
 * deleted: the snapshot's are untrashed when needed and pages are moved back to their place.
 */
export async function replaceBlocks(pageId: string, tree: BlockNode[], ctx: ReplaceContext): Promise<void> {
  const { client, journal, idMap, signal, report } = ctx;
  const clearedKey = `inplace:cleared:${pageId}`;
  if (!journal.get(clearedKey)) {
    const cleared = await clearBlocks(client, pageId, signal);
    report.blocksDeleted = cleared.deleted;
    const inSnapshot = new Set(tree.map((n) => n.block.id));
    for (const child of cleared.kept) {
      if (!inSnapshot.has(child))
        report.warnings.push(`child page or database ${child} is not in the snapshot: kept`);
    }
    await journal.record(clearedKey, String(cleared.deleted));
  }

  const heldBack = forwardSyncedReferences(tree);
  const nested: BlockNode[] = [];
  await appendBlockTree(client, pageId, tree, {
    journal,
    idMap,
    signal,
    // Every id but the page's own blocks is the same as in the snapshot: nothing to remap.
    payload: { inSet: () => false, uploadFor: ctx.uploadFor },
    defer: (node) => heldBack.has(node.block.id),
    onStructural: async (node, parentNewId) => {
      if (await placeChild(node, parentNewId, ctx)) report.childrenPlaced.push(node.block.id);
    },
    onDropped: (node, reason) => {
      if (STRUCTURAL.has(typeOf(node))) nested.push(node);
      else report.notRestored.push({ id: node.block.id, reason });
    },
  });
  // A child page inside a toggle or column cannot be put back there: it goes to the end of the page.
  for (const node of nested) {
    if (await placeChild(node, pageId, ctx)) {
      report.childrenPlaced.push(node.block.id);
      report.notRestored.push({
        id: node.block.id,
        reason: "was inside a block; put at the end of the page",
      });
    }
  }
  for (const old of heldBack) {
    report.notRestored.push({
      id: old,
      reason: "synced block placed before its original in the page: not recreated",
    });
  }
  report.blocksCreated = 0;
  walk(tree, (n) => {
    const now = idMap.get(n.block.id);
    if (STRUCTURAL.has(typeOf(n)) || !now) return;
    report.blocksCreated++;
    const synced = (n.block as { synced_block?: { synced_from?: unknown } }).synced_block;
    if (synced && !synced.synced_from && now !== n.block.id) {
      report.warnings.push(
        `synced block ${n.block.id} was recreated as ${now}: synced copies of it on other pages no longer follow it`,
      );
    }
  });
}

/** Deletes the page's current top-level blocks except child pages and databases (returned as kept). */
async function clearBlocks(
  client: NotionClient,
  pageId: string,
  signal: AbortSignal | undefined,
): Promise<{ deleted: number; kept: string[] }> {
  const doomed: string[] = [];
  const kept: string[] = [];
  let cursor: string | undefined;
  do {
    const res = await client.call(
      "blocks.children.list",
      { block_id: pageId, page_size: 100, ...(cursor ? { start_cursor: cursor } : {}) },
      { signal },
    );
    for (const b of res.results) {
      if (STRUCTURAL.has((b as { type?: string }).type ?? "")) kept.push(b.id);
      else doomed.push(b.id);
    }
    cursor = res.has_more ? (res.next_cursor ?? undefined) : undefined;
  } while (cursor);
  // Deletes are idempotent: a run stopped half way deletes the rest next time.
  await Promise.all(doomed.map((blockId) => client.call("blocks.delete", { block_id: blockId }, { signal })));
  return { deleted: doomed.length, kept };
}

/**
 * Puts a child page (or database) of the snapshot back under `parentId` at the current end of its
 * blocks: untrashed if needed, pages moved there (the API cannot move databases: they stay where
 * they are). Done once per restore (the id map holds it afterwards). False when it is gone.
 */
async function placeChild(node: BlockNode, parentId: string, ctx: ReplaceContext): Promise<boolean> {
  const { client, idMap, report, signal } = ctx;
  const childId = node.block.id;
  if (idMap.has(childId)) return false;
  const isPage = typeOf(node) === "child_page";
  try {
    if (isPage) {
      const page = (await client.call(
        "pages.retrieve",
        { page_id: childId },
        { signal },
      )) as PageObjectResponse;
      if (page.in_trash || page.archived) {
        await client.call("pages.update", { page_id: childId, in_trash: false }, { signal });
      }
      const move = { page_id: childId, parent: { type: "page_id", page_id: parentId } };
      await client.call("pages.move", move as never, { signal });
    } else {
      const db = (await client.call("databases.retrieve", { database_id: childId }, { signal })) as {
        in_trash?: boolean;
      };
      if (db.in_trash) {
        await client.call("databases.update", { database_id: childId, in_trash: false } as never, { signal });
      }
      report.warnings.push(`child database ${childId} kept where it is (the API cannot move databases)`);
    }
  } catch (err) {
    if (!isNotionApiError(err, "object_not_found")) throw err;
    const what = isPage ? "page" : "database";
    report.notRestored.push({
      id: childId,
      reason: `child ${what} no longer exists in Notion: restore it with --to-notion`,
    });
    return false;
  }
  await idMap.set(childId, childId, isPage ? "page" : "database");
  return true;
}

/** Synced references placed before their original in the same tree: the original does not exist yet when they are sent. */
function forwardSyncedReferences(tree: BlockNode[]): Set<string> {
  const inTree = new Set<string>();
  walk(tree, (n) => inTree.add(n.block.id));
  const seen = new Set<string>();
  const early = new Set<string>();
  walk(tree, (n) => {
    const from = (n.block as { synced_block?: { synced_from?: { block_id?: string } | null } }).synced_block
      ?.synced_from?.block_id;
    if (from && inTree.has(from) && !seen.has(from)) early.add(n.block.id);
    seen.add(n.block.id);
  });
  return early;
}

function walk(nodes: BlockNode[], visit: (n: BlockNode) => void): void {
  for (const n of nodes) {
    visit(n);
    walk(n.children, visit);
  }
}

function typeOf(node: BlockNode): string {
  return (node.block as { type?: string }).type ?? "";
}
