// Reads a workspace snapshot back as Notion records: by Notion id or path, for cat, export, diff, search and restore.
import type {
  CommentObjectResponse,
  DatabaseObjectResponse,
  DataSourceObjectResponse,
  PageObjectResponse,
  UserObjectResponse,
} from "@notionhq/client";
import { StoreError } from "../store/errors.ts";
import type { Repository } from "../store/repository.ts";
import type { Snapshot } from "../store/snapshot.ts";
import { findEntry, loadTree, type TreeEntry } from "../store/tree.ts";
import { FILES_JSON, type FileRef } from "./files-json.ts";
import type { BlockNode, CrawlReport } from "./model.ts";
import type { IndexEntry, SnapshotIndex } from "./snapshot-index.ts";
import { locateSyncedOriginal, type SyncedOriginal } from "./synced-lookup.ts";

/** The comments of one page as comments.json holds them: page-level, and inline per block id. */
export interface PageComments {
  page: CommentObjectResponse[];
  blocks: Record<string, CommentObjectResponse[]>;
}

/** A file of the snapshot and the reference that uses it. */
export interface SnapshotFileRef extends FileRef {
  /** Its path in the snapshot (folder path + file name). */
  path: string;
}

/** A Notion id in canonical form (lower-case, dashed), from a bare or dashed id or a notion.so URL. */
export function normaliseNotionId(text: string): string | undefined {
  const hex = /([0-9a-f]{32})(?:[?#/].*)?$/i.exec(text.replace(/-/g, ""))?.[1];
  if (!hex) return undefined;
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const utf8 = new TextDecoder();

/** True when a snapshot was written by the Notion source (it has index.json and is tagged so). */
export function isWorkspaceSnapshot(snapshot: Snapshot): boolean {
  return snapshot.manifest.paths.some((p) => p.startsWith("notion:"));
}

/** One workspace snapshot, opened: its index in memory, everything else read on demand (and verified). */
export class WorkspaceSnapshot {
  private readonly children = new Map<string, string[]>();
  private readonly byPath = new Map<string, string>();
  private users?: Map<string, UserObjectResponse>;

  private constructor(
    readonly repo: Repository,
    readonly snapshot: Snapshot,
    readonly index: SnapshotIndex,
  ) {
    for (const [id, e] of Object.entries(index.entries)) {
      this.byPath.set(e.path, id);
      const parent = e.parent && index.entries[e.parent] ? e.parent : "";
      const list = this.children.get(parent) ?? [];
      list.push(id);
      this.children.set(parent, list);
    }
    for (const list of this.children.values()) list.sort((a, b) => this.compareEntries(a, b));
  }

  /** Opens a snapshot written by `nvault backup` from Notion; fails clearly for any other snapshot. */
  static async open(repo: Repository, snapshot: Snapshot, signal?: AbortSignal): Promise<WorkspaceSnapshot> {
    const index = await readJsonAt<SnapshotIndex>(repo, snapshot, "index.json", signal).catch((err) => {
      if (err instanceof StoreError && err.code === "not_found") {
        throw new StoreError(
          "invalid_argument",
          `snapshot ${snapshot.id.slice(0, 8)} is not a Notion workspace snapshot (no index.json)`,
        );
      }
      throw err;
    });
    return new WorkspaceSnapshot(repo, snapshot, index);
  }

  /** The index entry of a Notion id (any form), or undefined. */
  entry(id: string): IndexEntry | undefined {
    const key = normaliseNotionId(id);
    return key ? this.index.entries[key] : undefined;
  }

  /** Every indexed id, in index order (sorted by id). */
  ids(): string[] {
    return Object.keys(this.index.entries);
  }

  /** The objects at the top of the workspace (no captured parent), by title. */
  roots(): string[] {
    return [...(this.children.get("") ?? [])];
  }

  /** The indexed objects directly inside `id` (sub-pages, databases, data sources, rows, templates), by title. */
  childrenOf(id: string): string[] {
    return [...(this.children.get(id) ?? [])];
  }

  /**
   * The id a reference names: a Notion id or URL, or a path inside the snapshot (the object's folder or
   * any file or folder inside it, e.g. "Wiki 1a2b3c4d/page.json" names that page).
   */
  resolve(ref: string): string | undefined {
    const byId = normaliseNotionId(ref);
    if (byId && this.index.entries[byId]) return byId;
    let path = ref.replace(/^\/+|\/+$/g, "");
    while (path !== "") {
      const id = this.byPath.get(path);
      if (id) return id;
      path = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
    }
    return undefined;
  }

  /** Like `resolve`, but fails with a not-found error naming the reference. */
  require(ref: string): string {
    const id = this.resolve(ref);
    if (!id)
      throw new StoreError(
        "not_found",
        `nothing in snapshot ${this.snapshot.id.slice(0, 8)} matches ${JSON.stringify(ref)}`,
      );
    return id;
  }

  /** The page object of a page, row or template. */
  page(id: string, signal?: AbortSignal): Promise<PageObjectResponse> {
    return this.objectFile<PageObjectResponse>(id, "page.json", signal);
  }

  /** The block tree of a page (empty when it has none, or it was not captured). */
  async blocks(id: string, signal?: AbortSignal): Promise<BlockNode[]> {
    return (await this.optionalFile<BlockNode[]>(id, "blocks.json", signal)) ?? [];
  }

  /** The open comments of a page and its blocks (empty when none were captured). */
  async comments(id: string, signal?: AbortSignal): Promise<PageComments> {
    return (await this.optionalFile<PageComments>(id, "comments.json", signal)) ?? { page: [], blocks: {} };
  }

  /** A database container. */
  database(id: string, signal?: AbortSignal): Promise<DatabaseObjectResponse> {
    return this.objectFile<DatabaseObjectResponse>(id, "database.json", signal);
  }

  /** A data source (its schema in `properties`). */
  dataSource(id: string, signal?: AbortSignal): Promise<DataSourceObjectResponse> {
    return this.objectFile<DataSourceObjectResponse>(id, "data-source.json", signal);
  }

  /** The views of a database (empty when none were captured). */
  async views(databaseId: string, signal?: AbortSignal): Promise<Array<Record<string, unknown>>> {
    return (await this.optionalFile<Array<Record<string, unknown>>>(databaseId, "views.json", signal)) ?? [];
  }

  /** A template's name and default flag, for a page of type "template". */
  template(
    id: string,
    signal?: AbortSignal,
  ): Promise<{ id: string; name: string; is_default: boolean } | undefined> {
    return this.optionalFile(id, "template.json", signal);
  }

  /** The rows of a data source, by title. */
  rows(dataSourceId: string): string[] {
    return this.childrenOf(dataSourceId).filter((id) => this.index.entries[id]?.type === "row");
  }

  /** The children of a synced block original that no captured page holds, if the snapshot has them. */
  async syncedContent(originalId: string, signal?: AbortSignal): Promise<BlockNode[] | undefined> {
    const doc = await readJsonAt<{ blocks: BlockNode[] }>(
      this.repo,
      this.snapshot,
      `synced-blocks/${originalId}.json`,
      signal,
    ).catch(notFoundAsUndefined);
    return doc?.blocks;
  }

  /**
   * A synced original's children wherever the snapshot holds them (a page or synced-blocks/): one
   * file read when index.json maps originals, a scan of every page (once) for older snapshots.
   */
  syncedOriginal(originalId: string, signal?: AbortSignal): Promise<SyncedOriginal | undefined> {
    return locateSyncedOriginal(this, originalId, signal);
  }

  /** Every user the backup listed or saw referenced, by id. */
  async userMap(signal?: AbortSignal): Promise<Map<string, UserObjectResponse>> {
    if (!this.users) {
      const list =
        (await readJsonAt<UserObjectResponse[]>(this.repo, this.snapshot, "users.json", signal).catch(
          notFoundAsUndefined,
        )) ?? [];
      this.users = new Map(list.map((u) => [u.id, u]));
    }
    return this.users;
  }

  /** The backup's report (report.json), or undefined for a snapshot without one. */
  report(signal?: AbortSignal): Promise<(CrawlReport & Record<string, unknown>) | undefined> {
    return readJsonAt<CrawlReport & Record<string, unknown>>(
      this.repo,
      this.snapshot,
      "report.json",
      signal,
    ).catch(notFoundAsUndefined);
  }

  /**
   * The downloaded files of an object: its media (icon, cover, files properties, block files) and its
   * comments' attachments, each with the reference that uses it. Snapshots made before files.json
   * existed list the folders' files with an owner guessed from nothing (object "page", empty path).
   */
  async files(id: string, signal?: AbortSignal): Promise<SnapshotFileRef[]> {
    const base = this.require(id);
    const out: SnapshotFileRef[] = [];
    for (const folder of ["media", "comment-files"]) {
      const dir = `${this.index.entries[base]!.path}/${folder}`;
      const found = await findEntry(this.repo, this.snapshot.manifest.tree, dir).catch(notFoundAsUndefined);
      if (!found?.treeId) continue;
      const tree = await loadTree(this.repo, found.treeId);
      const refsEntry = tree.entries.find((e) => e.name === FILES_JSON && e.type === "file");
      if (refsEntry) {
        const refs = JSON.parse(utf8.decode(await this.entryBytes(refsEntry, signal))) as FileRef[];
        for (const r of refs) out.push({ ...r, path: `${dir}/${r.file}` });
        continue;
      }
      for (const e of tree.entries) {
        if (e.type !== "file") continue;
        out.push({
          file: e.name,
          sha256: "",
          size: e.size ?? 0,
          contentType: "",
          source: "hosted",
          owner: { object: folder === "media" ? "page" : "comment", id: base, path: [] },
          url_path: "",
          path: `${dir}/${e.name}`,
        });
      }
    }
    return out;
  }

  /** The bytes of a file of the snapshot, by path (each blob verified as it is read). */
  async readBytes(path: string, signal?: AbortSignal): Promise<Uint8Array> {
    const { entry } = await findEntry(this.repo, this.snapshot.manifest.tree, path);
    if (entry?.type !== "file") throw new StoreError("not_found", `${JSON.stringify(path)} is not a file`);
    return this.entryBytes(entry, signal);
  }

  private async entryBytes(entry: TreeEntry, signal?: AbortSignal): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    for (const id of entry.content ?? []) parts.push(await this.repo.loadBlob(id, signal));
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  private async objectFile<T>(id: string, name: string, signal?: AbortSignal): Promise<T> {
    const key = this.require(id);
    return readJsonAt<T>(this.repo, this.snapshot, `${this.index.entries[key]!.path}/${name}`, signal);
  }

  private async optionalFile<T>(id: string, name: string, signal?: AbortSignal): Promise<T | undefined> {
    return this.objectFile<T>(id, name, signal).catch(notFoundAsUndefined);
  }

  private compareEntries(a: string, b: string): number {
    const ea = this.index.entries[a]!;
    const eb = this.index.entries[b]!;
    return ea.title.localeCompare(eb.title) || (a < b ? -1 : a > b ? 1 : 0);
  }
}

function notFoundAsUndefined(err: unknown): undefined {
  if (err instanceof StoreError && err.code === "not_found") return undefined;
  throw err;
}

async function readJsonAt<T>(
  repo: Repository,
  snapshot: Snapshot,
  path: string,
  signal?: AbortSignal,
): Promise<T> {
  const { entry } = await findEntry(repo, snapshot.manifest.tree, path);
  if (entry?.type !== "file")
    throw new StoreError("not_found", `no ${path} in snapshot ${snapshot.id.slice(0, 8)}`);
  const parts: Uint8Array[] = [];
  for (const id of entry.content ?? []) parts.push(await repo.loadBlob(id, signal));
  return JSON.parse(utf8.decode(parts.length === 1 ? parts[0]! : Buffer.concat(parts))) as T;
}
