// In-place rollback: a page (or row) that still exists in Notion, or sits in its trash, brought back to a snapshot's content, id kept.
import type { PageObjectResponse } from "@notionhq/client";
import { ExitCode, VaultError } from "../../errors.ts";
import type { NotionClient } from "../client.ts";
import { isNotionApiError } from "../errors.ts";
import type { WorkspaceSnapshot } from "../snapshot-reader.ts";
import { restoreComments } from "./comments.ts";
import { IdMap } from "./id-map.ts";
import { replaceBlocks } from "./in-place-blocks.ts";
import type { OnceOptions, RestoreJournal } from "./journal.ts";
import { coverPayload, iconPayload, pageValues } from "./properties.ts";
import { fileSlot, uploadObjectFiles, workspaceUploadLimit } from "./upload.ts";

/** Options of restoreInPlace. */
export interface InPlaceOptions {
  client: NotionClient;
  /** The page or row, by id, URL or snapshot path; Notion's object with the same id is rolled back. */
  pageId: string;
  /** The restore's journal: a re-run continues where a stopped one ended and deletes nothing it made. */
  journal: RestoreJournal;
  signal?: AbortSignal;
  onEvent?: (event: InPlaceEvent) => void;
  /** The workspace's upload cap (default: read from users/me). */
  limitBytes?: number;
  /** Recreate the inline comments of the replaced blocks (default true). */
  comments?: boolean;
}

/** Progress of an in-place rollback. */
export type InPlaceEvent =
  | { type: "untrashed"; id: string }
  | { type: "properties"; id: string; count: number }
  | { type: "blocks"; id: string; deleted: number; created: number; appends: number }
  | { type: "comments"; id: string; created: number }
  | { type: "done"; id: string };

/** What an in-place rollback did, and what it could not do. */
export interface InPlaceReport {
  pageId: string;
  untrashed: boolean;
  /** Names of the properties written back (title included). */
  properties: string[];
  /** Current top-level blocks removed (child pages and databases are kept and put back in order). */
  blocksDeleted: number;
  /** Blocks of the snapshot created again. */
  blocksCreated: number;
  /** Child pages and databases put back in their place among the blocks (moved or untrashed). */
  childrenPlaced: string[];
  filesUploaded: number;
  /** Inline comments recreated on the new blocks (page-level ones stay on the page as they are). */
  comments: number;
  /** What could not be restored, with the old id (block, property name, file slot) and why. */
  notRestored: Array<{ id: string; reason: string }>;
  /** What changed besides the content (ids of recreated synced originals, child pages kept although not in the snapshot). */
  warnings: string[];
  /** Requests sent, per endpoint. */
  requests: Record<string, number>;
}

type Json = Record<string, any>;

/**
 * Rolls a page or database row back to its content in the snapshot, keeping its id and so every
 * link, mention and relation pointing at it: untrashes it when it is in the trash, writes back its
 * title, icon, cover and writable property values, deletes its current top-level blocks and
 * appends the snapshot's tree. Child pages and databases are never deleted: those of the snapshot
 * are untrashed if needed and (pages) moved back into their place among the blocks.
 *
 * Resumable through the journal: the current blocks are deleted once (`inplace:cleared:<id>` is
 * recorded when that is done, before anything is appended), the tree is appended by appendBlockTree
 * (itself journaled), and the steps before are idempotent writes. When it completes,
 * `inplace:done:<id>` records the next generation: running the rollback again with the same journal
 * is then a new rollback (the page may have been edited since), whose keys live under `r<n>/`.
 */
