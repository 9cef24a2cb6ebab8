// The difference of one Notion object between two snapshots: renamed, moved, and what changed inside it.

import type { CommentObjectResponse } from "@notionhq/client";
import { fileNameOf } from "../export/block-tree.ts";
import { commentAuthor } from "../export/comment-threads.ts";
import { inlinePlain } from "../export/inline-runs.ts";
import { plainText } from "../notion/layout.ts";
import type { BlockNode } from "../notion/model.ts";
import type { PageComments, WorkspaceSnapshot } from "../notion/snapshot-reader.ts";
import { type BlockDiff, diffBlocks } from "./block-diff.ts";
import { sameJson } from "./diff-json.ts";
import {
  diffProperties,
  diffSchema,
  type NameLookup,
  namesContext,
  type PropertyChange,
  type SchemaChange,
} from "./diff-properties.ts";
import { type Folder, sameContent, subtreeOf, type TreeReader } from "./diff-trees.ts";

type Json = Record<string, any>;

/** One side of a diff: the snapshot opened, and its root tree. */
export interface DiffSide {
  reader: WorkspaceSnapshot;
  root: string;
}

/** What comparing objects needs: the tree reader, names for ids, and the context lines of block hunks. */
export interface CompareContext {
  trees: TreeReader;
  names(): Promise<NameLookup>;
  context: number;
}

/** A comment as a diff shows it. */
export interface CommentInfo {
  id: string;
  text: string;
  author: string;
  /** The block it is attached to, for an inline comment. */
  block?: string;
}

/** A change of a plain field of an object (icon, cover, description, views ...), as text. */
export interface FieldChange {
  field: string;
  from: string;
  to: string;
}

/** Everything that differs for one object (page, row, template, database or data source). */
export interface ObjectDiff {
  id: string;
  type: string;
  status: "added" | "removed" | "changed";
  title: string;
  /** Its path in the new snapshot (in the old one when removed). */
  path: string;
  /** Its old path when that differs (moved, renamed, or an ancestor renamed). */
  oldPath?: string;
  renamed?: { from: string; to: string };
  /** The parent changed: old and new parent ids (null at the top) and their paths. */
  moved?: { from: string | null; to: string | null; fromPath: string; toPath: string };
  lastEdited?: { from?: string; to?: string };
  blocks?: BlockDiff;
  /** It had blocks and has none now. */
  emptied?: boolean;
  properties?: PropertyChange[];
  schema?: SchemaChange[];
  comments?: { added: CommentInfo[]; removed: CommentInfo[] };
  files?: { added: string[]; removed: string[] };
  fields?: FieldChange[];
}

/** True when something inside the object changed (not only its name or place). */
export function contentChanged(d: ObjectDiff): boolean {
  return !!(
    d.blocks ||
    d.properties?.length ||
    d.schema?.length ||
    d.comments ||
    d.files ||
    d.fields?.length
  );
}

/** Names for ids from both snapshots (the newer first); users.json is read on first use only. */
export function lazyNames(
  a: WorkspaceSnapshot,
  b: WorkspaceSnapshot,
  signal?: AbortSignal,
): () => Promise<NameLookup> {
  let names: Promise<NameLookup> | undefined;
  return () => {
    names ??= Promise.all([a.userMap(signal), b.userMap(signal)]).then(([ua, ub]) => ({
      title: (id: string) => b.entry(id)?.title ?? a.entry(id)?.title,
      user: (id: string) => (ub.get(id) ?? ua.get(id))?.name ?? undefined,
    }));
    return names;
  };
}

function parentPath(side: DiffSide, parent: string | undefined): string {
  return parent ? (side.reader.entry(parent)?.path ?? parent) : "";
}

/** Compares an object present in both snapshots; undefined when nothing a person would see changed. */
export async function compareObject(
  ctx: CompareContext,
  id: string,
  a: DiffSide,
  b: DiffSide,
  fa: Folder,
  fb: Folder,
): Promise<ObjectDiff | undefined> {
  const ea = a.reader.entry(id)!;
  const eb = b.reader.entry(id)!;
  const d: ObjectDiff = { id, type: eb.type, status: "changed", title: eb.title, path: eb.path };
  if (ea.path !== eb.path) d.oldPath = ea.path;
  if (ea.title !== eb.title) d.renamed = { from: ea.title, to: eb.title };
  if ((ea.parent ?? null) !== (eb.parent ?? null)) {
    d.moved = {
      from: ea.parent ?? null,
      to: eb.parent ?? null,
      fromPath: parentPath(a, ea.parent),
      toPath: parentPath(b, eb.parent),
    };
  }
  if (ea.last_edited_time !== eb.last_edited_time)
    d.lastEdited = { from: ea.last_edited_time, to: eb.last_edited_time };
  // Equal subtrees hold equal bytes: nothing inside needs reading.
  if (fa.entry.subtree !== fb.entry.subtree) {
    if (eb.type === "database") await compareDatabase(ctx, d, fa, fb);
    else if (eb.type === "data_source") await compareDataSource(ctx, d, fa, fb);
    else await comparePage(ctx, d, fa, fb);
    await compareFiles(ctx, d, fa, fb);
  }
  return d.renamed || d.moved || contentChanged(d) ? d : undefined;
}

/** Reads a JSON file of both folders when their blobs differ; undefined when they are the same. */
async function bothIfChanged<T>(
  ctx: CompareContext,
  fa: Folder,
  fb: Folder,
  name: string,
): Promise<[T | undefined, T | undefined] | undefined> {
  const [x, y] = await Promise.all([ctx.trees.file(fa, name), ctx.trees.file(fb, name)]);
  if (sameContent(x, y)) return undefined;
  return Promise.all([x && ctx.trees.json<T>(x), y && ctx.trees.json<T>(y)]);
}

