// The folders of indexed snapshots, summarised: which document each holds and its sub-folders, by number.
import { IntegrityError } from "../store/errors.ts";
import { ByteReader, ByteWriter } from "./byte-codec.ts";

/** Where documents sit in a set of snapshots: the first snapshot holding each, and its parent document there. */
export interface Holders {
  holder: Map<number, number>;
  /** The parent document (-1 at the top). */
  parent: Map<number, number>;
}

/**
 * Folder trees by short id, numbered in the order they were recorded; a folder's sub-folders are
 * always recorded (so numbered) before it. Unchanged folders are shared by every snapshot holding them.
 */
export class FolderTrees {
  private readonly numbers = new Map<string, number>();
  private readonly ids: string[] = [];
  private readonly docs: number[] = [];
  private readonly kids: number[][] = [];

  /** True when the folder tree (short id) is recorded already. */
  has(id: string): boolean {
    return this.numbers.has(id);
  }

  /** Number of folders recorded. */
  get size(): number {
    return this.ids.length;
  }

  /** The number of a recorded folder, or undefined. */
  numberOf(id: string): number | undefined {
    return this.numbers.get(id);
  }

  /** Records a folder: the document it holds (or -1) and its sub-folders, which must be recorded already. */
  add(id: string, doc: number, kids: readonly string[]): void {
    if (this.numbers.has(id)) return;
    const nums = kids.map((k) => {
      const n = this.numbers.get(k);
      if (n === undefined) throw new Error(`search index: sub-folder ${k} recorded after its parent`);
      return n;
    });
    this.numbers.set(id, this.ids.length);
    this.ids.push(id);
    this.docs.push(doc);
    this.kids.push(nums);
  }

  /**
   * Every document below the given root folders, with the first root (in the given order: newest
   * snapshot first) that holds it and its parent document there. A folder met under an earlier root
   * is not walked again, so a hundred snapshots of a mostly unchanged workspace cost little more than one.
   */
  firstHolders(roots: readonly number[]): Holders {
    const out: Holders = { holder: new Map(), parent: new Map() };
    const visited = new Uint8Array(this.ids.length);
    const stack: number[] = [];
    roots.forEach((root, si) => {
      stack.push(root, -1);
      while (stack.length > 0) {
        const parent = stack.pop()!;
        const tree = stack.pop()!;
        const doc = this.docs[tree]!;
        let here = parent;
        if (doc >= 0) {
          if (!out.holder.has(doc)) {
            out.holder.set(doc, si);
            out.parent.set(doc, parent);
          }
          here = doc;
        }
        const kids = this.kids[tree]!;
        for (let i = kids.length - 1; i >= 0; i--) {
          const kid = kids[i]!;
          if (visited[kid]) continue;
          visited[kid] = 1;
          stack.push(kid, here);
        }
      }
    });
    return out;
  }

  /** For each of `docs`, the indices (into `roots`) of the roots holding it, in order. */
  holdersOf(docs: readonly number[], roots: readonly number[]): number[][] {
    const wanted = new Map(docs.map((d, i) => [d, i]));
    // Which wanted documents each folder holds, below it included; sub-folders are numbered before
    // their parents, so one pass in number order settles every folder from its sub-folders.
    const none: number[] = [];
    const within: number[][] = new Array(this.ids.length);
    for (let t = 0; t < this.ids.length; t++) {
      let found: number[] | undefined;
      const own = wanted.get(this.docs[t]!);
      if (own !== undefined) found = [own];
      for (const kid of this.kids[t]!) {
        const sub = within[kid]!;
        if (sub.length === 0) continue;
        found = found ? [...new Set([...found, ...sub])] : sub;
      }
      within[t] = found ?? none;
    }
    const out = docs.map((): number[] => []);
    roots.forEach((root, si) => {
      for (const i of within[root]!) out[i]!.push(si);
    });
    return out;
  }

  /** The "trees" segment: the ids (16 bytes each), then each folder's document and sub-folder numbers. */
  encode(): Uint8Array {
    const n = this.ids.length;
    const w = new ByteWriter(n * 24 + 16);
    w.varint(n);
    for (const id of this.ids) w.raw(Buffer.from(id, "hex"));
    for (let t = 0; t < n; t++) {
      w.varint(this.docs[t]! + 1);
      w.varint(this.kids[t]!.length);
      for (const k of this.kids[t]!) w.varint(k);
    }
    return w.finish();
  }

  /** Reads a "trees" segment. */
  static decode(bytes: Uint8Array): FolderTrees {
    const out = new FolderTrees();
    const r = new ByteReader(bytes);
    const n = r.varint();
    const ids = r.raw(n * 16);
    for (let t = 0; t < n; t++) {
      const id = Buffer.from(ids.buffer, ids.byteOffset + t * 16, 16).toString("hex");
      out.numbers.set(id, t);
      out.ids.push(id);
    }
    for (let t = 0; t < n; t++) {
      out.docs.push(r.varint() - 1);
      const kids: number[] = [];
      for (let k = r.varint(); k > 0; k--) {
        const kid = r.varint();
        if (kid >= t) throw new IntegrityError("search index: bad tree reference");
        kids.push(kid);
      }
      out.kids.push(kids);
    }
    return out;
  }
}
