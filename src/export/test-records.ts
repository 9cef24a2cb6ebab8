// Builders of Notion records and a map-backed RenderContext, for the export renderers' unit tests only.
import type { PageObjectResponse, UserObjectResponse } from "@notionhq/client";
import type { BlockNode, FileOwner } from "../notion/model.ts";
import type { LinkTarget, PageDoc, RenderContext, TableDoc } from "./render-context.ts";

type Json = Record<string, any>;

let counter = 0;

/** A fresh id in Notion's form (deterministic order within a test run). */
export function nextId(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, "0")}`;
}

/** A rich-text item of plain text, with optional marks and link. */
export function rt(content: string, marks: Partial<Json> = {}, link?: string): Json {
  return {
    type: "text",
    text: { content, link: link ? { url: link } : null },
    annotations: {
      bold: false,
      italic: false,
      strikethrough: false,
      underline: false,
      code: false,
      color: "default",
      ...marks,
    },
    plain_text: content,
    href: link ?? null,
  };
}

/** A mention rich-text item. */
export function mention(m: Json, plain: string, href: string | null = null): Json {
  return { ...rt(plain), type: "mention", text: undefined, mention: m, href };
}

/** A block node of a type with its content and children. */
export function block(type: string, content: Json = {}, children: BlockNode[] = []): BlockNode {
  const id = nextId();
  return {
    block: { object: "block", id, type, [type]: content, has_children: children.length > 0 } as never,
    children,
  };
}

/** A text block (paragraph, list item, heading ...) holding `text`. */
export function textBlock(
  type: string,
  text: string | Json[],
  children: BlockNode[] = [],
  extra: Json = {},
): BlockNode {
  return block(type, { rich_text: typeof text === "string" ? [rt(text)] : text, ...extra }, children);
}

/** A page object with the given properties (a title property "Name" by default). */
export function pageObject(title: string, properties: Json = {}, extra: Json = {}): PageObjectResponse {
  return {
    object: "page",
    id: nextId(),
    icon: null,
    cover: null,
    parent: { type: "workspace", workspace: true },
    properties: { Name: { id: "title", type: "title", title: [rt(title)] }, ...properties },
    ...extra,
  } as unknown as PageObjectResponse;
}

/** A page document of blocks. */
export function pageDoc(title: string, blocks: BlockNode[], properties: Json = {}): PageDoc {
  const page = pageObject(title, properties);
  return { id: page.id, page, blocks };
}

/** A table document: a schema (name -> type config) and rows. */
export function tableDoc(schema: Record<string, string>, rows: PageObjectResponse[]): TableDoc {
  const properties = Object.fromEntries(
    Object.entries(schema).map(([name, type]) => [name, { id: name, name, type, [type]: {} }]),
  );
  return {
    id: nextId(),
    dataSource: { object: "data_source", id: nextId(), title: [rt("Table")], properties } as never,
    rows,
  };
}

/** A RenderContext from plain maps. */
export function mapContext(
  opts: {
    links?: Record<string, LinkTarget>;
    media?: Array<[FileOwner, string]>;
    users?: UserObjectResponse[];
    synced?: Record<string, BlockNode[]>;
    tables?: Record<string, TableDoc[]>;
    ancestors?: LinkTarget[];
  } = {},
): RenderContext {
  const key = (o: FileOwner) => `${o.object}|${o.id}|${o.path.join("|")}`;
  const media = new Map((opts.media ?? []).map(([o, href]) => [key(o), href]));
  return {
    link: (id) => opts.links?.[id],
    media: (owner) => media.get(key(owner)),
    user: (id) => opts.users?.find((u) => u.id === id),
    syncedChildren: (id) => opts.synced?.[id],
    table: (id) => opts.tables?.[id],
    ancestors: opts.ancestors ? () => opts.ancestors! : undefined,
  };
}
