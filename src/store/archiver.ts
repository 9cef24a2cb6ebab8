// Backs up a directory: walks it, chunks changed files, reuses the parent snapshot's unchanged entries.
import { type BigIntStats, createReadStream, lstatSync, readFileSync } from "node:fs";
import { lstat, readdir, readlink } from "node:fs/promises";
import { join, resolve } from "node:path";
import { commitSnapshot } from "./commit.ts";
import { StoreError } from "./errors.ts";
import type { LockOptions } from "./lock.ts";
import type { Repository } from "./repository.ts";
import type { Snapshot, SnapshotSummary } from "./snapshot.ts";
import { loadTree, saveTree, type Tree, type TreeEntry } from "./tree.ts";

/** Files up to this size are read whole instead of streamed. */
const SMALL_FILE = 1 << 20;

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

/** What a backup reports while it runs; the CLI renders these, the archiver never prints. */
export type BackupEvent =
  | { type: "start"; source: string; parent?: string }
  | { type: "file"; path: string; size: number; status: "new" | "changed" | "unchanged" }
  | { type: "dir"; path: string }
  | { type: "warning"; path: string; message: string }
  | { type: "done"; snapshot: Snapshot };

/** Options for `backupDirectory`. */
export interface BackupOptions {
  /** The directory to back up; its contents become the snapshot's root tree. */
  source: string;
  tags?: string[];
  /** Defaults to this machine's host name. */
  host?: string;
  /** Parent snapshot id or prefix; by default the latest snapshot of the same host and source; null for none. */
  parent?: string | null;
  /** The snapshot's time (default: now). */
  time?: Date;
  meta?: Record<string, string>;
  onProgress?: (event: BackupEvent) => void;
  signal?: AbortSignal;
  /** Absolute paths left out of the snapshot (e.g. the store itself when it lives inside the source). */
  exclude?: string[];
  /** Files read and chunked at once (default 4). */
  concurrency?: number;
  /** Lock settings; a shared lock is held for the whole backup. */
  lock?: LockOptions;
}

/** What a backup produced. */
export interface BackupResult {
  snapshot: Snapshot;
  /** Entries that could not be read and were left out. */
  warnings: number;
}

/** RFC 3339 UTC with nanoseconds, from a bigint nanosecond timestamp. */
export function formatNs(ns: bigint): string {
  const ms = ns / 1_000_000n;
  const frac = ns - (ns / 1_000_000_000n) * 1_000_000_000n;
  const base = new Date(Number(ms)).toISOString().slice(0, 19);
  if (frac < 0n) return new Date(Number(ms)).toISOString();
  return `${base}.${frac.toString().padStart(9, "0")}Z`;
}

/** Chunks of one file saved at once (the writer bounds the total across files). */
const chunksInFlight = 4;

/** Directory entries examined at once within one directory. */
const entryConcurrency = 8;

