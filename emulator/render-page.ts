// The retrieve forms of a page: the page object (references truncated at 25) and its paginated property items.
import { validationError } from "./errors.ts";
import { findProperty } from "./properties.ts";
import { notionUrl, pageTitle } from "./rich-text.ts";
import type { NotionObject, Workspace } from "./workspace.ts";

/** Notion returns at most this many references per property in a page object. */
export const REFERENCE_LIMIT = 25;

const LIST_TYPES = new Set(["title", "rich_text", "relation", "people", "rollup"]);
const REFERENCE_MENTIONS = new Set(["page", "database", "user"]);

/** The answer of GET /v1/pages/:id: computed stamps filled in, references truncated, optionally filtered. */
export function renderPage(page: NotionObject, ws: Workspace, filter: string[] = []): NotionObject {
  const properties: Record<string, NotionObject> = {};
  for (const [name, prop] of Object.entries(page.properties ?? {})) {
    if (filter.length > 0 && !filter.some((f) => matches(name, prop as NotionObject, f))) continue;
    properties[name] = truncate(withComputed(prop as NotionObject, page, ws));
  }
  const trashed = page.in_trash === true;
  return {
    object: "page",
    id: page.id,
    created_time: page.created_time,
    last_edited_time: page.last_edited_time,
    created_by: page.created_by,
    last_edited_by: page.last_edited_by,
    cover: page.cover ?? null,
    icon: page.icon ?? null,
    parent: page.parent,
    archived: trashed,
    in_trash: trashed,
    // Notion's 2026 "archive" (hidden from navigation), a state of its own beside the trash.
    is_archived: page.is_archived === true,
    is_locked: page.is_locked === true,
    properties,
    url: notionUrl(page.id, pageTitle(page)),
    public_url: page.public_url ?? null,
  };
}

function matches(name: string, prop: NotionObject, key: string): boolean {
  return findProperty({ [name]: prop }, key) !== undefined;
}

/** A user as page stamps show it inside properties: the full user object when the workspace knows it. */
function fullUser(ref: NotionObject | undefined, ws: Workspace): NotionObject {
  const user = ref?.id ? ws.users.get(ref.id) : undefined;
  return user ? { ...user } : { object: "user", id: ref?.id ?? null };
}

/** Fills the values Notion computes from the page itself (created/edited stamps). */
function withComputed(prop: NotionObject, page: NotionObject, ws: Workspace): NotionObject {
  switch (prop.type) {
    case "created_time":
      return { ...prop, created_time: page.created_time };
    case "last_edited_time":
      return { ...prop, last_edited_time: page.last_edited_time };
    case "created_by":
      return { ...prop, created_by: fullUser(page.created_by, ws) };
    case "last_edited_by":
      return { ...prop, last_edited_by: fullUser(page.last_edited_by, ws) };
    default:
      return prop;
  }
}

/** Cuts a reference-valued property to 25 references, as pages.retrieve does. */
function truncate(prop: NotionObject): NotionObject {
  const value = prop[prop.type];
  switch (prop.type) {
    case "relation": {
      const list = Array.isArray(value) ? value : [];
      return { ...prop, relation: list.slice(0, REFERENCE_LIMIT), has_more: list.length > REFERENCE_LIMIT };
    }
    case "people":
      return Array.isArray(value) ? { ...prop, people: value.slice(0, REFERENCE_LIMIT) } : prop;
    case "title":
    case "rich_text":
      return Array.isArray(value) ? { ...prop, [prop.type]: cutMentions(value) } : prop;
    case "rollup":
      if (value?.type === "array" && Array.isArray(value.array) && value.array.length > REFERENCE_LIMIT) {
        return { ...prop, rollup: { ...value, array: value.array.slice(0, REFERENCE_LIMIT) } };
      }
      return prop;
    default:
      return prop;
  }
}

function cutMentions(items: NotionObject[]): NotionObject[] {
  let refs = 0;
  const out: NotionObject[] = [];
  for (const item of items) {
    if (item.type === "mention" && REFERENCE_MENTIONS.has(item.mention?.type)) {
      if (refs === REFERENCE_LIMIT) break;
      refs++;
    }
    out.push(item);
  }
  return out;
}

/** Options of a property item request. */
export interface PropertyItemQuery {
  startCursor?: string | null;
  pageSize?: number;
  /** Base for `next_url` (the emulator's own URL). */
  baseUrl: string;
}

/**
 * The answer of GET /v1/pages/:id/properties/:property_id: a paginated list for title, rich_text,
 * relation, people and rollup, complete (never truncated); a single property_item otherwise.
 * Returns undefined when the page has no such property.
 */
export function propertyItems(
  page: NotionObject,
  key: string,
  ws: Workspace,
  q: PropertyItemQuery,
): NotionObject | undefined {
  const found = findProperty(page.properties ?? {}, key);
  if (!found) return undefined;
  const prop = withComputed(found[1], page, ws);
  const { id, type } = prop;
  const value = prop[type];
  if (!LIST_TYPES.has(type)) return { object: "property_item", type, id, [type]: value };
  const rollup = type === "rollup";
  const entries: NotionObject[] = rollup
    ? (value?.type === "array" ? value.array : []).map((v: NotionObject) => ({
        object: "property_item",
        id,
        ...v,
      }))
    : (Array.isArray(value) ? value : []).map((v: NotionObject) => ({
        object: "property_item",
        type,
        id,
        [type]: v,
      }));
  const start = cursorIndex(q.startCursor);
  if (start > entries.length) {
    throw validationError(`query.start_cursor should be a valid cursor, instead was \`"${q.startCursor}"\`.`);
  }
  const size = q.pageSize ?? 100;
  const results = entries.slice(start, start + size);
  const hasMore = start + size < entries.length;
  const nextCursor = hasMore ? encodeCursor(start + size) : null;
  const pageHex = String(page.id).replace(/-/g, "");
  const nextUrl = nextCursor
    ? `${q.baseUrl}/v1/pages/${pageHex}/properties/${id}?start_cursor=${nextCursor}&page_size=${size}`
    : null;
  const summary = rollup ? { ...value, ...(value?.type === "array" ? { array: [] } : {}) } : {};
  return {
    object: "list",
    results,
    next_cursor: nextCursor,
    has_more: hasMore,
    type: "property_item",
    property_item: { id, next_url: nextUrl, type, [type]: summary },
  };
}

function encodeCursor(index: number): string {
  return Buffer.from(`pi:${index}`).toString("base64url");
}

function cursorIndex(cursor: string | null | undefined): number {
  if (!cursor) return 0;
  const m = /^pi:(\d+)$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!m) throw validationError(`query.start_cursor should be a valid cursor, instead was \`"${cursor}"\`.`);
  return Number(m[1]);
}
