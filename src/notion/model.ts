// The records a crawl of a Notion workspace yields: one per Notion object, as the API returned it, made whole.
import type {
  BlockObjectResponse,
  CommentObjectResponse,
  DatabaseObjectResponse,
  DataSourceObjectResponse,
  PageObjectResponse,
  PartialBlockObjectResponse,
  UserObjectResponse,
} from "@notionhq/client";
import type { JournalEntry } from "./crawl/journal.ts";
import type { ClientStats } from "./request-stats.ts";

/** The Notion-Version whose shapes every record holds. */
export const NOTION_API_VERSION = "2025-09-03";

/** A block as listed, with its children inline and in order (empty for child pages and databases). */
export interface BlockNode {
  block: BlockObjectResponse | PartialBlockObjectResponse;
  children: BlockNode[];
  /**
   * Set on a synced_block reference (`synced_from` not null): its content lives under the original
   * block, in the tree of the page holding it, or in a `synced-content` record when that page was
   * not reached. The reference's children are therefore left empty here.
   */
  syncedOriginalId?: string;
  /** Set when the children of this block could not be listed (e.g. a block type the API refuses). */
  childrenError?: string;
}

/** How a page came to be captured: a regular page, a row of a data source, or a data source template. */
export type PageRole = "page" | "row" | "template";

/** A page, row or template: the page object with every property value complete (no 25-reference cut). */
export interface PageRecord {
  kind: "page";
  role: PageRole;
  id: string;
  page: PageObjectResponse;
}

/** The whole block tree of a page (or template), in order, at every depth. */
export interface BlocksRecord {
  kind: "blocks";
  /** The page whose content this is. */
  pageId: string;
  blocks: BlockNode[];
}

/**
 * A page whose block tree was not fetched because `previous` said it is unchanged: its blocks, their
 * files and the page's own files are to be taken from the previous snapshot (comments were still
 * read; the page record itself is fresh).
 */
export interface BlocksReusedRecord {
  kind: "blocks-reused";
  pageId: string;
  last_edited_time: string;
  /** Its comments (and their files) are taken from the previous snapshot too, not listed again. */
  comments?: boolean;
  /** Set when the page comes from an interrupted run's journal instead (blocks, comments, files). */
  journal?: JournalEntry;
}

/** Every record of a page (its blocks, comments and files) has been emitted. */
export interface PageDoneRecord {
  kind: "page-done";
  pageId: string;
}

/** The children of a synced block original that no crawled page holds, read through one of its references. */
export interface SyncedContentRecord {
  kind: "synced-content";
  originalId: string;
  /** The reference block the children were listed through. */
  viaReferenceId: string;
  blocks: BlockNode[];
}

/** A database container (title, parent, `data_sources` list; no schema). */
export interface DatabaseRecord {
  kind: "database";
  id: string;
  database: DatabaseObjectResponse;
}

/** A data source: its schema (`properties`), title and parents. */
export interface DataSourceRecord {
  kind: "data_source";
  id: string;
  databaseId: string;
  dataSource: DataSourceObjectResponse;
}

/** A template of a data source as listTemplates returns it; its page comes as a PageRecord (role template). */
export interface TemplateRecord {
  kind: "template";
  id: string;
  dataSourceId: string;
  template: { id: string; name: string; is_default: boolean };
}

/** A database view (table, board, ...) as views.retrieve returns it. */
export interface ViewRecord {
  kind: "view";
  id: string;
  databaseId: string;
  view: Record<string, unknown>;
}

/** The open (unresolved) comments of one page (page-level discussion) or one block (inline), oldest first. */
export interface CommentsRecord {
  kind: "comments";
  /** The page or block the comments hang off. */
  parentId: string;
  parentType: "page" | "block";
  /** The page whose content the parent is. */
  pageId: string;
  comments: CommentObjectResponse[];
}

/** A user: listed by users.list, or retrieved because something referenced it. */
export interface UserRecord {
  kind: "user";
  id: string;
  /** "list": from users.list; "retrieved": referenced somewhere and fetched alone. */
  source: "list" | "retrieved";
  user: UserObjectResponse;
}

/** Where in which object a file is referenced. */
export interface FileOwner {
  object: "page" | "block" | "database" | "data_source" | "comment";
  id: string;
  /** Keys from the object's root to the file object (e.g. ["image"], ["properties", "Files", "files", 0]). */
  path: Array<string | number>;
  /** For comment attachments: the page or block whose comment list holds the comment. */
  listedUnder?: string;
}

/**
 * A downloaded file. The first record of given bytes carries them; later references to identical
 * bytes (same sha256) come without `bytes`, so each content is held and stored once.
 */
export interface FileRecord {
  kind: "file";
  /** Hex SHA-256 of the bytes. */
  sha256: string;
  size: number;
  /** "hosted": a Notion-hosted file; "external": an external link downloaded on request. */
  source: "hosted" | "external";
  /** The URL as the object held it when first read (signed URLs expire; kept for matching). */
  url: string;
  name: string;
  contentType: string;
  owner: FileOwner;
  /** The bytes: in memory, or streamed from a temp file when large (read it once). */
  bytes?: Uint8Array | AsyncIterable<Uint8Array>;
}

/** One thing worth telling the user about a crawl; never fatal. */
export interface CrawlWarning {
  code:
    | "parent_not_shared"
    | "search_only"
    | "walk_only"
    | "unsupported_block"
    | "download_failed"
    | "external_refused"
    | "not_found"
    | "children_unlisted"
    | "rows_incomplete"
    | "user_unavailable";
  /** The object concerned. */
  id?: string;
  message: string;
}

/** The summary of a crawl: the last record of every crawl. */
export interface CrawlReport {
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** Records per object type (page, row, template, block, database, data_source, view, comment, user, file ...). */
  counts: Record<string, number>;
  /** Unsupported blocks kept as returned, per `unsupported.block_type`. */
  unsupportedBlocks: Record<string, number>;
  /** Hosted-file downloads retried with a fresh URL after theirs expired. */
  refreshedFileUrls: number;
  /** Distinct file contents and bytes downloaded. */
  downloadedFiles: number;
  downloadedBytes: number;
  /** External file links seen (kept as links unless externalFiles is on). */
  externalFiles: number;
  /** Pages whose block tree was reused from the previous snapshot. */
  reusedPages: number;
  /** Unchanged pages whose comments were taken from the previous snapshot (not due for listing). */
  reusedComments?: number;
  /** Pages taken from an interrupted run's journal (counted in reusedPages too). */
  resumedPages?: number;
  warnings: CrawlWarning[];
  /** API requests per endpoint, retries and waits, as the client counted them (over its whole life). */
  requests: ClientStats;
}

/** The end of a crawl. */
export interface ReportRecord {
  kind: "report";
  report: CrawlReport;
}

/** Anything a crawl yields; the backup engine writes these into a snapshot. */
export type NotionRecord =
  | PageRecord
  | BlocksRecord
  | BlocksReusedRecord
  | PageDoneRecord
  | SyncedContentRecord
  | DatabaseRecord
  | DataSourceRecord
  | TemplateRecord
  | ViewRecord
  | CommentsRecord
  | UserRecord
  | FileRecord
  | ReportRecord;