/** Limits how many tasks run at once. */
class Gate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    while (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

interface Counters extends SnapshotSummary {
  warnings: number;
}

function sameFile(
  old: TreeEntry | undefined,
  st: BigIntStats,
): old is TreeEntry & { content: string[]; size: number } {
  return (
    old?.type === "file" &&
    old.content !== undefined &&
    old.size === Number(st.size) &&
    old.mtime === formatNs(st.mtimeNs) &&
    old.ctime === formatNs(st.ctimeNs) &&
    old.inode === st.ino.toString()
  );
}

class Walker {
  readonly counters: Counters = { files: 0, dirs: 0, bytes: 0, newBlobs: 0, addedBytes: 0, warnings: 0 };
  private readonly reads: Gate;
  private readonly exclude: Set<string>;

  constructor(
    private readonly repo: Repository,
    private readonly opts: BackupOptions,
  ) {
    this.reads = new Gate(opts.concurrency ?? 4);
    this.exclude = new Set((opts.exclude ?? []).map((p) => resolve(p)));
  }

  private emit(event: BackupEvent): void {
    this.opts.onProgress?.(event);
  }

  private count(saved: { isNew: boolean }, bytes: number): void {
    if (!saved.isNew) return;
    this.counters.newBlobs++;
    this.counters.addedBytes += bytes;
  }

  private async saveContent(
    path: string,
    expectedSize: number,
  ): Promise<{ content: string[]; size: number }> {
    const content: string[] = [];
    let size = 0;
    // Small files (most Notion JSON) are read in one synchronous call: from the page cache that takes
    // microseconds, while a stream or four thread-pool round trips per file cost more than the data.
    const source: AsyncIterable<Uint8Array> =
      expectedSize <= SMALL_FILE
        ? once(readFileSync(path))
        : createReadStream(path, { signal: this.opts.signal, highWaterMark: 1 << 20 });
    // Chunking goes on while earlier chunks are hashed and sealed in the workers; a few per file.
    const saves: Array<Promise<void>> = [];
    for await (const chunk of this.repo.chunk(source)) {
      const i = saves.length;
      const save = this.repo.saveBlob("data", chunk, { signal: this.opts.signal }).then((saved) => {
        this.count(saved, chunk.length);
        content[i] = saved.id;
      });
      save.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
      saves.push(save);
      size += chunk.length;
      if (saves.length > chunksInFlight) await saves[saves.length - 1 - chunksInFlight];
    }
    await Promise.all(saves);
    return { content, size };
  }

  private async entry(
    abs: string,
    rel: string,
    name: string,
    old?: TreeEntry,
  ): Promise<TreeEntry | undefined> {
    // Synchronous for the same reason as small reads: a thread-pool round trip costs more than the call.
    const st = lstatSync(abs, { bigint: true });
    const base = {
      name,
      mode: Number(st.mode & 0o7777n),
      mtime: formatNs(st.mtimeNs),
      ctime: formatNs(st.ctimeNs),
      inode: st.ino.toString(),
    };
    if (st.isFile()) {
      this.counters.files++;
      // Reused ids must still be in the index (a damaged or pruned parent must not poison this snapshot).
      if (sameFile(old, st) && old.content.every((id) => this.repo.hasBlob(id))) {
        this.counters.bytes += old.size;
        this.emit({ type: "file", path: rel, size: old.size, status: "unchanged" });
        return { ...base, type: "file", size: old.size, content: old.content };
      }
      const { content, size } = await this.reads.run(() => this.saveContent(abs, Number(st.size)));
      this.counters.bytes += size;
      this.emit({ type: "file", path: rel, size, status: old ? "changed" : "new" });
      return { ...base, type: "file", size, content };
    }
    if (st.isDirectory()) {
      const subtree = await this.dir(abs, rel, old?.type === "dir" ? old.subtree : undefined);
      return { ...base, type: "dir", subtree };
    }
    if (st.isSymbolicLink()) return { ...base, type: "symlink", target: await readlink(abs) };
    this.warn(rel, "not a regular file, directory or symlink; skipped");
    return undefined;
  }

  private warn(path: string, message: string): void {
    this.counters.warnings++;
    this.emit({ type: "warning", path, message });
  }

  /** Archives one directory; returns its tree id. */
  async dir(abs: string, rel: string, parentTree?: string): Promise<string> {
    this.opts.signal?.throwIfAborted();
    this.counters.dirs += rel === "" ? 0 : 1;
    this.emit({ type: "dir", path: rel });
    let previous: Tree | undefined;
    if (parentTree) previous = await loadTree(this.repo, parentTree).catch(() => undefined);
    const old = new Map((previous?.entries ?? []).map((e) => [e.name, e]));
    const names = (await readdir(abs)).filter((n) => !this.exclude.has(join(abs, n))).sort();
    const found: Array<TreeEntry | undefined> = new Array(names.length);
    let next = 0;
    let failed = false;
    // A few entries at a time, so one large file does not hold up its siblings.
    const worker = async () => {
      while (!failed && next < names.length) {
        const i = next++;
        const name = names[i]!;
        const childRel = rel === "" ? name : `${rel}/${name}`;
        try {
          found[i] = await this.entry(join(abs, name), childRel, name, old.get(name));
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          // A file that vanished or cannot be read is left out; the backup goes on.
          if (code === "ENOENT" || code === "EACCES" || code === "EPERM" || code === "ELOOP") {
            this.warn(childRel, (err as Error).message);
          } else {
            failed = true;
            throw err;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(entryConcurrency, names.length) }, worker));
    const entries = found.filter((e): e is TreeEntry => e !== undefined);
    const saved = await saveTree(this.repo, { entries });
    this.count(saved, saved.size);
    return saved.id;
  }
}

/** Backs up a directory into a new snapshot (see `commitSnapshot` for locking and write order). */
export async function backupDirectory(repo: Repository, opts: BackupOptions): Promise<BackupResult> {
  const source = resolve(opts.source);
  const st = await lstat(source).catch(() => undefined);
  if (!st?.isDirectory()) throw new StoreError("invalid_argument", `${source} is not a directory`);
  let warnings = 0;
  const snapshot = await commitSnapshot(repo, { ...opts, paths: [source] }, async ({ parent }) => {
    opts.onProgress?.({ type: "start", source, parent: parent?.id });
    const walker = new Walker(repo, opts);
    const tree = await walker.dir(source, "", parent?.manifest.tree);
    const { warnings: w, ...summary } = walker.counters;
    warnings = w;
    return { tree, summary };
  });
  opts.onProgress?.({ type: "done", snapshot });
  return { snapshot, warnings };
}
