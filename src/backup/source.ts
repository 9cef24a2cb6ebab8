// The Source interface: what any backed-up system yields, as folders and files placed by id, resolved at the end.

/** A folder of the snapshot, known by an id; where it lands is resolved once every item is read. */
export interface SourceDir {
  kind: "dir";
  id: string;
  /** The id of the folder holding it; null, or an id never declared, puts it at the root. */
  parent: string | null;
  name: string;
  /** Modification time for the tree entry (RFC 3339); a fixed epoch when absent, so trees compare. */
  mtime?: string;
  meta?: Record<string, string>;
}

/** Where a file's content sits in the store: its blob ids in order and its size in bytes. */
export interface StoredContent {
  content: string[];
  size: number;
}

/** A file inside a folder (by the folder's id; "" is the root). */
export interface SourceFile {
  kind: "file";
  dir: string;
  name: string;
  /** A JSON document (stored pretty-printed) or bytes; absent when `contentKey` names content already given. */
  json?: unknown;
  bytes?: Uint8Array | AsyncIterable<Uint8Array>;
  /** Identifies the content (e.g. its sha256): a later file with the same key and no data reuses it. */
  contentKey?: string;
  /** Content already in the store (blob ids in order and total size), e.g. from an interrupted run. */
  stored?: StoredContent;
  /** Told where the content was stored, once it is (so a source can note it, e.g. in a resume journal). */
  onSaved?: (saved: StoredContent) => void;
  mtime?: string;
  meta?: Record<string, string>;
}

/** An entry taken unchanged from the parent snapshot (a file or a whole folder), by its path there. */
export interface SourceReuse {
  kind: "reuse";
  dir: string;
  name: string;
  from: string[];
  /** Silently skipped when the parent snapshot has no such entry (otherwise a warning). */
  optional?: boolean;
}

/** Another id for a folder: items naming `id` go to `of` (lets a source place things before it knows where). */
export interface SourceAlias {
  kind: "alias";
  id: string;
  of: string;
}

/** A warning the source wants in the backup's progress and result. */
export interface SourceWarning {
  kind: "warning";
  message: string;
}

/** Anything a source yields. */
export type SourceItem = SourceDir | SourceFile | SourceReuse | SourceAlias | SourceWarning;

/** Where the archiver placed each folder, handed to `Source.finish`. */
export interface Placement {
  /** The path segments of a folder id (after aliases), or undefined if it was never declared. */
  pathOf(id: string): string[] | undefined;
}

/** Something that can be backed up: a stream of items, then (optionally) items that need the final layout. */
export interface Source {
  items(): AsyncIterable<SourceItem>;
  /** Called after `items` ends with the resolved layout; its items (files, e.g. an index) are added too. */
  finish?(placement: Placement): AsyncIterable<SourceItem> | Iterable<SourceItem>;
}