function describeFile(v: Json | null | undefined): string {
  if (!v) return "";
  if (v.type === "emoji") return v.emoji;
  if (v.type === "external") return v.external?.url ?? "";
  if (v.type === "custom_emoji") return v.custom_emoji?.name ?? "custom emoji";
  if (v.type === "icon") return v.icon?.name ?? "icon";
  return v.type === "file" ? fileNameOf(v.file?.url) : (v.type ?? "");
}

function fieldChanges(x: Json, y: Json, fields: Record<string, (v: Json) => string>): FieldChange[] {
  const out: FieldChange[] = [];
  for (const [field, show] of Object.entries(fields)) {
    if (sameJson(x[field] ?? null, y[field] ?? null)) continue;
    out.push({ field, from: show(x), to: show(y) });
  }
  return out;
}

const pageFields = { icon: (p: Json) => describeFile(p.icon), cover: (p: Json) => describeFile(p.cover) };

async function comparePage(ctx: CompareContext, d: ObjectDiff, fa: Folder, fb: Folder): Promise<void> {
  const pages = await bothIfChanged<Json>(ctx, fa, fb, "page.json");
  if (pages?.[0] && pages[1]) {
    const props = diffProperties(pages[0], pages[1], await ctx.names());
    if (props.length) d.properties = props;
    const fields = fieldChanges(pages[0], pages[1], pageFields);
    if (fields.length) d.fields = fields;
  }
  const blocks = await bothIfChanged<BlockNode[]>(ctx, fa, fb, "blocks.json");
  if (blocks) {
    const diff = diffBlocks(blocks[0] ?? [], blocks[1] ?? [], ctx.context);
    if (diff.added + diff.removed + diff.changed > 0) d.blocks = diff;
    if (diff.before > 0 && diff.after === 0) d.emptied = true;
  }
  const comments = await bothIfChanged<PageComments>(ctx, fa, fb, "comments.json");
  if (comments) {
    const names = await ctx.names();
    const before = commentList(comments[0], names);
    const after = commentList(comments[1], names);
    const added = [...after.values()].filter((c) => !before.has(c.id));
    const removed = [...before.values()].filter((c) => !after.has(c.id));
    if (added.length || removed.length) d.comments = { added, removed };
  }
}

function commentList(doc: PageComments | undefined, names: NameLookup): Map<string, CommentInfo> {
  const out = new Map<string, CommentInfo>();
  // Author and text read as the exports show them.
  const ctx = namesContext(names);
  const add = (c: CommentObjectResponse, block?: string) => {
    const info = { id: c.id, text: inlinePlain(c.rich_text, ctx), author: commentAuthor(c, ctx) };
    out.set(c.id, block ? { ...info, block } : info);
  };
  for (const c of doc?.page ?? []) add(c);
  for (const [block, list] of Object.entries(doc?.blocks ?? {})) for (const c of list) add(c, block);
  return out;
}

async function compareDatabase(ctx: CompareContext, d: ObjectDiff, fa: Folder, fb: Folder): Promise<void> {
  const fields: FieldChange[] = [];
  const dbs = await bothIfChanged<Json>(ctx, fa, fb, "database.json");
  if (dbs?.[0] && dbs[1]) {
    fields.push(
      ...fieldChanges(dbs[0], dbs[1], {
        ...pageFields,
        description: (x) => plainText(x.description),
        is_inline: (x) => String(!!x.is_inline),
      }),
    );
  }
  const views = await bothIfChanged<Json[]>(ctx, fa, fb, "views.json");
  if (views && !sameJson(views[0] ?? [], views[1] ?? [])) {
    const show = (v: Json[] | undefined) =>
      (v ?? []).map((x) => `${x.name ?? "view"} (${x.type ?? "?"})`).join(", ");
    fields.push({ field: "views", from: show(views[0]), to: show(views[1]) });
  }
  if (fields.length) d.fields = fields;
}

async function compareDataSource(ctx: CompareContext, d: ObjectDiff, fa: Folder, fb: Folder): Promise<void> {
  const sources = await bothIfChanged<Json>(ctx, fa, fb, "data-source.json");
  if (!sources?.[0] || !sources[1]) return;
  const schema = diffSchema(sources[0].properties, sources[1].properties);
  if (schema.length) d.schema = schema;
  const fields = fieldChanges(sources[0], sources[1], { description: (x) => plainText(x.description) });
  if (fields.length) d.fields = fields;
}

/** Downloaded files (media/, comment-files/) added or removed; names carry a content hash, so a new version is both. */
async function compareFiles(ctx: CompareContext, d: ObjectDiff, fa: Folder, fb: Folder): Promise<void> {
  const added: string[] = [];
  const removed: string[] = [];
  for (const sub of ["media", "comment-files"]) {
    const [x, y] = await Promise.all([subtreeOf(ctx.trees, fa, sub), subtreeOf(ctx.trees, fb, sub)]);
    if (x === y) continue;
    const [before, after] = await Promise.all([ctx.trees.fileNames(fa, sub), ctx.trees.fileNames(fb, sub)]);
    const skip = (n: string) => n === "files.json";
    added.push(...after.filter((n) => !skip(n) && !before.includes(n)).map((n) => `${sub}/${n}`));
    removed.push(...before.filter((n) => !skip(n) && !after.includes(n)).map((n) => `${sub}/${n}`));
  }
  if (added.length || removed.length) d.files = { added, removed };
}
