// The term dictionary: for each folded word, the documents holding it (delta-coded) with a small weight.
import { ByteReader, ByteWriter } from "./byte-codec.ts";

/** A posting's weight byte: bit 7 set when the word is in the title, low bits the count (capped at 127). */
export const TITLE_BIT = 0x80;

/** The documents of one term and their weights, in increasing document order. */
export interface PostingList {
  docs: number[];
  weights: number[];
}

interface Building {
  out: ByteWriter;
  last: number;
}

/** Accumulates postings; documents must be added in increasing number order. */
export class PostingsBuilder {
  private readonly terms = new Map<string, Building>();

  /** Adds a document's word counts (`weights`: word -> weight byte). */
  add(doc: number, weights: Map<string, number>): void {
    for (const [term, weight] of weights) {
      let b = this.terms.get(term);
      if (!b) {
        b = { out: new ByteWriter(16), last: -1 };
        this.terms.set(term, b);
      }
      if (doc <= b.last) throw new Error(`postings: document ${doc} added out of order`);
      b.out.varint(doc - b.last - 1);
      b.out.raw(Uint8Array.of(weight));
      b.last = doc;
    }
  }

  /** Starts from an encoded dictionary (to add later documents to it). */
  static from(dict: TermDictionary): PostingsBuilder {
    const builder = new PostingsBuilder();
    for (let i = 0; i < dict.size; i++) {
      const bytes = dict.bytesAt(i);
      const list = decodeList(bytes);
      const out = new ByteWriter(bytes.length + 16);
      out.raw(bytes);
      builder.terms.set(dict.term(i), { out, last: list.docs.at(-1) ?? -1 });
    }
    return builder;
  }

  /** Number of distinct terms. */
  get size(): number {
    return this.terms.size;
  }

  /**
   * The dictionary segment: term count, a table of each entry's offset (u32, little-endian), then
   * each term (sorted) with its encoded list, so a lookup reads only the entries it probes.
   */
  encode(): Uint8Array {
    const names = [...this.terms.keys()].sort();
    const body = new ByteWriter(1 << 20);
    const offsets = new Uint32Array(names.length);
    names.forEach((name, i) => {
      offsets[i] = body.length;
      body.string(name);
      body.bytes(this.terms.get(name)!.out.finish());
    });
    const w = new ByteWriter(body.length + offsets.byteLength + 16);
    w.varint(names.length);
    w.raw(new Uint8Array(offsets.buffer));
    w.raw(body.finish());
    return w.finish();
  }
}

function decodeList(bytes: Uint8Array): PostingList {
  const r = new ByteReader(bytes);
  const docs: number[] = [];
  const weights: number[] = [];
  let doc = -1;
  while (!r.done) {
    doc += r.varint() + 1;
    docs.push(doc);
    weights.push(r.raw(1)[0]!);
  }
  return { docs, weights };
}

/** A dictionary segment, read in place: binary search over its offset table, lists decoded on demand. */
export class TermDictionary {
  /** Number of terms. */
  readonly size: number;
  private readonly offsets: Uint32Array;
  private readonly body: Uint8Array;

  constructor(data: Uint8Array) {
    const r = new ByteReader(data);
    this.size = data.length === 0 ? 0 : r.varint();
    // Copied so the table is aligned for a Uint32Array whatever the segment's offset.
    this.offsets = new Uint32Array(new Uint8Array(r.raw(this.size * 4)).buffer);
    this.body = data.subarray(r.pos);
  }

  /** The i-th term (in sorted order). */
  term(i: number): string {
    return new ByteReader(this.body.subarray(this.offsets[i]!)).string();
  }

  /** The encoded list of the i-th term. */
  bytesAt(i: number): Uint8Array {
    const r = new ByteReader(this.body.subarray(this.offsets[i]!));
    r.bytes();
    return r.bytes();
  }

  /** The list of an exact term (empty when absent). */
  exact(term: string): PostingList {
    const i = this.lowerBound(term);
    return i < this.size && this.term(i) === term ? decodeList(this.bytesAt(i)) : { docs: [], weights: [] };
  }

  /** Every term starting with `prefix`, with its list. */
  *withPrefix(prefix: string): Iterable<{ term: string; list: PostingList }> {
    for (let i = this.lowerBound(prefix); i < this.size; i++) {
      const term = this.term(i);
      if (!term.startsWith(prefix)) return;
      yield { term, list: decodeList(this.bytesAt(i)) };
    }
  }

  private lowerBound(key: string): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.term(mid) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
