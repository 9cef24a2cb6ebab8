// Notion records -> snapshot items: the workspace laid out by title and short id, nested as in Notion.
// It implements the backup engine's Source interface: notion/ builds on the generic backup/.
import type { Placement, Source, SourceItem } from "../backup/source.ts";
import type { JournalEntry } from "./crawl/journal.ts";
import type { JournalRecorder } from "./crawl/journal-recorder.ts";
import { FILES_JSON, FileRefs, urlPath } from "./files-json.ts";
import { entryName, mediaName, pageTitle, plainText } from "./layout.ts";
import { type BlockNode, type CrawlReport, NOTION_API_VERSION, type NotionRecord } from "./model.ts";

type Json = Record<string, any>;

/** One line of index.json: where a Notion object is in the snapshot and how fresh it was. */
export interface IndexEntry {
  path: string;
  type: string;
  title: string;
  last_edited_time?: string;
  /** The Notion id of the object holding it, when captured. */
  parent?: string;
}

/** index.json: every captured page, row, template, database and data source by Notion id. */
export interface SnapshotIndex {
  version: 1;
  api_version: string;
  entries: Record<string, IndexEntry>;
}

export { FILES_JSON, type FileRef } from "./files-json.ts";

/** What the Notion source needs from outside. */
export interface NotionSourceOptions {
  /** Path segments of an object in the previous snapshot (for pages whose blocks are reused). */
  previousPath?: (id: string) => string[] | undefined;
  /** Extra fields for report.json (store figures, backup options), read when the crawl has ended. */
  reportExtra?: () => Record<string, unknown>;
  /** Records what each fresh page was stored as, for the resume journal. */
  recorder?: JournalRecorder;
}

interface Known {
  node: string;
  type: string;
  title: string;
  last_edited_time?: string;
  parent?: string;
}

/** Turns a crawl's records into folders and files; `finish` adds index.json and report.json. */
export class NotionSource implements Source {
  private readonly blockPage = new Map<string, string>();
  /** Block ids referenced (as a parent, or as a file's owner) before the page holding them was read. */
  private readonly pendingBlocks = new Map<string, string[]>();
  private readonly outbox: SourceItem[] = [];
  private readonly declared = new Set<string>();
  private readonly placedFiles = new Set<string>();
  /** Per folder id holding files: every reference to a file placed there (files.json). */
  private readonly fileRefs = new FileRefs();
  private readonly commentPage = new Map<string, string>();
  private readonly comments = new Map<string, { page: unknown[]; blocks: Record<string, unknown[]> }>();
  private readonly views = new Map<string, Json[]>();
  private readonly users = new Map<string, unknown>();
  private readonly known = new Map<string, Known>();
  /** The crawl's report, once its last record is read. */
  report?: CrawlReport;

  constructor(
    private readonly records: AsyncIterable<NotionRecord>,
    private readonly opts: NotionSourceOptions = {},
  ) {}

  /** Tells the source which page holds these blocks (a reused page's tree, read from the previous snapshot). */
  noteBlocks(pageId: string, nodes: BlockNode[]): void {
    for (const n of nodes) {
      // Only blocks that may hold a page or own a file are asked about later; keeping every
      // block id would grow with the workspace (190,000 blocks for 10,000 pages).
      if (mayBeAskedAbout(n.block)) this.blockPage.set(n.block.id, pageId);
      this.opts.recorder?.blockPlaced(n.block.id, pageId);
      for (const alias of this.pendingBlocks.get(n.block.id) ?? []) {
        this.outbox.push({
          kind: "alias",
          id: alias,
          of: alias.startsWith("media:") ? this.mediaDir(pageId) : pageId,
        });
      }
      this.pendingBlocks.delete(n.block.id);
      this.noteBlocks(pageId, n.children);
    }
  }

  /** The snapshot items, record by record. */
  async *items(): AsyncGenerator<SourceItem> {
    for await (const record of this.records) {
      yield* this.fromRecord(record);
      yield* this.outbox.splice(0);
      // Every item yielded so far is stored (the archiver asks for the next one only then).
      if (record.kind === "page-done" && this.opts.recorder) {
        this.opts.recorder.pageDone(record.pageId);
        await this.opts.recorder.maybeCheckpoint();
      }
    }
    yield* this.buffered();
  }

