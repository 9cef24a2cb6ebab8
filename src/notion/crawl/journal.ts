// The crawl journal: pages an interrupted backup already stored, kept in the local cache so the next run does not fetch them again.
import { mkdir, open, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { StoredContent } from "../../backup/source.ts";
import type { FileRef } from "../files-json.ts";
import type { BlockNode } from "../model.ts";

/** What a journal belongs to; a journal written under other settings is discarded. */
export interface JournalScope {
  workspaceId: string;
  /** The snapshot the interrupted run compared against (null for a first backup). */
  parent: string | null;
  comments: string;
  externalFiles: boolean;
  full: boolean;
}

/** A downloaded file of a journaled page, as its folder's files.json names it (`name` for `file`), with its content. */
export interface JournalFile extends Omit<FileRef, "file"> {
  /** The folder it sits in, under the page's folder. */
  dir: "media" | "comment-files";
  name: string;
  stored: StoredContent;
}

/** One page (or row, or template) stored by an interrupted run: ids of what it was written as, no content. */
export interface JournalEntry {
  id: string;
  last_edited_time: string;
  blocks: StoredContent;
  comments?: StoredContent;
  files: JournalFile[];
}

interface Header {
  journal: 1;
  scope: JournalScope;
  /** When the run that started this journal started (ms): the reference of the edit safety margin. */
  started: number;
}

/**
 * An append-only JSON-lines file in the local cache, one per store and workspace, holding only ids
 * (Notion ids, blob ids, hashes, times): no content and no secret. Lines are appended only after
 * the blobs they name are written to the store (a checkpoint flushes first); a torn last line is
 * ignored; a lost or stale journal only costs requests, since every entry is checked again
 * (last_edited_time, and the store still holding its blobs) before it is used.
 */
export class CrawlJournal {
  private readonly pending: JournalEntry[] = [];
  private lastCheckpoint = Date.now();
  private writes: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly fd: Awaited<ReturnType<typeof open>> | undefined,
    /** Entries of the interrupted run(s), by page id. */
    readonly previous: ReadonlyMap<string, JournalEntry>,
    /** When the interrupted run started (ms), or undefined when there is none. */
    readonly previousStarted: number | undefined,
    private readonly checkpointMs: number,
    private readonly flush: () => Promise<void>,
  ) {}

  /** The journal file of a store's workspace under `cacheRoot`. */
  static path(cacheRoot: string, storeId: string, workspaceId: string): string {
    return join(cacheRoot, storeId, "notion-journal", `${workspaceId}.jsonl`);
  }

  /**
   * Reads the journal an interrupted run left (when its scope matches) and opens it for appending;
   * otherwise starts a new one. A cache that cannot be written only disables the journal.
   */
  static async open(opts: {
    file: string;
    scope: JournalScope;
    started: number;
    /** Writes the store's pending blobs; called before entries naming them are appended. */
    flush: () => Promise<void>;
    checkpointMs?: number;
  }): Promise<CrawlJournal> {
    const { entries, header } = await readJournal(opts.file, opts.scope);
    const checkpointMs = opts.checkpointMs ?? 30_000;
    let fd: Awaited<ReturnType<typeof open>> | undefined;
    try {
      await mkdir(join(opts.file, ".."), { recursive: true, mode: 0o700 });
      if (header) fd = await open(opts.file, "a", 0o600);
      else {
        fd = await open(opts.file, "w", 0o600);
        const fresh: Header = { journal: 1, scope: opts.scope, started: opts.started };
        await fd.write(`${JSON.stringify(fresh)}\n`);
      }
    } catch {
      // A read-only or full cache must not fail a backup: it only loses the resume.
      await fd?.close().catch(() => {});
      fd = undefined;
    }
    return new CrawlJournal(opts.file, fd, entries, header?.started, checkpointMs, opts.flush);
  }

  /**
   * What the interrupted run stored of page `q`, when it is still good: same last_edited_time,
   * edited at least `marginMs` before that run started, and every blob still in the store.
   */
  async resume(
    q: { id: string; last_edited_time: string },
    store: { hasBlob(id: string): boolean; loadBlob(id: string): Promise<Uint8Array> },
    marginMs: number,
  ): Promise<{ entry: JournalEntry; blocks: BlockNode[] } | undefined> {
    const entry = this.previous.get(q.id);
    if (!entry || entry.last_edited_time !== q.last_edited_time || this.previousStarted === undefined) {
      return undefined;
    }
    if (this.previousStarted - Date.parse(q.last_edited_time) < marginMs) return undefined;
    const ids = [
      ...entry.blocks.content,
      ...(entry.comments?.content ?? []),
      ...entry.files.flatMap((f) => f.stored.content),
    ];
    if (!ids.every((id) => store.hasBlob(id))) return undefined;
    try {
      const parts = await Promise.all(entry.blocks.content.map((id) => store.loadBlob(id)));
      const blocks = JSON.parse(Buffer.concat(parts).toString("utf8")) as BlockNode[];
      return Array.isArray(blocks) ? { entry, blocks } : undefined;
    } catch {
      return undefined;
    }
  }

  /** Notes a page whose files are all stored; it is written at the next checkpoint. */
  add(entry: JournalEntry): void {
    if (this.fd) this.pending.push(entry);
  }

  /** When a checkpoint is due: flushes the store, then appends the pending entries. */
  async maybeCheckpoint(): Promise<void> {
    if (this.pending.length === 0 || Date.now() - this.lastCheckpoint < this.checkpointMs) return;
    await this.checkpoint();
  }

  /** Flushes the store, then appends every pending entry (one write, so a crash tears at most the last line). */
  async checkpoint(): Promise<void> {
    this.lastCheckpoint = Date.now();
    const fd = this.fd;
    if (!fd || this.pending.length === 0) return;
    const entries = this.pending.splice(0);
    await this.flush();
    const text = entries.map((e) => `${JSON.stringify(e)}\n`).join("");
    this.writes = this.writes.then(() => fd.write(text).then(() => {}));
    await this.writes.catch(() => {});
  }

  /** Closes the file, keeping it (the backup did not finish). */
  async close(): Promise<void> {
    await this.writes.catch(() => {});
    await this.fd?.close().catch(() => {});
  }

  /** Closes and deletes the journal: its snapshot is written. */
  async discard(): Promise<void> {
    await this.close();
    await rm(this.file, { force: true }).catch(() => {});
  }
}

async function readJournal(
  file: string,
  scope: JournalScope,
): Promise<{ entries: Map<string, JournalEntry>; header?: Header }> {
  const entries = new Map<string, JournalEntry>();
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return { entries };
  }
  const lines = text.split("\n");
  let header: Header | undefined;
  try {
    header = JSON.parse(lines[0] ?? "") as Header;
  } catch {
    return { entries };
  }
  if (header?.journal !== 1 || JSON.stringify(header.scope) !== JSON.stringify(scope)) return { entries };
  for (const line of lines.slice(1)) {
    if (!line) continue;
    try {
      const e = JSON.parse(line) as JournalEntry;
      if (typeof e.id === "string" && e.blocks?.content) entries.set(e.id, e);
    } catch {
      // The torn last line of a killed run.
    }
  }
  return { entries, header };
}
