// The search index's file: named segments, each compressed and sealed (AES-256-GCM), behind a sealed table of contents.
import { mkdir, open as openFd, readFile, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { sha256Hex } from "../store/crypto.ts";
import { IntegrityError } from "../store/errors.ts";
import { openFile, sealFile } from "../store/sealed-file.ts";

const MAGIC = Buffer.from("NVSEARCH");
const FORMAT_VERSION = 1;
const LEVEL = 3;

/** A segment to write: its plaintext, or sealed bytes kept from a previous read of an unchanged segment. */
export type SegmentInput = { name: string; plaintext: Uint8Array } | { name: string; sealed: Uint8Array };

interface TocEntry {
  name: string;
  offset: number;
  length: number;
  sha256: string;
}

/** Seals a segment's plaintext (for callers that keep sealed bytes between writes). */
export function sealSegment(key: Uint8Array, plaintext: Uint8Array): Uint8Array {
  return sealFile(key, plaintext, LEVEL);
}

/** An opened index file: its segment names, each segment decrypted on first use. */
export class SegmentReader {
  private constructor(
    private readonly key: Uint8Array,
    private readonly data: Uint8Array,
    private readonly toc: Map<string, TocEntry>,
    /** Bytes of the whole file. */
    readonly size: number,
  ) {}

  /** Parses and authenticates the table of contents; IntegrityError on any damage or a wrong key. */
  static parse(key: Uint8Array, file: Uint8Array): SegmentReader {
    if (file.length < MAGIC.length + 4 || !MAGIC.equals(file.subarray(0, MAGIC.length))) {
      throw new IntegrityError("search index: not an index file");
    }
    const view = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
    const tocLength = view.readUInt32BE(MAGIC.length);
    const tocStart = MAGIC.length + 4;
    if (tocStart + tocLength > file.length) throw new IntegrityError("search index: truncated");
    const toc = JSON.parse(
      Buffer.from(openFile(key, file.subarray(tocStart, tocStart + tocLength), "search index")).toString(),
    ) as { version: number; segments: TocEntry[] };
    if (toc.version !== FORMAT_VERSION) throw new IntegrityError(`search index: format ${toc.version}`);
    const data = file.subarray(tocStart + tocLength);
    const entries = new Map(toc.segments.map((s) => [s.name, s]));
    for (const s of entries.values()) {
      if (s.offset + s.length > data.length) throw new IntegrityError("search index: truncated segment");
      // Checked up front so damage shows when the file is opened (and it is rebuilt), not mid-query.
      if (sha256Hex(data.subarray(s.offset, s.offset + s.length)) !== s.sha256) {
        throw new IntegrityError(`search index: segment ${s.name} is damaged`);
      }
    }
    return new SegmentReader(key, data, entries, file.length);
  }

  /** Names of the segments, in file order. */
  names(): string[] {
    return [...this.toc.keys()];
  }

  has(name: string): boolean {
    return this.toc.has(name);
  }

  /** The sealed bytes of a segment (checked when the file was parsed), for rewriting it unchanged. */
  sealed(name: string): Uint8Array {
    const s = this.toc.get(name);
    if (!s) throw new IntegrityError(`search index: no segment ${name}`);
    return this.data.subarray(s.offset, s.offset + s.length);
  }

  /** The plaintext of a segment. */
  get(name: string): Uint8Array {
    return openFile(this.key, this.sealed(name), `search index segment ${name}`);
  }
}

/** Reads an index file; undefined when it does not exist, IntegrityError when it is damaged. */
export async function readSegmentFile(path: string, key: Uint8Array): Promise<SegmentReader | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  return SegmentReader.parse(key, bytes);
}

/** Writes an index file atomically (temp file, then rename), readable by its owner only; returns its size. */
export async function writeSegmentFile(
  path: string,
  key: Uint8Array,
  segments: SegmentInput[],
): Promise<number> {
  const sealed = segments.map((s) => ({
    name: s.name,
    bytes: "sealed" in s ? s.sealed : sealSegment(key, s.plaintext),
  }));
  const toc: TocEntry[] = [];
  let offset = 0;
  for (const s of sealed) {
    toc.push({ name: s.name, offset, length: s.bytes.length, sha256: sha256Hex(s.bytes) });
    offset += s.bytes.length;
  }
  const head = sealFile(key, Buffer.from(JSON.stringify({ version: FORMAT_VERSION, segments: toc })), LEVEL);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(head.length);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = join(dirname(path), `.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const fh = await openFd(tmp, "wx", 0o600);
  let size = 0;
  try {
    for (const part of [MAGIC, length, head, ...sealed.map((s) => s.bytes)]) {
      await fh.write(part);
      size += part.length;
    }
    await fh.sync();
    await fh.close();
    await rename(tmp, path);
  } catch (err) {
    await fh.close().catch(() => {});
    await rm(tmp, { force: true });
    throw err;
  }
  return size;
}
