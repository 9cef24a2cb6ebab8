// Notion records -> snapshot items: the workspace laid out by title and short id, nested as in Notion.
// It implements the backup engine's Source interface: notion/ builds on the generic backup/.
import type { Placement, Source, SourceItem } from "../backup/source.ts";
import { BufferedRecords } from "./buffered-records.ts";
import type { JournalRecorder } from "./crawl/journal-recorder.ts";
import { FilePlacement } from "./file-placement.ts";
import { FolderPlan } from "./folder-plan.ts";
import { entryName, pageTitle, plainText } from "./layout.ts";
import { type BlockNode, type CrawlReport, NOTION_API_VERSION, type NotionRecord } from "./model.ts";
import { indexEntries, type KnownObject, type SnapshotIndex } from "./snapshot-index.ts";
import { SyncedOriginals } from "./synced-originals.ts";

type Json = Record<string, any>;

export { FILES_JSON, type FileRef } from "./files-json.ts";
export type { IndexEntry, SnapshotIndex } from "./snapshot-index.ts";

/** What the Notion source needs from outside. */
export interface NotionSourceOptions {
  /** Path segments of an object in the previous snapshot (for pages whose blocks are reused). */
  previousPath?: (id: string) => string[] | undefined;
  /** Extra fields for report.json (store figures, backup options), read when the crawl has ended. */
  reportExtra?: () => Record<string, unknown>;
  /** Records what each fresh page was stored as, for the resume journal. */
  recorder?: JournalRecorder;
}

/** Turns a crawl's records into folders and files; `finish` adds index.json and report.json. */
export class NotionSource implements Source {
  private readonly folders: FolderPlan;
  private readonly files: FilePlacement;
  private readonly buffers = new BufferedRecords();
  private readonly synced = new SyncedOriginals();
  private readonly known = new Map<string, KnownObject>();
  /** The crawl's report, once its last record is read. */
  report?: CrawlReport;

  constructor(
    private readonly records: AsyncIterable<NotionRecord>,
    private readonly opts: NotionSourceOptions = {},
  ) {
    const recorder = opts.recorder;
    this.folders = new FolderPlan(recorder ? (block, page) => recorder.blockPlaced(block, page) : undefined);
    this.files = new FilePlacement(this.folders, recorder);
  }

  /** Tells the source which page holds these blocks (a reused page's tree, read from the previous snapshot). */
  noteBlocks(pageId: string, nodes: BlockNode[]): void {
    this.folders.noteBlocks(pageId, nodes);
    this.synced.notePage(pageId, nodes);
  }

  /** The snapshot items, record by record. */
  async *items(): AsyncGenerator<SourceItem> {
    for await (const record of this.records) {
      yield* this.fromRecord(record);
      yield* this.folders.drain();
      // Every item yielded so far is stored (the archiver asks for the next one only then).
      if (record.kind === "page-done" && this.opts.recorder) {
        this.opts.recorder.pageDone(record.pageId);
        await this.opts.recorder.maybeCheckpoint();
      }
    }
    yield* this.buffers.rest();
  }

  /** index.json and report.json, written once every folder has its place. */
  *finish(placement: Placement): Iterable<SourceItem> {
    const entries = indexEntries(this.known, placement);
    yield* this.files.filesJson(placement);
    const index: SnapshotIndex = {
      version: 1,
      api_version: NOTION_API_VERSION,
      entries,
      synced_originals: this.synced.toJson(placement),
    };
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
        const parent = r.role === "template" ? `template-of:${r.id}` : this.folders.parentNode(page.parent);
        const title = pageTitle(page);
        yield* this.folders.dir(r.id, parent, entryName(title, r.id), page.last_edited_time, r.role);
        this.known.set(r.id, {
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
      case "blocks-reused":
        yield* this.reused(r);
        return;
      case "synced-content":
        this.synced.noteSyncedFile(r.originalId);
        yield* this.folders.dir("synced-blocks", null, "synced-blocks");
        yield { kind: "file", dir: "synced-blocks", name: `${r.originalId}.json`, json: r };
        return;
      case "database": {
        const db = r.database as Json;
        const title = plainText(db.title);
        const parent = this.folders.parentNode(db.parent);
        yield* this.folders.dir(r.id, parent, entryName(title, r.id), db.last_edited_time, "database");
        this.known.set(r.id, {
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
        yield* this.folders.dir(
          r.id,
          r.databaseId,
          entryName(title, r.id),
          ds.last_edited_time,
          "data_source",
        );
        this.known.set(r.id, {
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
        yield* this.folders.dir(folder, r.dataSourceId, "templates");
        yield { kind: "alias", id: `template-of:${r.id}`, of: folder };
        yield { kind: "file", dir: r.id, name: "template.json", json: r.template };
        return;
      }
      case "view":
        this.buffers.addView(r.databaseId, r.view as Json);
        return;
      case "comments":
        this.buffers.addComments(r);
        return;
      case "user":
        this.buffers.addUser(r.id, r.user);
        return;
      case "file":
        yield* this.files.file(r, (commentId) => this.buffers.pageOfComment(commentId));
        return;
      case "report":
        this.report = r.report;
        return;
    }
  }

  /** An unchanged page: its files taken from the resume journal or the previous snapshot. */
  private *reused(r: Extract<NotionRecord, { kind: "blocks-reused" }>): Iterable<SourceItem> {
    this.opts.recorder?.dropPage(r.pageId);
    if (r.journal) {
      yield* this.files.fromJournal(r.pageId, r.journal);
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
  }

  /** A page's comments.json, written as soon as its last comment is read (so comments are not all held). */
  private *pageComments(pageId: string): Iterable<SourceItem> {
    const json = this.buffers.takePageComments(pageId);
    if (json === undefined) return;
    yield {
      kind: "file",
      dir: pageId,
      name: "comments.json",
      json,
      ...(this.opts.recorder ? { onSaved: this.opts.recorder.commentsSaved(pageId) } : {}),
    };
  }
}

function parentId(parent: Json | undefined): string | undefined {
  const t = parent?.type;
  return typeof t === "string" && t !== "workspace" ? parent?.[t] : undefined;
}
