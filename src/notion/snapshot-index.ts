// index.json: every captured object by Notion id, with where it sits in the snapshot and which page holds each synced original.
import type { Placement } from "../backup/source.ts";

/** One line of index.json: where a Notion object is in the snapshot and how fresh it was. */
export interface IndexEntry {
  path: string;
  type: string;
  title: string;
  last_edited_time?: string;
  /** The Notion id of the object holding it, when captured. */
  parent?: string;
}

/** The value of `synced_originals` for an original kept in synced-blocks/ rather than in a page. */
export const SYNCED_BLOCKS_HOLDER = "synced-blocks";

/** index.json: every captured page, row, template, database and data source by Notion id. */
export interface SnapshotIndex {
  version: 1;
  api_version: string;
  entries: Record<string, IndexEntry>;
  /**
   * Synced-block original id -> id of the page whose blocks.json holds it, or SYNCED_BLOCKS_HOLDER
   * (synced-blocks/<id>.json). Absent in snapshots written before it existed.
   */
  synced_originals?: Record<string, string>;
}

/** What the source learnt of an object, before its folder has a path. */
export interface KnownObject {
  /** The folder id the object was declared as. */
  node: string;
  type: string;
  title: string;
  last_edited_time?: string;
  parent?: string;
}

/** The index entries of every known object whose folder was placed, sorted by id. */
export function indexEntries(
  known: Map<string, KnownObject>,
  placement: Placement,
): Record<string, IndexEntry> {
  const entries: Record<string, IndexEntry> = {};
  for (const id of [...known.keys()].sort()) {
    const k = known.get(id)!;
    const path = placement.pathOf(k.node);
    if (!path) continue;
    entries[id] = {
      path: path.join("/"),
      type: k.type,
      title: k.title,
      ...(k.last_edited_time ? { last_edited_time: k.last_edited_time } : {}),
      ...(k.parent ? { parent: k.parent } : {}),
    };
  }
  return entries;
}
