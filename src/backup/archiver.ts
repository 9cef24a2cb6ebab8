// The archiver: turns any Source into a snapshot tree, storing contents as they stream and placing folders at the end.
import type { Repository } from "../store/repository.ts";
import type { SnapshotSummary } from "../store/snapshot.ts";
import { loadTree, saveTree, type TreeEntry } from "../store/tree.ts";
import type { Placement, Source, SourceDir, SourceFile, SourceItem, SourceReuse } from "./source.ts";

/** What the archiver reports while it runs; it never prints. */
export type ArchiveEvent =
  | { type: "file"; path: string; size: number; isNew: boolean }
  | { type: "warning"; message: string }
  | { type: "building"; dirs: number };

/** Options of `archiveSource`. */
export interface ArchiveOptions {
  /** Root tree of the parent snapshot, where `reuse` items are looked up. */
  parentTree?: string;
  onEvent?: (event: ArchiveEvent) => void;
  signal?: AbortSignal;
}

/** The root tree written, with its summary and warnings. */
export interface ArchiveResult {
  tree: string;
  summary: SnapshotSummary;
  warnings: string[];
}

/** JSON documents up to this size are one blob; larger ones are chunked like any file. */
const SINGLE_BLOB_LIMIT = 1024 * 1024;
/** Entries without a time get this one, so two captures of the same content make equal trees. */
const EPOCH = "1970-01-01T00:00:00Z";
const ROOT = "";

interface Node {
  dir?: SourceDir;
  files: Array<{ name: string; entry: TreeEntry }>;
  reuses: SourceReuse[];
}

/** Reads every item of `source`, stores contents and trees in `repo`, and returns the root tree's id. */
export async function archiveSource(
  repo: Repository,
  source: Source,
  opts: ArchiveOptions = {},
): Promise<ArchiveResult> {
  const a = new Archiver(repo, opts);
  for await (const item of source.items()) await a.add(item);
  const placement = a.placement();
  if (source.finish) for await (const item of source.finish(placement)) await a.add(item);
  return a.build();
}

class Archiver {
  private readonly nodes = new Map<string, Node>([[ROOT, { files: [], reuses: [] }]]);
  private readonly aliases = new Map<string, string>();
  private readonly contents = new Map<string, { content: string[]; size: number }>();
  /** Parent-snapshot folders by tree id, as name -> entry (a folder may hold 20,000 rows). */
  private readonly treeCache = new Map<string, Map<string, TreeEntry>>();
  private readonly warnings: string[] = [];
  private readonly summary: SnapshotSummary = { files: 0, dirs: 0, bytes: 0, newBlobs: 0, addedBytes: 0 };
  private paths?: Map<string, string[]>;
  private readonly placedParent = new Map<string, string>();

  constructor(
    private readonly repo: Repository,
    private readonly opts: ArchiveOptions,
  ) {}

  private node(id: string): Node {
    let n = this.nodes.get(id);
    if (!n) {
      n = { files: [], reuses: [] };
      this.nodes.set(id, n);
    }
    return n;
  }

  private warn(message: string): void {
    this.warnings.push(message);
    this.opts.onEvent?.({ type: "warning", message });
  }

  async add(item: SourceItem): Promise<void> {
    this.opts.signal?.throwIfAborted();
    switch (item.kind) {
      case "dir":
        if (this.paths) this.warn(`folder ${item.name} declared too late; left out`);
        else if (item.id !== ROOT) this.node(item.id).dir = item;
        return;
      case "alias":
        if (item.id !== item.of) this.aliases.set(item.id, item.of);
        return;
      case "warning":
        this.warn(item.message);
        return;
      case "reuse":
        this.node(item.dir).reuses.push(item);
        return;
      case "file":
        return this.addFile(item);
    }
  }

