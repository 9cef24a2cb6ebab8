// Restores a snapshot (or a path inside it) to a directory: same bytes, modes and mtimes, never outside it.
import { constants } from "node:fs";
import { chmod, lstat, lutimes, mkdir, open, rm, symlink, utimes } from "node:fs/promises";
import { join, resolve } from "node:path";
import { StoreError } from "./errors.ts";
import type { Repository } from "./repository.ts";
import type { Snapshot } from "./snapshot.ts";
import { checkEntryName, findEntry, loadTree, splitPath, type TreeEntry } from "./tree.ts";

/** What a restore reports while it runs. */
export type RestoreEvent =
  | { type: "file"; path: string; size: number }
  | { type: "dir"; path: string }
  | { type: "symlink"; path: string };

/** Options for `restoreSnapshot`. */
export interface RestoreOptions {
  /** A path inside the snapshot; "" (default) restores the whole snapshot. */
  path?: string;
  /** The directory to restore into (created when missing). */
  target: string;
  onProgress?: (event: RestoreEvent) => void;
  signal?: AbortSignal;
}

/** What a restore wrote. */
export interface RestoreResult {
  target: string;
  files: number;
  dirs: number;
  symlinks: number;
  bytes: number;
}

/** Seconds since the epoch (with fraction) from an RFC 3339 time, as utimes wants it. */
export function parseTime(time: string): number {
  const m = /^(.*?)(?:\.(\d+))?Z$/.exec(time);
  const whole = Date.parse(`${m?.[1] ?? time}Z`);
  if (Number.isNaN(whole)) return Date.now() / 1000;
  return whole / 1000 + Number(`0.${m?.[2] ?? "0"}`);
}

// Whatever occupies a path we are about to write is removed unless it is a real directory we can
// reuse, so a symlink planted in the target can never redirect a write elsewhere.
async function clearSlot(path: string, keepDir: boolean): Promise<void> {
  const st = await lstat(path).catch(() => undefined);
  if (!st) return;
  if (keepDir && st.isDirectory()) return;
  await rm(path, { recursive: true, force: true });
}

class Writer {
  readonly result: RestoreResult;

  constructor(
    private readonly repo: Repository,
    private readonly opts: RestoreOptions,
    target: string,
  ) {
    this.result = { target, files: 0, dirs: 0, symlinks: 0, bytes: 0 };
  }

  async file(e: TreeEntry, abs: string, rel: string): Promise<void> {
    await clearSlot(abs, false);
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
    const handle = await open(abs, flags, 0o600);
    try {
      for (const id of e.content ?? []) {
        this.opts.signal?.throwIfAborted();
        const bytes = await this.repo.loadBlob(id, this.opts.signal);
        await handle.write(bytes);
        this.result.bytes += bytes.length;
      }
    } finally {
      await handle.close();
    }
    await chmod(abs, e.mode);
    await utimes(abs, parseTime(e.mtime), parseTime(e.mtime));
    this.result.files++;
    this.opts.onProgress?.({ type: "file", path: rel, size: e.size ?? 0 });
  }

  async symlink(e: TreeEntry, abs: string, rel: string): Promise<void> {
    await clearSlot(abs, false);
    await symlink(e.target ?? "", abs);
    await lutimes(abs, parseTime(e.mtime), parseTime(e.mtime)).catch(() => {});
    this.result.symlinks++;
    this.opts.onProgress?.({ type: "symlink", path: rel });
  }

  async dir(e: TreeEntry, abs: string, rel: string): Promise<void> {
    await clearSlot(abs, true);
    await mkdir(abs, { recursive: true, mode: 0o700 });
    // Writable while filling it; the real mode and mtime are set once its children are in place.
    await chmod(abs, 0o700);
    this.result.dirs++;
    this.opts.onProgress?.({ type: "dir", path: rel });
    await this.contents(e.subtree!, abs, rel);
    await chmod(abs, e.mode);
    await utimes(abs, parseTime(e.mtime), parseTime(e.mtime));
  }

  async entry(e: TreeEntry, abs: string, rel: string): Promise<void> {
    checkEntryName(e.name);
    if (e.type === "file") await this.file(e, abs, rel);
    else if (e.type === "dir") await this.dir(e, abs, rel);
    else await this.symlink(e, abs, rel);
  }

  async contents(treeId: string, abs: string, rel: string): Promise<void> {
    const tree = await loadTree(this.repo, treeId);
    for (const e of tree.entries) {
      this.opts.signal?.throwIfAborted();
      await this.entry(e, join(abs, e.name), rel === "" ? e.name : `${rel}/${e.name}`);
    }
  }
}

/**
 * Restores a snapshot into `target`. The whole snapshot lands as the target's contents; a sub-path
 * lands as `target/<its name>`. Existing files at the same paths are replaced; others are left alone.
 */
export async function restoreSnapshot(
  repo: Repository,
  snapshot: Snapshot,
  opts: RestoreOptions,
): Promise<RestoreResult> {
  const target = resolve(opts.target);
  await mkdir(target, { recursive: true });
  if (!(await lstat(target)).isDirectory()) {
    throw new StoreError("invalid_argument", `${target} is not a directory`);
  }
  const writer = new Writer(repo, opts, target);
  const parts = splitPath(opts.path ?? "");
  const found = await findEntry(repo, snapshot.manifest.tree, opts.path ?? "");
  if (!found.entry) await writer.contents(found.treeId!, target, "");
  else await writer.entry(found.entry, join(target, found.entry.name), parts.join("/"));
  return writer.result;
}
