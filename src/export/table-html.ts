// A data source as an HTML table (for a database inlined in a page or the web UI), and property values as HTML.
import { escapeHtml } from "./html-escape.ts";
import { inlinePlain } from "./inline-runs.ts";
import { columnNames, propertyParts, type ValueOwner } from "./property-value.ts";
import type { RenderContext, TableDoc } from "./render-context.ts";
import { linkHtml, richTextHtml } from "./rich-text-html.ts";

type Json = Record<string, any>;

/** One property value as inline HTML (items joined with ", "). */
export function valueHtml(prop: Json | undefined, ctx: RenderContext, owner?: ValueOwner): string {
  return propertyParts(prop, ctx, owner)
    .map((p) => (p.kind === "rich" ? richTextHtml(p.rich, ctx) : linkHtml(p.text, p.href)))
    .join(", ");
}

/** A data source's rows as an HTML table: one column per property in schema order, title first and linked. */
export function renderTableHtml(table: TableDoc, ctx: RenderContext): string {
  const names = columnNames(table.dataSource.properties as Record<string, { type?: string }>);
  const title = inlinePlain((table.dataSource as Json).title, ctx);
  const out = [
    `<div class="nv-table-wrap"><table class="nv-database">`,
    title ? `<caption>${escapeHtml(title)}</caption>` : "",
    `<thead><tr>${names.map((n) => `<th>${escapeHtml(n)}</th>`).join("")}</tr></thead>`,
    "<tbody>",
  ];
  for (const row of table.rows) {
    const props = row.properties as Json;
    const cells = names.map((name, i) => {
      const target = i === 0 ? ctx.link(row.id) : undefined;
      const html = target?.href
        ? linkHtml(inlinePlain(props[name]?.title, ctx) || target.title || "Untitled", target.href)
        : valueHtml(props[name], ctx, { pageId: row.id, property: name });
      return i === 0 ? `<th scope="row">${html}</th>` : `<td>${html}</td>`;
    });
    out.push(`<tr>${cells.join("")}</tr>`);
  }
  out.push("</tbody>", "</table></div>");
  return out.filter(Boolean).join("\n");
}
