// Exports a workspace snapshot (or one subtree) to a folder a person can open: index, pages, tables, media, JSON.
import type { WorkspaceSnapshot } from "../notion/snapshot-reader.ts";
import { type IndexHeader, indexHtml, indexJson, indexMarkdown } from "./folder-index.ts";
import {
  DEFAULT_EXPORT_FORMATS,
  type ExportFormat,
  type FolderPlan,
  linkFile,
  type PlannedObject,
  planFolder,
  planObjects,
  relativeHref,
} from "./folder-plan.ts";
import { type PlannedPath, SafeFolder } from "./folder-writer.ts";
import { objectJson } from "./object-json.ts";
import { type Hrefs, renderDocument } from "./render-document.ts";

/** Renders one object as Markdown, HTML (a whole page) or CSV (data sources only). */
export type DocumentRenderer = typeof renderDocument;

/** Options of `exportFolder`. */
export interface FolderExportOptions {
  /** The folder to write into (created when missing). */
  target: string;
  formats?: readonly ExportFormat[];
  /** Export only this object and what it holds. */
  rootId?: string;
  /** Replace existing files (never folders; symlinks are replaced, never followed). */
  overwrite?: boolean;
  /** Renders pages and tables (default: src/export through renderDocument). */
  render?: DocumentRenderer;
  signal?: AbortSignal;
  /** Told about each file written. */
  onFile?: (path: string, bytes: number) => void;
}

/** What an export wrote. */
export interface FolderExportResult {
  target: string;
  formats: ExportFormat[];
  objects: number;
  files: number;
  media: number;
  bytes: number;
  /** Documents that could not be rendered (each written as a short note instead), so none is silently missing. */
  warnings: Array<{ id: string; path: string; message: string }>;
}

/** Every file and folder the plan writes, for the clash check before anything is written. */
export function plannedPaths(plan: FolderPlan): PlannedPath[] {
  const files: string[] = [];
  for (const f of ["md", "html", "json"] as const) if (plan.formats.includes(f)) files.push(`index.${f}`);
  for (const o of planObjects(plan)) {
    files.push(...Object.values(o.files));
    files.push(...o.media.map((m) => m.out));
  }
  const dirs = new Set<string>();
  for (const f of files) {
    const parts = f.split("/");
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join("/"));
  }
  return [
    ...[...dirs].map((path) => ({ path, kind: "dir" as const })),
    ...files.map((path) => ({ path, kind: "file" as const })),
  ];
}

/**
 * Writes the export. Every name is derived from titles through safe-name (nothing lands outside the
 * folder), every path is checked before the first write (an existing file fails the export unless
 * `overwrite`), and links between documents are relative, so the folder can be moved or zipped.
 */
export async function exportFolder(
  reader: WorkspaceSnapshot,
  opts: FolderExportOptions,
): Promise<FolderExportResult> {
  const formats = [...(opts.formats ?? DEFAULT_EXPORT_FORMATS)];
  const { signal } = opts;
  const plan = await planFolder(reader, formats, { rootId: opts.rootId, signal });
  const folder = await SafeFolder.open(opts.target, opts.overwrite ?? false);
  await folder.check(plannedPaths(plan));

  const result: FolderExportResult = {
    target: folder.root,
    formats,
    objects: 0,
    files: 0,
    media: 0,
    bytes: 0,
    warnings: [],
  };
  const write = async (path: string, data: string | Uint8Array) => {
    signal?.throwIfAborted();
    const n = await folder.writeFile(path, data);
    result.files++;
    result.bytes += n;
    opts.onFile?.(path, n);
  };

  const mediaOut = new Map<string, string>();
  for (const o of planObjects(plan))
    for (const m of o.media) for (const a of m.aliases) mediaOut.set(a, m.out);
  const hrefsFor = (file: string, format: ExportFormat): Hrefs => ({
    link: (id) => {
      const target = plan.byId.get(reader.resolve(id) ?? id);
      const to = target && linkFile(target, format);
      return to ? relativeHref(file, to) : undefined;
    },
    media: (ref) => {
      const to = mediaOut.get(ref.path);
      return to ? relativeHref(file, to) : undefined;
    },
  });

  const head: IndexHeader = {
    workspace: reader.snapshot.manifest.meta?.workspace_name ?? "Notion workspace",
    snapshot: reader.snapshot.id,
    time: reader.snapshot.manifest.time,
  };
  if (formats.includes("md")) await write("index.md", indexMarkdown(head, plan.roots));
  if (formats.includes("html")) await write("index.html", indexHtml(head, plan.roots));
  if (formats.includes("json")) await write("index.json", indexJson(head, plan.roots));

  for (const o of planObjects(plan)) {
    result.objects++;
    for (const [format, file] of Object.entries(o.files) as Array<[ExportFormat, string]>) {
      let text: string;
      try {
        text = await documentText(reader, o, format, hrefsFor(file, format), opts);
      } catch (err) {
        // One page the renderers choke on must not leave a half-written export behind.
        if (signal?.aborted || format === "json") throw err;
        const message = err instanceof Error ? err.message : String(err);
        result.warnings.push({ id: o.id, path: file, message });
        text =
          format === "csv" ? "" : `${o.title}\n\n(could not be rendered: ${message}; see the json format)\n`;
      }
      await write(file, text);
    }
    for (const m of o.media) {
      await write(m.out, await reader.readBytes(m.source, signal));
      result.media++;
    }
  }
  return result;
}

async function documentText(
  reader: WorkspaceSnapshot,
  o: PlannedObject,
  format: ExportFormat,
  hrefs: Hrefs,
  opts: FolderExportOptions,
): Promise<string> {
  if (format === "json")
    return `${JSON.stringify(await objectJson(reader, o.id, { signal: opts.signal }), null, 2)}\n`;
  return (opts.render ?? renderDocument)(reader, o.id, format, hrefs, opts.signal);
}
