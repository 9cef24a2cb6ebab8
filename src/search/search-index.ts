// The search index in memory: documents (distinct text versions), the snapshot trees that hold them, and postings.
import { createHash } from "node:crypto";
import { IntegrityError } from "../store/errors.ts";
import { ByteReader, ByteWriter } from "./byte-codec.ts";
import type { DocField, SearchDoc } from "./extract.ts";
import { FolderTrees, type Holders } from "./folder-trees.ts";
import { words } from "./normalise.ts";
import { PostingsBuilder, TermDictionary, TITLE_BIT } from "./postings.ts";
import type { SegmentInput, SegmentReader } from "./sealed-segments.ts";

/** Bumped when the index's content changes meaning; an index of another version is rebuilt. */
export const INDEX_VERSION = 4;
/** Documents per text segment: a query decrypts only the segments of the hits it shows. */
const CHUNK = 32;

/** A snapshot the index covers. */
export interface IndexedSnapshot {
  id: string;
  time: string;
  /** Short id of its root tree. */
  root: string;
}

/** What the index keeps in memory for every document (its text stays in its segment until needed). */
export interface DocMeta {
  id: string;
  type: string;
  title: string;
  /** Short hash of the document's content, so equal text is one document. */
  key: string;
}

/** A short (128-bit) hex id: tree ids and version keys are kept at this length. */
export function shortId(hex: string): string {
  return hex.slice(0, 32);
}

type FieldRow = [DocField["kind"], string, string, string?];

const encodeJson = (v: unknown): Uint8Array => Buffer.from(JSON.stringify(v));
const decodeJson = <T>(b: Uint8Array): T => JSON.parse(Buffer.from(b).toString()) as T;

/** The index: built up by the indexer, saved as sealed segments, queried by `search`. */
export class SearchIndex {
  readonly snapshots = new Map<string, IndexedSnapshot>();
  readonly docs: DocMeta[] = [];
  readonly versions = new Map<string, number>();
  /** The folders of the indexed snapshots (shared between snapshots where unchanged). */
  folders = new FolderTrees();
  private readonly docByKey = new Map<string, number>();
  private readonly chunks: Array<FieldRow[][] | undefined> = [];
  /** Chunks changed since the file was read (the others are rewritten from their sealed bytes). */
  private readonly dirtyChunks = new Set<number>();
  private dict?: TermDictionary;
  private pairDict?: TermDictionary;
  private pairBuilder?: PostingsBuilder;
  private builder?: PostingsBuilder;

  private constructor(private readonly reader?: SegmentReader) {}

  /** An empty index. */
  static empty(): SearchIndex {
    return new SearchIndex();
  }

  /** Reads the small segments of an index file; postings and text are decoded when first needed. */
  static load(reader: SegmentReader): SearchIndex {
    const index = new SearchIndex(reader);
    const meta = decodeJson<{ version: number; snapshots: IndexedSnapshot[]; docs: string[][] }>(
      reader.get("meta"),
    );
    if (meta.version !== INDEX_VERSION)
      throw new IntegrityError(`search index version ${meta.version} (this nvault writes ${INDEX_VERSION})`);
    for (const s of meta.snapshots) index.snapshots.set(s.id, s);
    for (const [id, type, title, key] of meta.docs) {
      index.docByKey.set(key!, index.docs.length);
      index.docs.push({ id: id!, type: type!, title: title!, key: key! });
    }
    index.folders = FolderTrees.decode(reader.get("trees"));
    index.decodeVersions(reader.get("versions"));
    return index;
  }

  /** Adds a document unless the same text is already indexed; returns its number. */
  addDoc(doc: SearchDoc): number {
    const key = createHash("sha256")
      .update(JSON.stringify([doc.id, doc.type, doc.fields]))
      .digest("hex")
      .slice(0, 32);
    const known = this.docByKey.get(key);
    if (known !== undefined) return known;
    const n = this.docs.length;
    this.docs.push({ id: doc.id, type: doc.type, title: doc.title, key });
    this.docByKey.set(key, n);
    const chunk = Math.floor(n / CHUNK);
    const rows = this.chunks[chunk] ?? (n % CHUNK === 0 ? [] : this.chunkRows(chunk));
    this.chunks[chunk] = rows;
    rows.push(doc.fields.map((f) => [f.kind, f.label, f.text, ...(f.block ? [f.block] : [])] as FieldRow));
    this.dirtyChunks.add(chunk);
    this.postings().add(n, termWeights(doc.fields));
    this.pairPostings().add(n, pairWeights(doc.fields));
    this.dict = undefined;
    this.pairDict = undefined;
    return n;
  }

  /** The fields of a document (its text segment is decrypted on first use). */
  fields(doc: number): DocField[] {
    const rows = this.chunkRows(Math.floor(doc / CHUNK))[doc % CHUNK];
    if (!rows) throw new IntegrityError(`search index: no text for document ${doc}`);
    return rows.map(([kind, label, text, block]) => ({ kind, label, text, ...(block ? { block } : {}) }));
  }

  /** The term dictionary for queries. */
  dictionary(): TermDictionary {
    if (!this.dict) {
      this.dict = new TermDictionary(
        this.builder ? this.builder.encode() : this.reader ? this.reader.get("terms") : new Uint8Array(),
      );
    }
    return this.dict;
  }

