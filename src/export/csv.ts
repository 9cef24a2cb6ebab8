// A data source as CSV (RFC 4180): a header of property names in schema order (title first), one line per row.
import { columnNames, propertyText } from "./property-value.ts";
import type { RenderContext, TableDoc } from "./render-context.ts";

type Json = Record<string, any>;

/** How to write the CSV. */
export interface CsvOptions {
  /** Line ending of records and of line breaks inside values (default CRLF, as RFC 4180 says). */
  newline?: "\r\n" | "\n";
}

// A cell a spreadsheet would run as a formula ("=HYPERLINK(...)", "@SUM(...)", "+1+cmd|..."); anyone
// who can edit a Notion title can write one. A sign followed only by digits, spaces and number
// punctuation (-5, -$1,234.50, +1 555 0131) names no function, cell or command: left as it is.
const FORMULA_START = /^[=+\-@\t\r]/;
const SIGNED_NUMBER = /^[+-][\d\s.,()%\p{Sc}-]*$/u;

/**
 * One field, quoted when it holds a comma, a quote, a line break or edge spaces; line breaks made
 * `newline`. A value a spreadsheet would run as a formula gets a leading `'` (shown as text there).
 */
export function csvField(value: string, newline: "\r\n" | "\n" = "\r\n"): string {
  const guarded = FORMULA_START.test(value) && !SIGNED_NUMBER.test(value) ? `'${value}` : value;
  const text = guarded.replace(/\r\n|\r|\n/g, newline);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A data source's rows as CSV text, ending with a line break. */
export function renderCsv(table: TableDoc, ctx: RenderContext, opts: CsvOptions = {}): string {
  const nl = opts.newline ?? "\r\n";
  const names = columnNames(table.dataSource.properties as Record<string, { type?: string }>);
  const lines = [names.map((n) => csvField(n, nl)).join(",")];
  for (const row of table.rows) {
    const props = row.properties as Json;
    lines.push(
      names
        .map((name) => csvField(propertyText(props[name], ctx, { pageId: row.id, property: name }), nl))
        .join(","),
    );
  }
  return lines.join(nl) + nl;
}
