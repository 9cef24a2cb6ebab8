// One captured object rendered through src/export: a page as Markdown or HTML, a data source as a table or CSV.
import { renderCsv } from "../export/csv.ts";
import { notionUrl } from "../export/href.ts";
import { renderHtml } from "../export/html.ts";
import { escapeHtml } from "../export/html-escape.ts";
import { renderMarkdown } from "../export/markdown.ts";
import { loadPageDoc, loadTables, snapshotRenderContext } from "../export/snapshot-context.ts";
import { renderTableHtml } from "../export/table-html.ts";
import { renderTableMarkdown } from "../export/table-markdown.ts";
import type { SnapshotFileRef, WorkspaceSnapshot } from "../notion/snapshot-reader.ts";
import { escapeMarkdown, htmlDocument } from "./folder-index.ts";

/** How a rendered document addresses other objects and downloaded files. */
export interface Hrefs {
  /** The address of another captured object, or undefined to show its title without a link. */
  link(id: string): string | undefined;
  /** The address of a downloaded file, or undefined to keep its path in the snapshot. */
  media(ref: SnapshotFileRef): string | undefined;
}

/** A rendering format. */
export type RenderFormat = "md" | "html" | "csv";

/**
 * Renders a page, row or template (md, html), a data source (md or html table, csv) or a database
 * (md, html: each data source's table under the database's title).
 */
export async function renderDocument(
  reader: WorkspaceSnapshot,
  id: string,
  format: RenderFormat,
  hrefs: Hrefs,
  signal?: AbortSignal,
): Promise<string> {
  const key = reader.require(id);
  const entry = reader.entry(key)!;
  const ctx = await snapshotRenderContext(reader, {
    linkHref: (target) => hrefs.link(target),
    mediaHref: (ref) => hrefs.media(ref) ?? ref.path,
    signal,
  });
  if (entry.type === "data_source" || entry.type === "database") {
    const md: string[] = [`# ${escapeMarkdown(entry.title || "Untitled")}`];
    const html: string[] = [`<h1 class="nv-title">${escapeHtml(entry.title || "Untitled")}</h1>`];
    const csv: string[] = [];
    for (const table of await loadTables(reader, key, ctx, signal)) {
      const name = reader.entry(table.id)!.title || "Untitled";
      const href = entry.type === "database" ? hrefs.link(table.id) : undefined;
      if (format === "csv") csv.push(renderCsv(table, ctx));
      else if (format === "md") {
        if (entry.type === "database")
          md.push(`## ${href ? `[${escapeMarkdown(name)}](${href})` : escapeMarkdown(name)}`);
        md.push(renderTableMarkdown(table, ctx));
      } else {
        if (entry.type === "database") {
          html.push(
            `<h2>${href ? `<a href="${escapeHtml(href)}">${escapeHtml(name)}</a>` : escapeHtml(name)}</h2>`,
          );
        }
        html.push(renderTableHtml(table, ctx));
      }
    }
    // A database's CSV is its data sources' CSVs one after the other (exports write one per data source).
    if (format === "csv") return csv.join("");
    if (format === "md") return `${md.join("\n\n")}\n`;
    return htmlDocument(entry.title || "Untitled", html.join("\n"));
  }
  const doc = await loadPageDoc(reader, key, signal);
  await ctx.prepare(doc);
  if (format === "csv") throw new Error("a page has no CSV form");
  return format === "md" ? renderMarkdown(doc, ctx) : renderHtml(doc, ctx, { standalone: true });
}

/** Renders an object for `cat`: links point at notion.so, media name their file in the snapshot. */
export function renderForCat(
  reader: WorkspaceSnapshot,
  id: string,
  format: RenderFormat,
  signal?: AbortSignal,
): Promise<string> {
  return renderDocument(reader, id, format, { link: notionUrl, media: () => undefined }, signal);
}