  private async addFile(item: SourceFile): Promise<void> {
    let saved = item.stored ?? (item.contentKey ? this.contents.get(item.contentKey) : undefined);
    if (item.stored && item.contentKey) this.contents.set(item.contentKey, item.stored);
    if (!saved) {
      if (item.json !== undefined) {
        const bytes = new TextEncoder().encode(`${JSON.stringify(item.json, null, 2)}\n`);
        saved =
          bytes.length <= SINGLE_BLOB_LIMIT
            ? await this.saveWhole(bytes)
            : await this.saveChunked(once(bytes));
      } else if (item.bytes !== undefined) {
        saved = await this.saveChunked(item.bytes instanceof Uint8Array ? once(item.bytes) : item.bytes);
      } else {
        this.warn(`file ${item.name}: no content and no known content key`);
        return;
      }
      if (item.contentKey) this.contents.set(item.contentKey, saved);
    }
    item.onSaved?.(saved);
    const entry: TreeEntry = {
      name: item.name,
      type: "file",
      mode: 0o644,
      mtime: item.mtime ?? EPOCH,
      size: saved.size,
      content: saved.content,
      ...(item.meta ? { meta: item.meta } : {}),
    };
    this.node(item.dir).files.push({ name: item.name, entry });
    this.summary.files++;
    this.summary.bytes += saved.size;
  }

  private async saveWhole(bytes: Uint8Array): Promise<{ content: string[]; size: number }> {
    const s = await this.repo.saveBlob("data", bytes, { signal: this.opts.signal });
    this.count(s.isNew, bytes.length);
    return { content: [s.id], size: bytes.length };
  }

  private async saveChunked(data: AsyncIterable<Uint8Array>): Promise<{ content: string[]; size: number }> {
    const content: string[] = [];
    let size = 0;
    for await (const chunk of this.repo.chunk(data)) {
      const s = await this.repo.saveBlob("data", chunk, { signal: this.opts.signal });
      this.count(s.isNew, chunk.length);
      content.push(s.id);
      size += chunk.length;
    }
    return { content, size };
  }

  private count(isNew: boolean, size: number): void {
    if (!isNew) return;
    this.summary.newBlobs++;
    this.summary.addedBytes += size;
  }

  private resolve(id: string): string {
    const seen = new Set<string>();
    let cur = id;
    while (this.aliases.has(cur) && !seen.has(cur)) {
      seen.add(cur);
      cur = this.aliases.get(cur)!;
    }
    return cur;
  }

  /** Each declared folder's parent: itself resolved, or the root when unknown or part of a cycle. */
  private parentOf(id: string): string {
    const dir = this.nodes.get(id)?.dir;
    if (!dir || dir.parent === null) return ROOT;
    const p = this.resolve(dir.parent);
    if (p === ROOT || !this.nodes.get(p)?.dir) return ROOT;
    // A folder moved under its own descendant (the source changed while read) goes to the root.
    for (let cur = p, hops = 0; cur !== ROOT; cur = this.parentOfRaw(cur), hops++) {
      if (cur === id || hops > this.nodes.size) return ROOT;
    }
    return p;
  }

  private parentOfRaw(id: string): string {
    const dir = this.nodes.get(id)?.dir;
    if (!dir || dir.parent === null) return ROOT;
    const p = this.resolve(dir.parent);
    return this.nodes.get(p)?.dir ? p : ROOT;
  }

  /** Fixes the layout: every declared folder's path. Later folders are refused. */
  placement(): Placement {
    const children = new Map<string, string[]>();
    for (const [id, n] of this.nodes) {
      if (!n.dir) continue;
      const p = this.parentOf(id);
      const list = children.get(p) ?? [];
      list.push(id);
      children.set(p, list);
    }
    const paths = new Map<string, string[]>([[ROOT, []]]);
    const visit = (id: string, path: string[]) => {
      const taken = new Set<string>(this.node(id).files.map((f) => f.name));
      // Sorted by id, so a name clash is settled the same way in every capture.
      for (const child of (children.get(id) ?? []).sort()) {
        const base = this.nodes.get(child)!.dir!.name;
        let name = base;
        for (let i = 2; taken.has(name); i++) name = `${base} (${i})`;
        taken.add(name);
        const childPath = [...path, name];
        paths.set(child, childPath);
        this.placedParent.set(child, id);
        visit(child, childPath);
      }
    };
    visit(ROOT, []);
    this.paths = paths;
    return { pathOf: (id) => paths.get(this.resolve(id)) };
  }

