// What the pure renderers (Markdown, HTML, CSV) need from outside: the records, and how to name links and media.
import type { DataSourceObjectResponse, PageObjectResponse, UserObjectResponse } from "@notionhq/client";
import type { BlockNode, FileOwner } from "../notion/model.ts";
import type { PageComments } from "../notion/snapshot-reader.ts";

/** One page (or row, or template) to render: the page object, its block tree and its comments. */
export interface PageDoc {
  id: string;
  page: PageObjectResponse;
  blocks: BlockNode[];
  comments?: PageComments;
}

/** A data source to render as a table or CSV: its schema and its rows (page objects). */
export interface TableDoc {
  id: string;
  dataSource: DataSourceObjectResponse;
  rows: PageObjectResponse[];
}

/** A link target: where it points and what to call it. */
export interface LinkTarget {
  href: string;
  title: string;
}

/**
 * How a renderer turns ids into links and files into addresses; built by whoever renders (a folder
 * export, `cat`, the web UI), so the renderers stay pure functions of records.
 */
export interface RenderContext {
  /** A link to another captured object (page, row, database, data source), or undefined when it was not captured. */
  link(id: string): LinkTarget | undefined;
  /** The address of the downloaded file that a file object at `owner` refers to, or undefined when not downloaded. */
  media(owner: FileOwner): string | undefined;
  /** A user by id, when the snapshot knows them. */
  user(id: string): UserObjectResponse | undefined;
  /** The children of a synced block original, wherever the snapshot holds them. */
  syncedChildren(originalId: string): BlockNode[] | undefined;
  /** The table of a child database or data source, when the renderer should inline it (optional). */
  table?(databaseId: string): TableDoc[] | undefined;
  /** The captured pages and databases above a page, outermost first, for breadcrumbs (optional). */
  ancestors?(id: string): LinkTarget[];
}
