// Copies snapshots into another store with its own keys, uploading only blobs missing there.
import { listSnapshots, resolveSnapshot } from "./browse.ts";
import { StoreError } from "./errors.ts";
import { acquireLock, type LockOptions } from "./lock.ts";
import type { Repository } from "./repository.ts";
import { keyFingerprint, type Manifest, type Snapshot, saveSnapshot } from "./snapshot.ts";
import { loadTree, saveTree, type TreeEntry } from "./tree.ts";

/** Options for `syncSnapshots`. */
export interface SyncOptions {
  /** Snapshot references in the source ("latest", id prefixes); all snapshots by default. */
  snapshots?: string[];
  lock?: LockOptions;
  onProgress?: (event: SyncEvent) => void;
  signal?: AbortSignal;
}

/** Progress of a sync. */
export type SyncEvent =
  | { type: "skip"; snapshot: string; copy: string }
  | { type: "copied"; snapshot: string; copy: string; blobs: number; bytes: number };

/** What a sync did. */
export interface SyncResult {
  copied: Array<{ snapshot: string; copy: string }>;
  /** Source snapshots already present in the destination. */
  skipped: number;
  /** Blobs uploaded to the destination. */
  blobs: number;
  /** Plaintext bytes of those blobs. */
  bytes: number;
}

/**
 * Blob ids are keyed per store, so a copy cannot reuse ids: every blob is re-addressed in the
 * destination, trees are rewritten with the new ids and the manifest is re-signed by the
 * destination's key (so the copy verifies there) with `origin` naming the source snapshot.
 * Already-copied snapshots are found by their origin, and the id mapping they imply is rebuilt
 * from their trees, so unchanged data is neither read from the source nor uploaded again.
 */
class Copier {
  readonly blobMap = new Map<string, string>();
  readonly treeMap = new Map<string, string>();
  blobs = 0;
  bytes = 0;

  constructor(
    private readonly src: Repository,
    private readonly dst: Repository,
    private readonly signal?: AbortSignal,
  ) {}

  /** Learns the id mapping from a source tree and its copy, which have the same shape. */
  async learn(srcTree: string, dstTree: string): Promise<void> {
    if (this.treeMap.has(srcTree)) return;
    this.treeMap.set(srcTree, dstTree);
    const [a, b] = await Promise.all([loadTree(this.src, srcTree), loadTree(this.dst, dstTree)]);
    const copies = new Map(b.entries.map((e) => [e.name, e]));
    for (const e of a.entries) {
      const c = copies.get(e.name);
      if (!c || c.type !== e.type) continue;
      if (e.type === "file" && e.content?.length === c.content?.length) {
        for (const [i, id] of (e.content ?? []).entries()) this.blobMap.set(id, c.content![i]!);
      }
      if (e.type === "dir" && e.subtree && c.subtree) await this.learn(e.subtree, c.subtree);
    }
  }

  private async blob(id: string): Promise<string> {
    const known = this.blobMap.get(id);
    if (known && this.dst.hasBlob(known)) return known;
    const plaintext = await this.src.loadBlob(id, this.signal);
    const type = this.src.lookupBlob(id)?.type ?? "data";
    const saved = await this.dst.saveBlob(type, plaintext, { signal: this.signal });
    if (saved.isNew) {
      this.blobs++;
      this.bytes += plaintext.length;
    }
    this.blobMap.set(id, saved.id);
    return saved.id;
  }

  async tree(id: string): Promise<string> {
    const known = this.treeMap.get(id);
    if (known && this.dst.hasBlob(known)) return known;
    this.signal?.throwIfAborted();
    const entries: TreeEntry[] = [];
    for (const e of (await loadTree(this.src, id)).entries) {
      if (e.type === "file") {
        const content: string[] = [];
        for (const b of e.content ?? []) content.push(await this.blob(b));
        entries.push({ ...e, content });
      } else if (e.type === "dir") entries.push({ ...e, subtree: await this.tree(e.subtree!) });
      else entries.push(e);
    }
    const saved = await saveTree(this.dst, { entries });
    if (saved.isNew) {
      this.blobs++;
      this.bytes += saved.size;
    }
    this.treeMap.set(id, saved.id);
    return saved.id;
  }
}

/** Copies snapshots from `src` to `dst` (shared locks on both); a second run with nothing new transfers nothing. */
export async function syncSnapshots(
  src: Repository,
  dst: Repository,
  opts: SyncOptions = {},
): Promise<SyncResult> {
  if (src.config.id === dst.config.id) {
    throw new StoreError("invalid_argument", "source and destination are the same store");
  }
  const signal = opts.signal;
  const srcLock = await acquireLock(src, "shared", { purpose: "sync (source)", signal, ...opts.lock });
  try {
    const dstLock = await acquireLock(dst, "shared", { purpose: "sync", signal, ...opts.lock });
    try {
      await Promise.all([src.reloadIndex(signal), dst.reloadIndex(signal)]);
      const wanted: Snapshot[] = opts.snapshots
        ? await Promise.all(opts.snapshots.map((r) => resolveSnapshot(src, r, { signal })))
        : await listSnapshots(src, { signal });
      const present = new Map<string, Snapshot>();
      for (const s of await listSnapshots(dst, { signal })) {
        if (s.manifest.origin?.store === src.config.id) present.set(s.manifest.origin.snapshot, s);
      }
      const copier = new Copier(src, dst, signal);
      const result: SyncResult = { copied: [], skipped: 0, blobs: 0, bytes: 0 };
      const todo = wanted.filter((s) => {
        const copy = present.get(s.id);
        if (copy) {
          result.skipped++;
          opts.onProgress?.({ type: "skip", snapshot: s.id, copy: copy.id });
        }
        return !copy;
      });
      if (todo.length > 0) {
        for (const copy of present.values())
          await copier.learn(copy.manifest.origin!.tree, copy.manifest.tree);
      }
      for (const s of todo) {
        const before = { blobs: copier.blobs, bytes: copier.bytes };
        const tree = await copier.tree(s.manifest.tree);
        await dst.flush(signal);
        const parent = s.manifest.parent ? present.get(s.manifest.parent)?.id : undefined;
        const { parent: _p, origin: _o, ...rest } = s.manifest;
        const manifest: Manifest = {
          ...rest,
          tree,
          ...(parent ? { parent } : {}),
          origin: { store: src.config.id, snapshot: s.id, tree: s.manifest.tree },
          meta: { ...s.manifest.meta, originKey: keyFingerprint(Buffer.from(s.signature.publicKey, "hex")) },
        };
        const copy = await saveSnapshot(dst, manifest, signal);
        present.set(s.id, copy);
        result.copied.push({ snapshot: s.id, copy: copy.id });
        opts.onProgress?.({
          type: "copied",
          snapshot: s.id,
          copy: copy.id,
          blobs: copier.blobs - before.blobs,
          bytes: copier.bytes - before.bytes,
        });
      }
      result.blobs = copier.blobs;
      result.bytes = copier.bytes;
      return result;
    } finally {
      await dstLock.release();
    }
  } finally {
    await srcLock.release();
  }
}
