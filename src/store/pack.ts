// Pack files: sealed blobs back to back, then a sealed header that lists them, then its length.
import type { Backend } from "./backend.ts";
import { open, seal, sha256Hex } from "./crypto.ts";
import { IntegrityError, StoreError } from "./errors.ts";

/** One blob as a pack header (and an index file) describes it. */
export interface PackEntry {
  /** Hex blob id (HMAC-SHA256 of the plaintext). */
  id: string;
  type: "data" | "tree";
  /** Byte offset of the sealed blob inside the pack. */
  offset: number;
  /** Length of the sealed blob (ciphertext plus nonce and tag). */
  length: number;
  /** Length of the plaintext. */
  uncompressedLength: number;
  /** Whether the sealed payload is a zstd frame. */
  compressed: boolean;
}

/** Bytes of one encoded entry: type, compression, offset, length, uncompressed length, id. */
export const entrySize = 1 + 1 + 4 + 4 + 4 + 32;
const headerVersion = 1;

/** Appends the binary form of `entries` to a buffer at `pos`; returns the new position. */
export function encodeEntries(entries: readonly PackEntry[], out: Buffer, pos: number): number {
  for (const e of entries) {
    out[pos] = e.type === "tree" ? 1 : 0;
    out[pos + 1] = e.compressed ? 1 : 0;
    out.writeUInt32LE(e.offset, pos + 2);
    out.writeUInt32LE(e.length, pos + 6);
    out.writeUInt32LE(e.uncompressedLength, pos + 10);
    if (out.write(e.id, pos + 14, 32, "hex") !== 32)
      throw new StoreError("invalid_argument", `bad blob id ${e.id}`);
    pos += entrySize;
  }
  return pos;
}

/** Reads `count` binary entries starting at `pos`. */
export function decodeEntries(buf: Buffer, pos: number, count: number): PackEntry[] {
  const out: PackEntry[] = [];
  for (let i = 0; i < count; i++, pos += entrySize) {
    const type = buf[pos];
    const comp = buf[pos + 1];
    if ((type !== 0 && type !== 1) || (comp !== 0 && comp !== 1)) throw new IntegrityError("bad blob entry");
    out.push({
      id: buf.toString("hex", pos + 14, pos + 46),
      type: type === 1 ? "tree" : "data",
      offset: buf.readUInt32LE(pos + 2),
      length: buf.readUInt32LE(pos + 6),
      uncompressedLength: buf.readUInt32LE(pos + 10),
      compressed: comp === 1,
    });
  }
  return out;
}

/** Accumulates sealed blobs for one pack, in memory, until `finish`. */
export class PackBuilder {
  private readonly parts: Uint8Array[] = [];
  readonly entries: PackEntry[] = [];
  /** Bytes of blobs added so far. */
  size = 0;

  /** Adds an already sealed blob. */
  add(
    id: string,
    type: "data" | "tree",
    sealed: Uint8Array,
    uncompressedLength: number,
    compressed: boolean,
  ): PackEntry {
    const entry: PackEntry = {
      id,
      type,
      offset: this.size,
      length: sealed.length,
      uncompressedLength,
      compressed,
    };
    this.parts.push(sealed);
    this.entries.push(entry);
    this.size += sealed.length;
    return entry;
  }

  /** The sealed bytes of a blob added earlier (for reads before the pack is written). */
  sealedAt(index: number): Uint8Array | undefined {
    return this.parts[index];
  }

  /** Builds the pack file: blobs, sealed header, header length; its name is the SHA-256 of it all. */
  finish(key: Uint8Array): { name: string; bytes: Uint8Array; entries: PackEntry[] } {
    const { bytes, entries } = this.assemble(key);
    return { name: sha256Hex(bytes), bytes, entries };
  }

  /** Builds the pack file without naming it (the caller hashes it, e.g. off the main thread). */
  assemble(key: Uint8Array): { bytes: Uint8Array; entries: PackEntry[] } {
    const plain = Buffer.allocUnsafe(1 + this.entries.length * entrySize);
    plain[0] = headerVersion;
    encodeEntries(this.entries, plain, 1);
    const header = seal(key, plain);
    const bytes = Buffer.allocUnsafe(this.size + header.length + 4);
    let pos = 0;
    for (const p of this.parts) {
      bytes.set(p, pos);
      pos += p.length;
    }
    bytes.set(header, pos);
    bytes.writeUInt32LE(header.length, pos + header.length);
    this.parts.length = 0;
    return { bytes, entries: this.entries };
  }
}

/** Decodes the header at the end of a pack's bytes (`tail` holds at least the header and length). */
export function parseHeader(key: Uint8Array, tail: Uint8Array, packSize: number, name: string): PackEntry[] {
  const buf = Buffer.from(tail.buffer, tail.byteOffset, tail.byteLength);
  if (buf.length < 4) throw new IntegrityError(`pack ${name} is truncated`);
  const headerLength = buf.readUInt32LE(buf.length - 4);
  if (headerLength + 4 > buf.length) throw new IntegrityError(`pack ${name} header length is out of range`);
  const plain = Buffer.from(
    open(key, buf.subarray(buf.length - 4 - headerLength, buf.length - 4), `pack ${name} header`),
  );
  if (plain[0] !== headerVersion || (plain.length - 1) % entrySize !== 0) {
    throw new IntegrityError(`pack ${name} header is malformed`);
  }
  const entries = decodeEntries(plain, 1, (plain.length - 1) / entrySize);
  const dataEnd = packSize - 4 - headerLength;
  for (const e of entries) {
    if (e.offset + e.length > dataEnd) throw new IntegrityError(`pack ${name} lists a blob past its data`);
  }
  return entries;
}

/** Reads and decrypts the header of pack `name` from the backend. */
export async function readPackHeader(
  backend: Backend,
  key: Uint8Array,
  name: string,
  signal?: AbortSignal,
): Promise<PackEntry[]> {
  const st = await backend.stat("data", name, signal);
  if (!st) throw new StoreError("not_found", `pack ${name} not found`);
  if (st.size < 4) throw new IntegrityError(`pack ${name} is truncated`);
  const lenBytes = Buffer.from(await backend.load("data", name, { offset: st.size - 4, length: 4 }, signal));
  const headerLength = lenBytes.readUInt32LE(0);
  if (headerLength + 4 > st.size) throw new IntegrityError(`pack ${name} header length is out of range`);
  const tail = await backend.load(
    "data",
    name,
    { offset: st.size - 4 - headerLength, length: headerLength + 4 },
    signal,
  );
  return parseHeader(key, tail, st.size, name);
}
