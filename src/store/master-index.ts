// The in-memory index: every loaded index file merged into blob id -> location, minus superseded files.
import type { IndexFile } from "./index-file.ts";
import type { PackEntry } from "./pack.ts";

/** Where a blob lives: its pack and the byte range of its sealed form inside it. */
export interface BlobLocation extends PackEntry {
  pack: string;
}

/** Merges index files; files named in another loaded file's `supersedes` are ignored. */
export class MasterIndex {
  private readonly files = new Map<string, IndexFile>();
  /** Packs known from this process's uploads whose index file is not written yet. */
  private readonly unindexed = new Map<string, PackEntry[]>();
  private byId = new Map<string, BlobLocation>();
  private byPack = new Map<string, PackEntry[]>();

  /** Names of loaded index files, superseded ones excluded. */
  fileNames(): string[] {
    const superseded = this.superseded();
    return [...this.files.keys()].filter((n) => !superseded.has(n));
  }

  /** Names of every loaded index file, superseded ones included. */
  allFileNames(): string[] {
    return [...this.files.keys()];
  }

  /** True when index file `name` has been loaded. */
  hasFile(name: string): boolean {
    return this.files.has(name);
  }

  /** Adds loaded index files; a full rebuild happens only when one supersedes others. */
  addFiles(files: Iterable<[string, IndexFile]>): void {
    let rebuild = false;
    for (const [name, file] of files) {
      this.files.set(name, file);
      if (file.supersedes.length > 0 || this.superseded().has(name)) rebuild = true;
      else for (const p of file.packs) this.addPack(p.pack, p.blobs);
    }
    if (rebuild) this.rebuild();
  }

  /** Forgets index files (after they were removed from the store). */
  removeFiles(names: Iterable<string>): void {
    for (const n of names) this.files.delete(n);
    this.rebuild();
  }

  /** Records a pack this process wrote; it is findable at once and written to the next index file. */
  addUnindexed(pack: string, blobs: PackEntry[]): void {
    this.unindexed.set(pack, blobs);
    this.addPack(pack, blobs);
  }

  /** The packs waiting for an index file. */
  peekUnindexed(): Array<{ pack: string; blobs: PackEntry[] }> {
    return [...this.unindexed].map(([pack, blobs]) => ({ pack, blobs }));
  }

  /** Records that index file `name` now lists its packs, which stop waiting. */
  markIndexed(name: string, file: IndexFile): void {
    for (const p of file.packs) this.unindexed.delete(p.pack);
    this.addFiles([[name, file]]);
  }

  /** How many packs wait for an index file. */
  unindexedCount(): number {
    return this.unindexed.size;
  }

  /** Location of a blob. */
  get(id: string): BlobLocation | undefined {
    return this.byId.get(id);
  }

  /** Every indexed blob, once per id. */
  blobs(): Iterable<BlobLocation> {
    return this.byId.values();
  }

  /** Every indexed pack with the blobs the index lists for it. */
  packs(): Map<string, PackEntry[]> {
    return this.byPack;
  }

  private superseded(): Set<string> {
    const out = new Set<string>();
    for (const f of this.files.values()) for (const s of f.supersedes) out.add(s);
    return out;
  }

  private addPack(pack: string, blobs: PackEntry[]): void {
    this.byPack.set(pack, blobs);
    for (const b of blobs) {
      // A blob written again (repacking, or two concurrent backups) keeps its first location.
      if (!this.byId.has(b.id)) this.byId.set(b.id, { ...b, pack });
    }
  }

  private rebuild(): void {
    const superseded = this.superseded();
    this.byId = new Map();
    this.byPack = new Map();
    for (const [name, file] of this.files) {
      if (superseded.has(name)) continue;
      for (const p of file.packs) this.addPack(p.pack, p.blobs);
    }
    for (const [pack, blobs] of this.unindexed) this.addPack(pack, blobs);
  }
}
