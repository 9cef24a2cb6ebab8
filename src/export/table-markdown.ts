// A data source as a GFM table (for a database inlined in a page or the web UI), and property values as Markdown.
import { inlinePlain } from "./inline-runs.ts";
import { escapeMarkdownText, markdownHref } from "./markdown-escape.ts";
import { columnNames, propertyParts, type ValueOwner } from "./property-value.ts";
import type { RenderContext, TableDoc } from "./render-context.ts";
import { richTextMarkdown } from "./rich-text-markdown.ts";

type Json = Record<string, any>;

/** One property value as inline Markdown fit for a table cell (items joined with ", "). */
export function valueMarkdown(prop: Json | undefined, ctx: RenderContext, owner?: ValueOwner): string {
  return propertyParts(prop, ctx, owner)
    .map((p) => {
      if (p.kind === "rich") return richTextMarkdown(p.rich, ctx, { newline: "html", inTable: true }).trim();
      const t = escapeMarkdownText(p.text).replace(/\r?\n/g, "<br>");
      return p.href ? `[${t || escapeMarkdownText(p.href)}](${markdownHref(p.href)})` : t;
    })
    .join(", ");
}

/** A data source's rows as a GFM table: one column per property in schema order, title first and linked. */
export function renderTableMarkdown(table: TableDoc, ctx: RenderContext): string {
  const names = columnNames(table.dataSource.properties as Record<string, { type?: string }>);
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  const out = [line(names.map((n) => escapeMarkdownText(n))), line(names.map(() => "---"))];
  for (const row of table.rows) {
    out.push(
      line(
        names.map((name, i) => {
          const md = valueMarkdown((row.properties as Json)[name], ctx, { pageId: row.id, property: name });
          if (i > 0) return md;
          const target = ctx.link(row.id);
          if (!target?.href) return md;
          const plain = inlinePlain((row.properties as Json)[name]?.title, ctx)
            .replace(/\s+/g, " ")
            .trim();
          return `[${escapeMarkdownText(plain || target.title || "Untitled")}](${markdownHref(target.href)})`;
        }),
      ),
    );
  }
  return out.join("\n");
}
