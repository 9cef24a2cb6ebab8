// The fewest requests per endpoint any complete backup of an emulated workspace must send, computed from its state.
import { renderPage } from "../emulator/render-page.ts";
import { liveChildren } from "../emulator/routes/blocks.ts";
import type { NotionObject, Workspace } from "../emulator/workspace.ts";

/** Which comments the backup reads, as `nvault backup --comments`. */
export type BoundComments = "all" | "pages" | "none";

/** Requests per endpoint name (the emulator's request-log names). */
export type EndpointCounts = Record<string, number>;

/** The formula, one line per endpoint, for the benchmark's report. */
export const LOWER_BOUND_FORMULA: readonly string[] = [
  "`users.me` 1; `users.list` ⌈users/100⌉",
  "`search` ⌈(visible pages, rows and templates + data sources)/100⌉",
  "`pages.retrieve` one per template (regular pages arrive whole in search results, rows in query results; search does not tell a template from a row)",
  "`blocks.children.list` per page, row and template ⌈children/100⌉ but at least 1 (a page does not say whether it has content), plus ⌈children/100⌉ per block with children, except synced references whose original is visible (their children are the original's, read once)",
  "`databases.retrieve` one per database; `views.list` one per database; `views.retrieve` one per view",
  "`dataSources.retrieve` one per data source; `dataSources.query` ⌈rows/100⌉ (at least 1) per data source; `dataSources.listTemplates` ⌈templates/100⌉ (at least 1) per data source",
  "`pages.properties.retrieve` ⌈n/100⌉ per property value the API truncates (answered shorter than stored or with `has_more`; rollup arrays of 25 or more items)",
  "`comments.list` one per page, row and template, plus (with `--comments all`) one per content block, since nothing tells which blocks carry inline comments",
  "`files.download` one per distinct Notion-hosted file referenced by a visible object",
];

const PAGE = 100;
const TRUNCATED_AT = 25;

function ceilPages(n: number, atLeastOne: boolean): number {
  return Math.max(atLeastOne ? 1 : 0, Math.ceil(n / PAGE));
}

/** Collects every hosted file id (`{type:"file", file:{file_id}}`) inside an object. */
function collectFileIds(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) collectFileIds(v, into);
    return;
  }
  if (!value || typeof value !== "object") return;
  const obj = value as NotionObject;
  if (typeof obj.file_id === "string") into.add(obj.file_id);
  for (const v of Object.values(obj)) if (v && typeof v === "object") collectFileIds(v, into);
}

/**
 * Calls needed to complete the property values the emulator truncates in `page`: those it answers
 * shorter than stored (or with has_more), and rollup arrays of 25 or more items, whose full length
 * only the property-item endpoint tells.
 */
function truncatedPropertyCalls(ws: Workspace, page: NotionObject): number {
  const rendered = renderPage(page, ws).properties as Record<string, NotionObject>;
  let calls = 0;
  for (const [name, value] of Object.entries(rendered)) {
    const shown = value?.[value.type];
    const stored = (page.properties?.[name] as NotionObject | undefined)?.[value.type];
    if (value.type === "rollup") {
      const array = shown?.array;
      if (Array.isArray(array) && array.length >= TRUNCATED_AT) calls += ceilPages(array.length, true);
    } else if (Array.isArray(shown) && Array.isArray(stored)) {
      if (value.has_more === true || stored.length > shown.length) calls += ceilPages(stored.length, true);
    } else if (value.has_more === true) {
      calls += 1;
    }
  }
  return calls;
}

/** The lower bound of a complete (full) backup of what the first integration sees. */
export function lowerBound(ws: Workspace, comments: BoundComments): EndpointCounts {
  const integration = ws.integrations.values().next().value;
  if (!integration) throw new Error("the workspace has no integration");
  const visible = (o: NotionObject) => o.in_trash !== true && ws.isVisible(o.id, integration);
  const add = (counts: EndpointCounts, name: string, n: number) => {
    if (n > 0) counts[name] = (counts[name] ?? 0) + n;
  };
  const counts: EndpointCounts = {};
  const files = new Set<string>();

  const templates = new Set<string>();
  for (const ds of ws.dataSources.values()) for (const t of ds.templates ?? []) templates.add(t.id);
  const pages = [...ws.pages.values()].filter(visible);
  const dataSources = [...ws.dataSources.values()].filter(visible);
  const databases = [...ws.databases.values()].filter(visible);

  add(counts, "users.me", 1);
  add(counts, "users.list", ceilPages(ws.users.size, true));
  add(counts, "search", ceilPages(pages.length + dataSources.length, true));

  // Blocks below every page, walked once (child pages are counted as pages, not as blocks).
  let contentBlocks = 0;
  const walk = (id: string, isPage: boolean) => {
    const children = liveChildren(ws, id);
    add(counts, "blocks.children.list", ceilPages(children.length, isPage));
    for (const childId of children) {
      const b = ws.blocks.get(childId);
      if (!b || b.type === "child_page" || b.type === "child_database") continue;
      contentBlocks++;
      collectFileIds(b, files);
      // A synced reference shows its original's children, already read where the original sits.
      const original = b.type === "synced_block" ? b.synced_block?.synced_from?.block_id : undefined;
      const originalBlock = original ? ws.blocks.get(original) : undefined;
      if (originalBlock && visible(originalBlock)) continue;
      walk(childId, false);
    }
  };
  for (const p of pages) {
    if (templates.has(p.id)) add(counts, "pages.retrieve", 1);
    walk(p.id, true);
    collectFileIds(p, files);
    add(counts, "pages.properties.retrieve", truncatedPropertyCalls(ws, p));
  }
  for (const db of databases) {
    add(counts, "databases.retrieve", 1);
    add(counts, "views.list", 1);
    collectFileIds(db, files);
  }
  for (const v of ws.views.values()) {
    const db = ws.databases.get(v.parent?.database_id);
    if (db && visible(db)) add(counts, "views.retrieve", 1);
  }
  for (const ds of dataSources) {
    const rows = pages.filter((p) => p.parent?.data_source_id === ds.id && !templates.has(p.id)).length;
    add(counts, "dataSources.retrieve", 1);
    add(counts, "dataSources.query", ceilPages(rows, true));
    add(counts, "dataSources.listTemplates", ceilPages(ds.templates?.length ?? 0, true));
  }
  if (comments !== "none") {
    add(counts, "comments.list", pages.length + (comments === "all" ? contentBlocks : 0));
    for (const c of ws.comments.values()) {
      if (c.resolved === true) continue;
      const target = ws.find(c.parent?.page_id ?? c.parent?.block_id);
      if (target && visible(target) && (comments === "all" || c.parent?.type === "page_id"))
        collectFileIds(c, files);
    }
  }
  add(counts, "files.download", [...files].filter((id) => ws.files.has(id)).length);
  return counts;
}

/** Sum of a per-endpoint count. */
export function total(counts: EndpointCounts): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}
