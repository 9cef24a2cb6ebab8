// Notes where each freshly read page's files went in the store, and hands complete pages to the crawl journal.
import type { StoredContent } from "../../backup/source.ts";
import type { CrawlJournal, JournalEntry, JournalFile } from "./journal.ts";

type FileWithoutContent = Omit<JournalFile, "stored">;

interface Pending {
  last_edited_time: string;
  blocks?: StoredContent;
  comments?: StoredContent;
  files: FileWithoutContent[];
}

/** Collects, page by page, the blob ids of blocks.json, comments.json and downloaded files. */
export class JournalRecorder {
  private readonly pages = new Map<string, Pending>();
  /** Files owned by blocks whose page is not known yet, by block id. */
  private readonly blockFiles = new Map<string, FileWithoutContent[]>();
  private readonly contents = new Map<string, StoredContent>();

  constructor(private readonly journal: CrawlJournal) {}

  /** A page read afresh (its blocks will be listed). */
  startPage(id: string, lastEditedTime: string): void {
    this.pages.set(id, { last_edited_time: lastEditedTime, files: [] });
  }

  /** A page taken from elsewhere (previous snapshot or journal): nothing to record. */
  dropPage(id: string): void {
    this.pages.delete(id);
  }

  /** Callback for the archiver: where the page's blocks.json went. */
  blocksSaved(pageId: string): (s: StoredContent) => void {
    return (s) => {
      const p = this.pages.get(pageId);
      if (p) p.blocks = s;
    };
  }

  /** Callback for the archiver: where the page's comments.json went. */
  commentsSaved(pageId: string): (s: StoredContent) => void {
    return (s) => {
      const p = this.pages.get(pageId);
      if (p) p.comments = s;
    };
  }

  /** Callback for the archiver: where a file's content (by sha256) went. */
  contentSaved(sha256: string): (s: StoredContent) => void {
    return (s) => this.contents.set(sha256, s);
  }

  /** A file placed in a page's folder, or owned by a block whose page is not known yet. */
  file(owner: { pageId: string } | { blockId: string }, file: FileWithoutContent): void {
    if ("pageId" in owner) {
      this.pages.get(owner.pageId)?.files.push(file);
      return;
    }
    const list = this.blockFiles.get(owner.blockId) ?? [];
    list.push(file);
    this.blockFiles.set(owner.blockId, list);
  }

  /** A block's page became known: its files belong to that page. */
  blockPlaced(blockId: string, pageId: string): void {
    const files = this.blockFiles.get(blockId);
    if (!files) return;
    this.blockFiles.delete(blockId);
    for (const f of files) this.file({ pageId }, f);
  }

  /** Every record of the page is stored: it goes to the journal if all its parts are known. */
  pageDone(pageId: string): void {
    const p = this.pages.get(pageId);
    if (!p) return;
    this.pages.delete(pageId);
    if (!p.blocks) return;
    const files: JournalFile[] = [];
    for (const f of p.files) {
      const stored = this.contents.get(f.sha256);
      if (!stored) return;
      files.push({ ...f, stored });
    }
    const entry: JournalEntry = {
      id: pageId,
      last_edited_time: p.last_edited_time,
      blocks: p.blocks,
      ...(p.comments ? { comments: p.comments } : {}),
      files,
    };
    this.journal.add(entry);
  }

  /** Lets the journal write what is pending when its checkpoint is due. */
  maybeCheckpoint(): Promise<void> {
    return this.journal.maybeCheckpoint();
  }
}
