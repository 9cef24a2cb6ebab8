// Turns a snapshot's JSON records (page, blocks, comments, database, data source) into the text a search sees.
import { propertyWords } from "../export/property-value.ts";
import type { RenderContext } from "../export/render-context.ts";
import type { BlockNode } from "../notion/model.ts";
import type { PageComments } from "../notion/snapshot-reader.ts";

/** One searchable piece of text and where it came from. */
export interface DocField {
  /** "title", "property", "block", "comment" or "description". */
  kind: "title" | "property" | "block" | "comment" | "description";
  /** The property name or block type; for comments, the block id or "page". */
  label: string;
  text: string;
  /** The block the text belongs to (blocks and inline comments), for links into the page. */
  block?: string;
}

/** The searchable text of one version of a Notion object. */
export interface SearchDoc {
  id: string;
  /** The index type: page, row, template, database or data_source. */
  type: string;
  title: string;
  fields: DocField[];
}

/** The raw JSON files of one object folder, as far as they exist. */
export interface ObjectFiles {
  page?: unknown;
  blocks?: unknown;
  comments?: unknown;
  database?: unknown;
  dataSource?: unknown;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Concatenated plain_text of a rich-text array. */
export function plainText(items: unknown): string {
  if (!Array.isArray(items)) return "";
  let out = "";
  for (const item of items) if (isObject(item) && typeof item.plain_text === "string") out += item.plain_text;
  return out;
}

/** Every plain_text found anywhere below a value (rich text, captions, table cells ...), joined by spaces. */
function deepPlainText(value: unknown, out: string[]): void {
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((v) => isObject(v) && typeof v.plain_text === "string")) {
      const text = plainText(value);
      if (text.trim() !== "") out.push(text);
      return;
    }
    for (const v of value) deepPlainText(v, out);
  } else if (isObject(value)) {
    for (const v of Object.values(value)) if (typeof v === "object") deepPlainText(v, out);
  }
}

/** The title of a page object (its title property), or "". */
export function pageTitle(page: unknown): string {
  if (!isObject(page) || !isObject(page.properties)) return "";
  for (const prop of Object.values(page.properties)) {
    if (isObject(prop) && prop.type === "title") return plainText(prop.title);
  }
  return "";
}

/** Search names no links, files or users beyond what the records hold: extraction is per object. */
const RECORDS_ONLY: RenderContext = {
  link: () => undefined,
  media: () => undefined,
  user: () => undefined,
  syncedChildren: () => undefined,
};

/**
 * The words of a property value, as the exports and diffs read it; "" for values with no words of
 * their own (relations, checkboxes, edit stamps).
 */
export function propertyText(prop: Json): string {
  return propertyWords(prop, RECORDS_ONLY, { ownWordsOnly: true });
}

function blockFields(nodes: BlockNode[], out: DocField[]): void {
  for (const node of nodes) {
    const block = node.block as Json;
    const type = typeof block.type === "string" ? block.type : "";
    const body = type ? block[type] : undefined;
    const parts: string[] = [];
    if (isObject(body)) {
      deepPlainText(body, parts);
      // Titles and expressions are plain strings, not rich text.
      for (const key of ["title", "expression", "name"]) {
        if (typeof body[key] === "string" && body[key] !== "") parts.push(body[key] as string);
      }
    }
    if (parts.length > 0)
      out.push({ kind: "block", label: type, text: parts.join(" "), block: String(block.id) });
    blockFields(node.children ?? [], out);
  }
}

function commentFields(comments: unknown, out: DocField[]): void {
  if (!isObject(comments)) return;
  const add = (list: unknown, block?: string) => {
    if (!Array.isArray(list)) return;
    for (const c of list) {
      const text = isObject(c) ? plainText(c.rich_text) : "";
      if (text.trim() !== "")
        out.push({ kind: "comment", label: block ? "block" : "page", text, ...(block ? { block } : {}) });
    }
  };
  add(comments.page);
  if (isObject(comments.blocks)) for (const [id, list] of Object.entries(comments.blocks)) add(list, id);
}

/** Extracts the searchable text of one object from its files. */
export function extractDoc(id: string, type: string, files: ObjectFiles): SearchDoc {
  const fields: DocField[] = [];
  let title = "";
  if (isObject(files.page)) {
    title = pageTitle(files.page);
    if (title !== "") fields.push({ kind: "title", label: "title", text: title });
    const props = isObject(files.page.properties) ? files.page.properties : {};
    for (const [name, prop] of Object.entries(props)) {
      if (!isObject(prop) || prop.type === "title") continue;
      const text = propertyText(prop);
      if (text.trim() !== "") fields.push({ kind: "property", label: name, text });
    }
  }
  for (const container of [files.database, files.dataSource]) {
    if (!isObject(container)) continue;
    title = plainText(container.title);
    if (title !== "") fields.push({ kind: "title", label: "title", text: title });
    const description = plainText(container.description);
    if (description !== "") fields.push({ kind: "description", label: "description", text: description });
  }
  if (Array.isArray(files.blocks)) blockFields(files.blocks as BlockNode[], fields);
  commentFields(files.comments as PageComments | undefined, fields);
  return { id, type, title, fields };
}