export async function restoreInPlace(
  reader: WorkspaceSnapshot,
  opts: InPlaceOptions,
): Promise<InPlaceReport> {
  const { client, signal } = opts;
  const before = client.stats().requests;
  const id = reader.require(opts.pageId);
  const doneKey = `inplace:done:${id}`;
  const generation = Number(opts.journal.get(doneKey) ?? 0);
  const journal = scoped(opts.journal, generation > 0 ? `r${generation}/` : "");
  const kind = reader.entry(id)?.type;
  if (kind !== "page" && kind !== "row") {
    const what = `in-place restore works on a page or a database row, not a ${kind}`;
    throw new VaultError("invalid_argument", what, { exitCode: ExitCode.usage });
  }
  const snap = await reader.page(id, signal);
  const tree = await reader.blocks(id, signal);
  const report: InPlaceReport = {
    pageId: id,
    untrashed: false,
    properties: [],
    blocksDeleted: 0,
    blocksCreated: 0,
    childrenPlaced: [],
    filesUploaded: 0,
    comments: 0,
    notRestored: [],
    warnings: [],
    requests: {},
  };
  const emit = (e: InPlaceEvent) => opts.onEvent?.(e);

  const current = await retrievePage(client, id, signal);
  if (!current) {
    throw new VaultError(
      "not_found",
      `page ${id} no longer exists in Notion (or is not shared with the integration): restore it with --to-notion instead`,
      { exitCode: ExitCode.notFound },
    );
  }
  if (current.in_trash || current.archived) {
    await client.call("pages.update", { page_id: id, in_trash: false }, { signal });
    report.untrashed = true;
    emit({ type: "untrashed", id });
  }

  const limitBytes = opts.limitBytes ?? (await workspaceUploadLimit(client, signal));
  // Uploads are not scoped: an attached upload can be attached again by any later rollback.
  const uploads = await uploadObjectFiles(client, reader, id, { limitBytes, journal: opts.journal, signal });
  report.filesUploaded = uploads.bySlot.size;
  for (const s of uploads.skipped) report.notRestored.push({ id: s.slot, reason: `${s.file}: ${s.reason}` });
  const uploadFor = (ownerId: string, where: string) => uploads.bySlot.get(fileSlot(ownerId, [where]));

  report.properties = await restoreProperties(snap, current, uploads.bySlot, {
    client,
    journal,
    signal,
    report,
  });
  emit({ type: "properties", id, count: report.properties.length });

  const idMap = new IdMap(journal);
  // The page keeps its id: comments whose block cannot be recreated go on it.
  await idMap.set(id, id, "page");
  const appendsBefore = client.stats().requests["blocks.children.append"] ?? 0;
  await replaceBlocks(id, tree, { client, journal, idMap, signal, report, uploadFor });
  const appends = (client.stats().requests["blocks.children.append"] ?? 0) - appendsBefore;
  emit({ type: "blocks", id, deleted: report.blocksDeleted, created: report.blocksCreated, appends });
  if (opts.comments !== false) {
    report.comments = await restoreInlineComments(reader, id, {
      client,
      journal,
      idMap,
      limitBytes,
      report,
      signal,
    });
    emit({ type: "comments", id, created: report.comments });
  }
  await opts.journal.record(doneKey, String(generation + 1));
  emit({ type: "done", id });
  const after = client.stats().requests;
  for (const [k, v] of Object.entries(after)) {
    const n = v - (before[k] ?? 0);
    if (n > 0) report.requests[k] = n;
  }
  return report;
}