  /** Adjacent word pairs ("w1 w2"), for phrases: decrypted only when a query holds one. */
  pairDictionary(): TermDictionary {
    if (!this.pairDict) {
      this.pairDict = new TermDictionary(
        this.pairBuilder
          ? this.pairBuilder.encode()
          : this.reader
            ? this.reader.get("pairs")
            : new Uint8Array(),
      );
    }
    return this.pairDict;
  }

  /** The documents of the given snapshots (newest first), each with the first snapshot holding it. */
  firstHolders(snapshotIds: readonly string[]): Holders {
    return this.folders.firstHolders(snapshotIds.map((id) => this.rootOf(id)));
  }

  /** For each of `docs`, the indices (into `snapshotIds`) of the snapshots holding it, in order. */
  holdersOf(docs: readonly number[], snapshotIds: readonly string[]): number[][] {
    return this.folders.holdersOf(
      docs,
      snapshotIds.map((id) => this.rootOf(id)),
    );
  }

  private rootOf(snapshotId: string): number {
    const snap = this.snapshots.get(snapshotId);
    const root = snap && this.folders.numberOf(snap.root);
    if (root === undefined) {
      throw new IntegrityError(`search index does not cover snapshot ${snapshotId.slice(0, 8)}`);
    }
    return root;
  }

  /** The segments of the index file; unchanged text segments are passed on still sealed. */
  segments(): SegmentInput[] {
    const meta = {
      version: INDEX_VERSION,
      snapshots: [...this.snapshots.values()],
      docs: this.docs.map((d) => [d.id, d.type, d.title, d.key]),
    };
    const out: SegmentInput[] = [
      { name: "meta", plaintext: encodeJson(meta) },
      { name: "trees", plaintext: this.folders.encode() },
      { name: "versions", plaintext: this.encodeVersions() },
      this.builder ? { name: "terms", plaintext: this.builder.encode() } : this.kept("terms"),
      this.pairBuilder ? { name: "pairs", plaintext: this.pairBuilder.encode() } : this.kept("pairs"),
    ];
    const chunkCount = Math.ceil(this.docs.length / CHUNK);
    for (let c = 0; c < chunkCount; c++) {
      const name = `text-${c}`;
      if (!this.dirtyChunks.has(c) && this.reader?.has(name))
        out.push({ name, sealed: this.reader.sealed(name) });
      else out.push({ name, plaintext: encodeJson(this.chunkRows(c)) });
    }
    return out;
  }

  /** An unchanged segment, passed on sealed (or empty for an index never written). */
  private kept(name: string): SegmentInput {
    return this.reader?.has(name)
      ? { name, sealed: this.reader.sealed(name) }
      : { name, plaintext: new PostingsBuilder().encode() };
  }

  private postings(): PostingsBuilder {
    if (!this.builder) {
      this.builder = this.reader ? PostingsBuilder.from(this.dictionary()) : new PostingsBuilder();
    }
    return this.builder;
  }

  private pairPostings(): PostingsBuilder {
    if (!this.pairBuilder) {
      this.pairBuilder = this.reader ? PostingsBuilder.from(this.pairDictionary()) : new PostingsBuilder();
    }
    return this.pairBuilder;
  }

  private chunkRows(chunk: number): FieldRow[][] {
    let rows = this.chunks[chunk];
    if (!rows) {
      const name = `text-${chunk}`;
      if (!this.reader?.has(name)) throw new IntegrityError(`search index: segment ${name} is missing`);
      rows = decodeJson<FieldRow[][]>(this.reader.get(name));
      this.chunks[chunk] = rows;
    }
    return rows;
  }

  private encodeVersions(): Uint8Array {
    const w = new ByteWriter(this.versions.size * 20 + 16);
    w.varint(this.versions.size);
    for (const [key, doc] of this.versions) {
      w.raw(Buffer.from(key, "hex"));
      w.varint(doc);
    }
    return w.finish();
  }

  private decodeVersions(bytes: Uint8Array): void {
    const r = new ByteReader(bytes);
    for (let n = r.varint(); n > 0; n--) {
      const key = Buffer.from(r.raw(16)).toString("hex");
      this.versions.set(key, r.varint());
    }
  }
}

/** Word -> weight byte of a document: how often each word occurs, and whether it is in the title. */
function termWeights(fields: DocField[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of fields) {
    const inTitle = f.kind === "title" ? TITLE_BIT : 0;
    for (const w of words(f.text)) {
      const c = counts.get(w) ?? 0;
      counts.set(w, (c | inTitle) + ((c & 0x7f) < 0x7f ? 1 : 0));
    }
  }
  return counts;
}

/** The adjacent word pairs of a document's fields ("w1 w2"; a space never occurs inside a word). */
function pairWeights(fields: DocField[]): Map<string, number> {
  const pairs = new Map<string, number>();
  for (const f of fields) {
    const ws = words(f.text);
    for (let i = 1; i < ws.length; i++) pairs.set(`${ws[i - 1]} ${ws[i]}`, 1);
  }
  return pairs;
}