  /** Writes every folder's tree, deepest first, and returns the root's. */
  async build(): Promise<ArchiveResult> {
    if (!this.paths) this.placement();
    const paths = this.paths ?? new Map<string, string[]>();
    const entries = new Map<string, TreeEntry[]>();
    for (const id of paths.keys()) entries.set(id, []);
    // Files and reuses attached to an alias or an undeclared folder land where the alias resolves, or at the root.
    for (const [rawId, n] of this.nodes) {
      const id = this.resolve(rawId);
      const target = entries.get(id) ?? entries.get(ROOT)!;
      if (!entries.has(id) && (n.files.length > 0 || n.reuses.length > 0)) {
        this.warn(`items for unknown folder ${rawId} put at the root`);
      }
      for (const f of n.files) target.push(f.entry);
      for (const r of n.reuses) {
        const e = await this.fromParent(r);
        if (e) target.push({ ...e, name: r.name });
      }
    }
    this.opts.onEvent?.({ type: "building", dirs: paths.size });
    const ids = [...paths.keys()].sort((x, y) => paths.get(y)!.length - paths.get(x)!.length);
    for (const id of ids) {
      if (id === ROOT) continue;
      const dir = this.nodes.get(id)!.dir!;
      const saved = await this.saveDir(entries.get(id)!);
      const path = paths.get(id)!;
      entries.get(this.placedParent.get(id) ?? ROOT)!.push({
        name: path[path.length - 1]!,
        type: "dir",
        mode: 0o755,
        mtime: dir.mtime ?? EPOCH,
        subtree: saved,
        ...(dir.meta ? { meta: dir.meta } : {}),
      });
    }
    const tree = await this.saveDir(entries.get(ROOT)!);
    return { tree, summary: this.summary, warnings: this.warnings };
  }

  private async saveDir(list: TreeEntry[]): Promise<string> {
    const seen = new Set<string>();
    const unique: TreeEntry[] = [];
    for (const e of list) {
      if (seen.has(e.name)) {
        this.warn(`duplicate entry ${e.name} dropped`);
        continue;
      }
      seen.add(e.name);
      unique.push(e);
    }
    const saved = await saveTree(this.repo, { entries: unique });
    this.count(saved.isNew, saved.size);
    this.summary.dirs++;
    return saved.id;
  }

  private async fromParent(r: SourceReuse): Promise<TreeEntry | undefined> {
    const missing = () => {
      if (!r.optional) this.warn(`${r.from.join("/")} not found in the parent snapshot`);
      return undefined;
    };
    if (!this.opts.parentTree) return missing();
    let treeId = this.opts.parentTree;
    let found: TreeEntry | undefined;
    for (const [i, part] of r.from.entries()) {
      found = (await this.loadTreeCached(treeId)).get(part);
      if (!found) return missing();
      if (i < r.from.length - 1) {
        if (!found.subtree) return missing();
        treeId = found.subtree;
      }
    }
    if (!found) return missing();
    if (found.type === "file") {
      this.summary.files++;
      this.summary.bytes += found.size ?? 0;
    }
    return found;
  }

  private async loadTreeCached(id: string): Promise<Map<string, TreeEntry>> {
    let t = this.treeCache.get(id);
    // Least recently used goes first: a folder of 20,000 rows stays while the rows' own come and go.
    if (t) this.treeCache.delete(id);
    else t = new Map((await loadTree(this.repo, id)).entries.map((e) => [e.name, e]));
    this.treeCache.set(id, t);
    if (this.treeCache.size > 4096) this.treeCache.delete(this.treeCache.keys().next().value!);
    return t;
  }
}

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}