/** Writes back the title, icon, cover and writable property values; returns the names written. */
async function restoreProperties(
  snap: PageObjectResponse,
  current: PageObjectResponse,
  uploads: Map<string, string>,
  ctx: {
    client: NotionClient;
    journal: RestoreJournal;
    signal: AbortSignal | undefined;
    report: InPlaceReport;
  },
): Promise<string[]> {
  const { client, journal, signal, report } = ctx;
  const id = snap.id;
  const wanted = snap.properties as Json;
  // Same ids everywhere: relations and mentions are written as the snapshot has them.
  const schema = current.properties as Record<string, { type?: string }>;
  const values = pageValues(id, snap.properties, {
    idMap: new IdMap(journal),
    inSet: () => true,
    final: true,
    uploadFor: (path) => uploads.get(`${id}:${path}`),
    writable: (name) => schema[name] !== undefined && schema[name]?.type === wanted[name]?.type,
  });
  for (const name of Object.keys(snap.properties)) {
    if (schema[name]?.type !== wanted[name]?.type && !values.readOnly.some((r) => r.name === name))
      report.notRestored.push({
        id: name,
        reason: "property no longer in the page's schema (renamed, removed or retyped)",
      });
  }
  for (const r of values.readOnly)
    report.notRestored.push({ id: r.name, reason: `${r.type} values are computed by Notion` });
  for (const l of values.lost) report.notRestored.push({ id: l.name, reason: l.reason });
  const icon = iconPayload(snap.icon, uploads.get(`${id}:icon`));
  const cover = coverPayload(snap.cover, uploads.get(`${id}:cover`));
  if (snap.icon && !icon) report.notRestored.push({ id: "icon", reason: "its file could not be uploaded" });
  if (snap.cover && !cover)
    report.notRestored.push({ id: "cover", reason: "its file could not be uploaded" });
  await client.call(
    "pages.update",
    {
      page_id: id,
      properties: values.values,
      // null removes an icon or cover added since the snapshot.
      ...(icon || !snap.icon ? { icon: icon ?? null } : {}),
      ...(cover || !snap.cover ? { cover: cover ?? null } : {}),
    } as never,
    { signal },
  );
  return Object.keys(values.values);
}

/**
 * Recreates the snapshot's inline discussions on the recreated blocks (those on the old blocks went
 * with them). Page-level discussions are left alone: they stayed on the page.
 */
async function restoreInlineComments(
  reader: WorkspaceSnapshot,
  id: string,
  ctx: {
    client: NotionClient;
    journal: RestoreJournal;
    idMap: IdMap;
    limitBytes: number;
    report: InPlaceReport;
    signal: AbortSignal | undefined;
  },
): Promise<number> {
  const { blocks } = await reader.comments(id, ctx.signal);
  if (Object.keys(blocks).length === 0) return 0;
  const users = new Map<string, string>();
  for (const u of (await reader.userMap(ctx.signal)).values()) if (u.name) users.set(u.id, u.name);
  const result = await restoreComments(
    ctx.client,
    { page: [], blocks },
    {
      idMap: ctx.idMap,
      journal: ctx.journal,
      users,
      pageId: id,
      reader,
      limitBytes: ctx.limitBytes,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    },
  );
  for (const m of result.moved) ctx.report.notRestored.push({ id: m.id, reason: `comment ${m.reason}` });
  for (const n of result.notRestored)
    ctx.report.notRestored.push({ id: n.id, reason: `comment: ${n.reason}` });
  return result.created + result.alreadyRestored;
}

async function retrievePage(
  client: NotionClient,
  id: string,
  signal: AbortSignal | undefined,
): Promise<PageObjectResponse | undefined> {
  try {
    return (await client.call("pages.retrieve", { page_id: id }, { signal })) as PageObjectResponse;
  } catch (err) {
    if (isNotionApiError(err, "object_not_found")) return undefined;
    throw err;
  }
}

/**
 * The journal as one generation of rollbacks sees it: its keys under `prefix`, everything else
 * (methods the restore may call later included) passed through to the journal itself.
 */
function scoped(journal: RestoreJournal, prefix: string): RestoreJournal {
  if (prefix === "") return journal;
  const view: Record<string, unknown> = {
    get: (k: string) => journal.get(prefix + k),
    pending: (k: string) => journal.pending(prefix + k),
    isPending: (k: string) => journal.isPending(prefix + k),
    record: (k: string, v: string) => journal.record(prefix + k, v),
    markPending: (k: string, hint?: unknown) => journal.markPending(prefix + k, hint),
    once: (k: string, create: () => Promise<string>, o?: OnceOptions) => journal.once(prefix + k, create, o),
    entries: function* (): IterableIterator<[string, string]> {
      for (const [k, v] of journal.entries()) if (k.startsWith(prefix)) yield [k.slice(prefix.length), v];
    },
  };
  return new Proxy(journal, {
    get(target, prop) {
      if (typeof prop === "string" && prop in view) return view[prop];
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
