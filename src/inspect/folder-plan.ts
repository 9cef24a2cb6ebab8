// The plan of a folder export: which file every page, row, database and data source becomes, and where media go.
import { posix } from "node:path";
import type { FileOwner } from "../notion/model.ts";
import type { SnapshotFileRef, WorkspaceSnapshot } from "../notion/snapshot-reader.ts";
import { NameAllocator } from "./safe-name.ts";

/** The formats a folder export can write. */
export type ExportFormat = "md" | "html" | "csv" | "json";

/** Every format, in the order they are written. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ["md", "html", "csv", "json"];

/** The formats written when none are asked for. */
export const DEFAULT_EXPORT_FORMATS: readonly ExportFormat[] = ["md", "csv"];

/** Names at the top of an export that no object may take. */
export const TOP_FILES = ["index.md", "index.html", "index.json"];

/** One captured object and the files it becomes (paths relative to the export folder, "/"-separated). */
export interface PlannedObject {
  id: string;
  type: string;
  title: string;
  /** The folder holding its children and media (created only when it has some). */
  dir: string;
  files: Partial<Record<ExportFormat, string>>;
  children: PlannedObject[];
  /** Its downloaded files (and its blocks' and comments'), placed in `dir/media/`. */
  media: PlannedMedia[];
}

/** One downloaded file of the snapshot and where the export puts it. */
export interface PlannedMedia {
  /** Its path in the snapshot. */
  source: string;
  /** Every snapshot path with the same bytes for this object (a block file also attached to a comment). */
  aliases: string[];
  /** Its path in the export. */
  out: string;
  size: number;
  /** Every reference that uses it. */
  owners: FileOwner[];
}

/** The whole plan. */
export interface FolderPlan {
  formats: ExportFormat[];
  roots: PlannedObject[];
  byId: Map<string, PlannedObject>;
}

/** The formats an object of this type is written in (a page has no CSV; a table has one). */
export function formatsFor(type: string, formats: readonly ExportFormat[]): ExportFormat[] {
  const table = type === "data_source";
  return formats.filter((f) => f !== "csv" || table);
}

/** The file of `target` a document in `format` should link to: the same format when there is one. */
export function linkFile(target: PlannedObject, format: ExportFormat): string | undefined {
  const f = target.files;
  return f[format] ?? f.md ?? f.html ?? f.csv ?? f.json;
}

/** A relative URL from the file `from` to the file `to` (both export paths), each segment encoded. */
export function relativeHref(from: string, to: string): string {
  const rel = posix.relative(posix.dirname(from), to);
  return rel.split("/").map(encodeURIComponent).join("/");
}

/**
 * Plans the export of the whole workspace, or of the subtree under `rootId`: names are allocated per
 * folder in the reader's order (title, then id), so the same snapshot always gives the same names.
 */
export async function planFolder(
  reader: WorkspaceSnapshot,
  formats: readonly ExportFormat[],
  opts: { rootId?: string; signal?: AbortSignal } = {},
): Promise<FolderPlan> {
  const byId = new Map<string, PlannedObject>();
  const top = new NameAllocator();
  top.reserve(...TOP_FILES);
  const rootIds = opts.rootId ? [opts.rootId] : reader.roots();

  const place = async (ids: string[], dir: string, names: NameAllocator): Promise<PlannedObject[]> => {
    const out: PlannedObject[] = [];
    for (const id of ids) {
      opts.signal?.throwIfAborted();
      // Cycles cannot happen in a tree built from parents, but a damaged index must not loop forever.
      if (byId.has(id)) continue;
      const entry = reader.entry(id)!;
      const own = formatsFor(entry.type, formats);
      const stem = names.allocate(
        entry.title,
        ["", ...own.map((f) => `.${f}`)].filter((s, i, a) => a.indexOf(s) === i),
      );
      const objectDir = dir === "" ? stem : `${dir}/${stem}`;
      const planned: PlannedObject = {
        id,
        type: entry.type,
        title: entry.title,
        dir: objectDir,
        files: Object.fromEntries(own.map((f) => [f, `${objectDir}.${f}`])),
        children: [],
        media: [],
      };
      byId.set(id, planned);
      out.push(planned);
      const inner = new NameAllocator();
      inner.reserve("media");
      planned.media = await planMedia(reader, id, `${objectDir}/media`, opts.signal);
      const kids = reader.childrenOf(id);
      const templates = kids.filter((k) => reader.entry(k)?.type === "template");
      if (templates.length > 0) inner.reserve("templates");
      planned.children = await place(
        kids.filter((k) => reader.entry(k)?.type !== "template"),
        objectDir,
        inner,
      );
      if (templates.length > 0) {
        planned.children.push(...(await place(templates, `${objectDir}/templates`, new NameAllocator())));
      }
    }
    return out;
  };

  const roots = await place(rootIds, "", top);
  return { formats: [...formats], roots, byId };
}

async function planMedia(
  reader: WorkspaceSnapshot,
  id: string,
  dir: string,
  signal?: AbortSignal,
): Promise<PlannedMedia[]> {
  const refs: SnapshotFileRef[] = await reader.files(id, signal);
  const names = new NameAllocator();
  const byContent = new Map<string, PlannedMedia>();
  for (const r of refs) {
    // Same bytes are written once per object, whichever folder (media/, comment-files/) holds them.
    const key = r.sha256 || r.path;
    const known = byContent.get(key);
    if (known) {
      known.owners.push(r.owner);
      if (!known.aliases.includes(r.path)) known.aliases.push(r.path);
      continue;
    }
    byContent.set(key, {
      source: r.path,
      aliases: [r.path],
      out: `${dir}/${names.allocateFile(r.file)}`,
      size: r.size,
      owners: [r.owner],
    });
  }
  return [...byContent.values()];
}

/** Every object of the plan, depth first in plan order. */
export function* planObjects(plan: FolderPlan): Iterable<PlannedObject> {
  const walk = function* (list: PlannedObject[]): Iterable<PlannedObject> {
    for (const o of list) {
      yield o;
      yield* walk(o.children);
    }
  };
  yield* walk(plan.roots);
}

/** True when two file owners name the same file object (same object, id and key path). */
export function sameOwner(a: FileOwner, b: FileOwner): boolean {
  return a.object === b.object && a.id === b.id && JSON.stringify(a.path) === JSON.stringify(b.path);
}
