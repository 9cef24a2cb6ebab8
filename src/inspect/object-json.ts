// The stored JSON of one captured object, gathered into one document: what `cat --format json` prints.
import { dataSourcesOf } from "../export/snapshot-context.ts";
import type { WorkspaceSnapshot } from "../notion/snapshot-reader.ts";

/**
 * The records of an object as the snapshot holds them: a page, row or template with its blocks and
 * comments; a database with its views (and, with `rows`, its data sources and their rows); a data
 * source with its schema (and, with `rows`, its rows).
 */
export async function objectJson(
  reader: WorkspaceSnapshot,
  id: string,
  opts: { rows?: boolean; signal?: AbortSignal } = {},
): Promise<Record<string, unknown>> {
  const key = reader.require(id);
  const entry = reader.entry(key)!;
  const { signal } = opts;
  const head = { id: key, type: entry.type, title: entry.title, path: entry.path };
  if (entry.type === "database") {
    const out: Record<string, unknown> = {
      ...head,
      database: await reader.database(key, signal),
      views: await reader.views(key, signal),
    };
    if (opts.rows) {
      const list = [];
      for (const ds of dataSourcesOf(reader, key)) list.push(await dataSourceJson(reader, ds, signal));
      out.data_sources = list;
    }
    return out;
  }
  if (entry.type === "data_source") {
    if (opts.rows) return { ...head, ...(await dataSourceJson(reader, key, signal)) };
    return { ...head, data_source: await reader.dataSource(key, signal) };
  }
  const out: Record<string, unknown> = {
    ...head,
    page: await reader.page(key, signal),
    blocks: await reader.blocks(key, signal),
    comments: await reader.comments(key, signal),
  };
  if (entry.type === "template") out.template = await reader.template(key, signal);
  return out;
}

async function dataSourceJson(reader: WorkspaceSnapshot, id: string, signal?: AbortSignal) {
  const rows = [];
  for (const r of reader.rows(id)) rows.push(await reader.page(r, signal));
  return { data_source: await reader.dataSource(id, signal), rows };
}
