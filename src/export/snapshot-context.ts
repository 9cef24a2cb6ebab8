// Builds what the renderers need from a workspace snapshot: page and table docs, and a RenderContext over it.
import type { UserObjectResponse } from "@notionhq/client";
import type { BlockNode, FileOwner } from "../notion/model.ts";
import type { SnapshotFileRef, WorkspaceSnapshot } from "../notion/snapshot-reader.ts";
import { collectSyncedOriginals } from "../notion/synced-lookup.ts";
import { blockBody, blockType } from "./block-tree.ts";
import type { LinkTarget, PageDoc, RenderContext, TableDoc } from "./render-context.ts";

type Json = Record<string, any>;

/** How the caller (folder export, `cat`, web UI) names links and files. */
export interface SnapshotContextOptions {
  /** The address of a captured object; undefined or "" shows its title without a link (the default). */
  linkHref?: (targetId: string) => string | undefined;
  /** The address of a downloaded file (default: its path in the snapshot). */
  mediaHref?: (ref: SnapshotFileRef) => string;
  /** Load the rows of child databases so pages show them as tables (default false). */
  inlineTables?: boolean;
  /** Docs to prepare at once (their files, synced originals, inline tables). */
  docs?: Array<PageDoc | TableDoc>;
  signal?: AbortSignal;
}

/** A RenderContext over a snapshot; `prepare` loads what a doc needs before it is rendered. */
export interface SnapshotRenderContext extends RenderContext {
  prepare(doc: PageDoc | TableDoc): Promise<void>;
}

/** A page, row or template with its blocks and comments. */
export async function loadPageDoc(
  reader: WorkspaceSnapshot,
  id: string,
  signal?: AbortSignal,
): Promise<PageDoc> {
  const key = reader.require(id);
  const [page, blocks, comments] = await Promise.all([
    reader.page(key, signal),
    reader.blocks(key, signal),
    reader.comments(key, signal),
  ]);
  return { id: key, page, blocks, comments };
}

/** The data sources a table object shows: a database's, or a data source itself; none for a page. */
export function dataSourcesOf(reader: WorkspaceSnapshot, id: string): string[] {
  const type = reader.entry(id)?.type;
  if (type === "data_source") return [id];
  if (type !== "database") return [];
  return reader.childrenOf(id).filter((c) => reader.entry(c)?.type === "data_source");
}

/** The tables a database or data source shows (see dataSourcesOf), loaded and prepared for `ctx`. */
export async function loadTables(
  reader: WorkspaceSnapshot,
  id: string,
  ctx: SnapshotRenderContext,
  signal?: AbortSignal,
): Promise<TableDoc[]> {
  const docs: TableDoc[] = [];
  for (const ds of dataSourcesOf(reader, id)) {
    const doc = await loadTableDoc(reader, ds, signal);
    await ctx.prepare(doc);
    docs.push(doc);
  }
  return docs;
}

/** A data source with its rows (in the snapshot's order: by title). */
export async function loadTableDoc(
  reader: WorkspaceSnapshot,
  dataSourceId: string,
  signal?: AbortSignal,
): Promise<TableDoc> {
  const key = reader.require(dataSourceId);
  const dataSource = await reader.dataSource(key, signal);
  const rows = [];
  for (const id of reader.rows(key)) rows.push(await reader.page(id, signal));
  return { id: key, dataSource, rows };
}

function ownerKey(o: FileOwner): string {
  return `${o.object}\u0000${o.id}\u0000${o.path.join("\u0000")}`;
}

function referencedOriginals(nodes: BlockNode[], into: Set<string>): Set<string> {
  for (const n of nodes) {
    const from =
      n.syncedOriginalId ??
      (blockType(n) === "synced_block" ? blockBody(n).synced_from?.block_id : undefined);
    if (from) into.add(from);
    referencedOriginals(n.children, into);
  }
  return into;
}

function childDatabases(nodes: BlockNode[], into: string[] = []): string[] {
  for (const n of nodes) {
    if (blockType(n) === "child_database") into.push((n.block as Json).id);
    childDatabases(n.children, into);
  }
  return into;
}

/** A RenderContext reading users, files, synced content and links from one snapshot. */
export async function snapshotRenderContext(
  reader: WorkspaceSnapshot,
  opts: SnapshotContextOptions = {},
): Promise<SnapshotRenderContext> {
  const users: Map<string, UserObjectResponse> = await reader.userMap(opts.signal);
  const media = new Map<string, SnapshotFileRef>();
  const synced = new Map<string, BlockNode[]>();
  const tables = new Map<string, TableDoc[]>();
  const filesLoaded = new Set<string>();
  const mediaHref = opts.mediaHref ?? ((ref: SnapshotFileRef) => ref.path);

  const loadFiles = async (id: string) => {
    if (filesLoaded.has(id) || !reader.entry(id)) return;
    filesLoaded.add(id);
    for (const ref of await reader.files(id, opts.signal)) media.set(ownerKey(ref.owner), ref);
  };

  const loadSynced = async (blocks: BlockNode[]) => {
    const wanted = [...referencedOriginals(blocks, new Set())].filter((id) => !synced.has(id));
    // An original on the same page needs no lookup; the others are found through the snapshot's index.
    const local = collectSyncedOriginals(blocks, "");
    for (const id of wanted) {
      const here = local.get(id);
      if (here) {
        synced.set(id, here.children);
        continue;
      }
      const hit = await reader.syncedOriginal(id, opts.signal);
      if (!hit) continue;
      synced.set(id, hit.children);
      if (hit.pageId) await loadFiles(hit.pageId);
      await loadSynced(hit.children);
    }
  };

  const ctx: SnapshotRenderContext = {
    link(id: string): LinkTarget | undefined {
      const entry = reader.entry(id);
      if (!entry) return undefined;
      return { title: entry.title, href: opts.linkHref?.(reader.resolve(id)!) ?? "" };
    },
    media: (owner) => {
      const ref = media.get(ownerKey(owner));
      return ref ? mediaHref(ref) : undefined;
    },
    user: (id) => users.get(id),
    syncedChildren: (originalId) => synced.get(originalId),
    table: (databaseId) => tables.get(databaseId),
    ancestors(id: string): LinkTarget[] {
      const trail: LinkTarget[] = [];
      const seen = new Set<string>();
      for (let at = reader.resolve(id); at && !seen.has(at); at = reader.entry(at)?.parent) {
        seen.add(at);
        if (reader.entry(at)?.type !== "data_source") trail.unshift(ctx.link(at)!);
      }
      return trail;
    },
    async prepare(doc: PageDoc | TableDoc): Promise<void> {
      if ("blocks" in doc) {
        await loadFiles(doc.id);
        await loadSynced(doc.blocks);
        if (opts.inlineTables) {
          for (const dbId of childDatabases(doc.blocks)) {
            if (tables.has(dbId) || reader.entry(dbId)?.type !== "database") continue;
            tables.set(dbId, await loadTables(reader, dbId, ctx, opts.signal));
          }
        }
        return;
      }
      for (const row of doc.rows) {
        const hasFiles = Object.values(row.properties as Record<string, Json>).some(
          (p) => p?.type === "files" && (p.files ?? []).some((f: Json) => f.type === "file"),
        );
        if (hasFiles) await loadFiles(row.id);
      }
    },
  };
  for (const doc of opts.docs ?? []) await ctx.prepare(doc);
  return ctx;
}
