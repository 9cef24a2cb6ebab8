// Objects of a snapshot as HTML fragments for the UI, through the export renderers (links and files point into the UI).
import { renderHtml } from "../export/html.ts";
import { loadPageDoc, loadTables, snapshotRenderContext } from "../export/snapshot-context.ts";
import { renderTableHtml } from "../export/table-html.ts";
import type { WorkspaceSnapshot } from "../notion/snapshot-reader.ts";
import { html, raw, type SafeHtml } from "./html.ts";
import { fileHref } from "./views/file.ts";

/** The address of an object's page in the UI. */
export function objectHref(snapshot: string, id: string): string {
  return `/s/${snapshot}/p/${id}`;
}

/**
 * The body of a page, row or template (blocks, properties, comments, child databases as tables), or of a
 * database or data source (its rows as tables). The renderers escape all text, so their output is trusted.
 */
export async function objectBodyHtml(
  reader: WorkspaceSnapshot,
  id: string,
  signal?: AbortSignal,
): Promise<SafeHtml> {
  const snap = reader.snapshot.id;
  const ctx = await snapshotRenderContext(reader, {
    linkHref: (target) => (reader.entry(target) ? objectHref(snap, target) : undefined),
    mediaHref: (ref) => fileHref(snap, ref.path),
    inlineTables: true,
    signal,
  });
  const e = reader.entry(id)!;
  if (e.type === "database" || e.type === "data_source") {
    const parts: SafeHtml[] = [];
    for (const table of await loadTables(reader, id, ctx, signal)) {
      parts.push(html`<section class="nv-page table-view">${raw(renderTableHtml(table, ctx))}</section>`);
    }
    return html`${parts}`;
  }
  const doc = await loadPageDoc(reader, id, signal);
  await ctx.prepare(doc);
  return raw(renderHtml(doc, ctx, { standalone: false }));
}