  /** index.json and report.json, written once every folder has its place. */
  *finish(placement: Placement): Iterable<SourceItem> {
    const entries: Record<string, IndexEntry> = {};
    for (const id of [...this.known.keys()].sort()) {
      const k = this.known.get(id)!;
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
    yield* this.filesJson(placement);
    const index: SnapshotIndex = { version: 1, api_version: NOTION_API_VERSION, entries };
    yield { kind: "file", dir: "", name: "index.json", json: index };
    yield {
      kind: "file",
      dir: "",
      name: "report.json",
      json: { api_version: NOTION_API_VERSION, ...this.report, ...this.opts.reportExtra?.() },
    };
  }

  private *fromRecord(r: NotionRecord): Iterable<SourceItem> {
    switch (r.kind) {
      case "page": {
        const page = r.page as Json;
        const parent = r.role === "template" ? `template-of:${r.id}` : this.parentNode(page.parent);
        const title = pageTitle(page);
        yield* this.dir(r.id, parent, entryName(title, r.id), page.last_edited_time, r.role);
        this.know(r.id, {
          node: r.id,
          type: r.role,
          title,
          last_edited_time: page.last_edited_time,
          parent: parentId(page.parent),
        });
        yield { kind: "file", dir: r.id, name: "page.json", json: page, mtime: page.last_edited_time };
        this.opts.recorder?.startPage(r.id, page.last_edited_time);
        return;
      }
      case "blocks":
        this.noteBlocks(r.pageId, r.blocks);
        yield {
          kind: "file",
          dir: r.pageId,
          name: "blocks.json",
          json: r.blocks,
          ...(this.opts.recorder ? { onSaved: this.opts.recorder.blocksSaved(r.pageId) } : {}),
        };
        return;
      case "page-done":
        yield* this.pageComments(r.pageId);
        return;
      case "blocks-reused": {
        this.opts.recorder?.dropPage(r.pageId);
        if (r.journal) {
          yield* this.fromJournal(r.pageId, r.journal);
          return;
        }
        const from = this.opts.previousPath?.(r.pageId);
        if (!from) {
          yield {
            kind: "warning",
            message: `page ${r.pageId}: unchanged but missing from the previous snapshot`,
          };
          return;
        }
        yield { kind: "reuse", dir: r.pageId, name: "blocks.json", from: [...from, "blocks.json"] };
        yield { kind: "reuse", dir: r.pageId, name: "media", from: [...from, "media"], optional: true };
        if (r.comments) {
          for (const name of ["comments.json", "comment-files"]) {
            yield { kind: "reuse", dir: r.pageId, name, from: [...from, name], optional: true };
          }
        }
        return;
      }
      case "synced-content":
        yield* this.dir("synced-blocks", null, "synced-blocks");
        yield { kind: "file", dir: "synced-blocks", name: `${r.originalId}.json`, json: r };
        return;
      case "database": {
        const db = r.database as Json;
        const title = plainText(db.title);
        yield* this.dir(
          r.id,
          this.parentNode(db.parent),
          entryName(title, r.id),
          db.last_edited_time,
          "database",
        );
        this.know(r.id, {
          node: r.id,
          type: "database",
          title,
          last_edited_time: db.last_edited_time,
          parent: parentId(db.parent),
        });
        yield { kind: "file", dir: r.id, name: "database.json", json: db, mtime: db.last_edited_time };
        return;
      }
      case "data_source": {
        const ds = r.dataSource as Json;
        const title = plainText(ds.title);
        yield* this.dir(r.id, r.databaseId, entryName(title, r.id), ds.last_edited_time, "data_source");
        this.know(r.id, {
          node: r.id,
          type: "data_source",
          title,
          last_edited_time: ds.last_edited_time,
          parent: r.databaseId,
        });
        yield { kind: "file", dir: r.id, name: "data-source.json", json: ds, mtime: ds.last_edited_time };
        return;
      }
      case "template": {
        const folder = `templates:${r.dataSourceId}`;
        yield* this.dir(folder, r.dataSourceId, "templates");
        yield { kind: "alias", id: `template-of:${r.id}`, of: folder };
        yield { kind: "file", dir: r.id, name: "template.json", json: r.template };
        return;
      }
      case "view": {
        const list = this.views.get(r.databaseId) ?? [];
        list.push(r.view);
        this.views.set(r.databaseId, list);
        return;
      }
      case "comments": {
        const c = this.comments.get(r.pageId) ?? { page: [], blocks: {} };
        if (r.parentType === "page") c.page.push(...r.comments);
        else c.blocks[r.parentId] = [...(c.blocks[r.parentId] ?? []), ...r.comments];
        this.comments.set(r.pageId, c);
        for (const comment of r.comments) this.commentPage.set(comment.id, r.pageId);
        return;
      }
      case "user":
        this.users.set(r.id, r.user);
        return;
      case "file":
        yield* this.file(r);
        return;
      case "report":
        this.report = r.report;
        return;
    }
  }

  private *file(r: Extract<NotionRecord, { kind: "file" }>): Iterable<SourceItem> {
    const { owner } = r;
    let dir: string;
    if (owner.object === "comment") {
      const page = this.commentPage.get(owner.id);
      if (!page) {
        yield {
          kind: "warning",
          message: `attachment ${r.name} of comment ${owner.id}: its page is unknown`,
        };
        return;
      }
      dir = `comment-files:${page}`;
      yield* this.dir(dir, page, "comment-files");
    } else if (owner.object === "block") {
      const page = this.blockPage.get(owner.id);
      if (page) dir = this.mediaDir(page);
      else {
        dir = `media:block:${owner.id}`;
        this.pending(owner.id, dir);
      }
    } else {
      dir = this.mediaDir(owner.id);
    }
    if (!dir.startsWith("media:block:")) yield* this.outbox.splice(0);
    const name = mediaName(r.name, r.sha256);
    const recorder = this.opts.recorder;
    if (recorder) {
      const jf = {
        dir: owner.object === "comment" ? ("comment-files" as const) : ("media" as const),
        name,
        sha256: r.sha256,
        size: r.size,
        contentType: r.contentType,
        source: r.source,
        owner: r.owner,
        url_path: urlPath(r.url),
      };
      if (owner.object === "comment") recorder.file({ pageId: dir.slice("comment-files:".length) }, jf);
      else if (owner.object === "block") {
        const page = this.blockPage.get(owner.id);
        recorder.file(page ? { pageId: page } : { blockId: owner.id }, jf);
      } else if (owner.object === "page") recorder.file({ pageId: owner.id }, jf);
    }
    this.fileRefs.add(dir, {
      file: name,
      sha256: r.sha256,
      size: r.size,
      contentType: r.contentType,
      source: r.source,
      owner: r.owner,
      url_path: urlPath(r.url),
    });
    const key = `${dir}\u0000${name}`;
    if (this.placedFiles.has(key)) return;
    this.placedFiles.add(key);
    yield {
      kind: "file",
      dir,
      name,
      contentKey: r.sha256,
      ...(r.bytes ? { bytes: r.bytes } : {}),
      ...(recorder ? { onSaved: recorder.contentSaved(r.sha256) } : {}),
    };
  }

  /** A page as an interrupted run stored it: its files named by their blob ids, nothing downloaded. */
  private *fromJournal(pageId: string, e: JournalEntry): Iterable<SourceItem> {
    yield { kind: "file", dir: pageId, name: "blocks.json", stored: e.blocks };
    if (e.comments) yield { kind: "file", dir: pageId, name: "comments.json", stored: e.comments };
    for (const f of e.files) {
      let dir: string;
      if (f.dir === "media") dir = this.mediaDir(pageId);
      else {
        dir = `comment-files:${pageId}`;
        yield* this.dir(dir, pageId, "comment-files");
      }
      const { stored, dir: _kind, name, ...ref } = f;
      this.fileRefs.add(dir, { file: name, ...ref });
      const key = `${dir}\u0000${name}`;
      if (this.placedFiles.has(key)) continue;
      this.placedFiles.add(key);
      yield { kind: "file", dir, name, contentKey: f.sha256, stored };
    }
  }

  /** A page's comments.json, written as soon as its last comment is read (so comments are not all held). */
  private *pageComments(pageId: string): Iterable<SourceItem> {
    const c = this.comments.get(pageId);
    if (!c) return;
    this.comments.delete(pageId);
    for (const comment of [...c.page, ...Object.values(c.blocks).flat()]) {
      this.commentPage.delete((comment as { id: string }).id);
    }
    yield {
      kind: "file",
      dir: pageId,
      name: "comments.json",
      json: commentsJson(c),
      ...(this.opts.recorder ? { onSaved: this.opts.recorder.commentsSaved(pageId) } : {}),
    };
  }

  /** The media folder of an object, declared on first use. */
  private mediaDir(owner: string): string {
    const id = `media:${owner}`;
    if (!this.declared.has(id)) {
      this.declared.add(id);
      this.outbox.push({ kind: "dir", id, parent: owner, name: "media" });
    }
    return id;
  }

  private *dir(
    id: string,
    parent: string | null,
    name: string,
    mtime?: string,
    type?: string,
  ): Iterable<SourceItem> {
    if (this.declared.has(id)) return;
    this.declared.add(id);
    yield {
      kind: "dir",
      id,
      parent,
      name,
      ...(mtime ? { mtime } : {}),
      ...(type ? { meta: { notion_id: id, notion_type: type } } : {}),
    };
  }

  private know(id: string, k: Known): void {
    this.known.set(id, k);
  }

  private pending(blockId: string, alias: string): void {
    const list = this.pendingBlocks.get(blockId) ?? [];
    if (!list.includes(alias)) list.push(alias);
    this.pendingBlocks.set(blockId, list);
  }

  /** The folder id an object's `parent` names; blocks resolve to their page once it is read. */
  private parentNode(parent: Json | undefined): string | null {
    switch (parent?.type) {
      case "page_id":
        return parent.page_id;
      case "database_id":
        return parent.database_id;
      case "data_source_id":
        return parent.data_source_id;
      case "block_id": {
        const page = this.blockPage.get(parent.block_id);
        if (page) return page;
        const alias = `block:${parent.block_id}`;
        this.pending(parent.block_id, alias);
        return alias;
      }
      default:
        return null;
    }
  }

  /** One files.json per media folder (several folder ids may name one folder). */
  private *filesJson(placement: Placement): Iterable<SourceItem> {
    for (const { dir, refs } of this.fileRefs.byFolder(placement)) {
      yield { kind: "file", dir, name: FILES_JSON, json: refs };
    }
  }

  /** Comments, views and users, gathered over the crawl and written once it ended. */
  private *buffered(): Iterable<SourceItem> {
    for (const [pageId, c] of this.comments) {
      yield { kind: "file", dir: pageId, name: "comments.json", json: commentsJson(c) };
    }
    for (const [dbId, list] of this.views) {
      list.sort((a, b) => String(a.id).localeCompare(String(b.id)));
      yield { kind: "file", dir: dbId, name: "views.json", json: list };
    }
    const users = [...this.users.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, u]) => u);
    yield { kind: "file", dir: "", name: "users.json", json: users };
  }
}

/** Block types that own files (media blocks, and callouts through their icon). */
const FILE_BLOCKS = new Set(["image", "video", "file", "pdf", "audio", "callout"]);

/** Whether a block may be named later as a page's parent (it has children) or a file's owner. */
function mayBeAskedAbout(block: BlockNode["block"]): boolean {
  if (!("type" in block)) return true;
  return block.has_children || FILE_BLOCKS.has(block.type);
}

/** comments.json: page-level comments, then inline ones by block id (sorted, so captures compare). */
function commentsJson(c: { page: unknown[]; blocks: Record<string, unknown[]> }): unknown {
  const blocks = Object.fromEntries(
    Object.keys(c.blocks)
      .sort()
      .map((k) => [k, c.blocks[k]]),
  );
  return { page: c.page, blocks };
}

function parentId(parent: Json | undefined): string | undefined {
  const t = parent?.type;
  return typeof t === "string" && t !== "workspace" ? parent?.[t] : undefined;
}
