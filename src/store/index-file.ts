// Index files: sealed lists of packs and the blobs in each, written after the packs they name.

import { IntegrityError } from "./errors.ts";
import { decodeEntries, encodeEntries, entrySize, type PackEntry } from "./pack.ts";
import { openFile, sealFile } from "./sealed-file.ts";

/** The decoded content of one index file. */
export interface IndexFile {
  /** Index files this one replaces (prune writes one index for all and names the old ones here). */
  supersedes: string[];
  packs: Array<{ pack: string; blobs: PackEntry[] }>;
}

const magic = Buffer.from("NVIX");
const version = 1;

/** Serializes and seals an index file; its name is the SHA-256 of the returned bytes. */
export function encodeIndex(index: IndexFile, key: Uint8Array, level: number): Uint8Array {
  let size = magic.length + 1 + 4 + index.supersedes.length * 32 + 4;
  for (const p of index.packs) size += 32 + 4 + p.blobs.length * entrySize;
  const buf = Buffer.allocUnsafe(size);
  let pos = magic.copy(buf, 0);
  buf[pos++] = version;
  buf.writeUInt32LE(index.supersedes.length, pos);
  pos += 4;
  for (const s of index.supersedes) pos += buf.write(s, pos, 32, "hex");
  buf.writeUInt32LE(index.packs.length, pos);
  pos += 4;
  for (const p of index.packs) {
    pos += buf.write(p.pack, pos, 32, "hex");
    buf.writeUInt32LE(p.blobs.length, pos);
    pos = encodeEntries(p.blobs, buf, pos + 4);
  }
  if (pos !== size) throw new IntegrityError("index encoding size mismatch (bad hex id?)");
  return sealFile(key, buf, level);
}

/** Opens and parses an index file; IntegrityError if it does not match its name or is malformed. */
export function decodeIndex(bytes: Uint8Array, key: Uint8Array, name: string): IndexFile {
  const p = openFile(key, bytes, `index ${name}`, name);
  const buf = Buffer.from(p.buffer, p.byteOffset, p.byteLength);
  const bad = (): never => {
    throw new IntegrityError(`index ${name} is malformed`);
  };
  if (buf.length < 13 || !buf.subarray(0, 4).equals(magic) || buf[4] !== version) bad();
  let pos = 5;
  const need = (n: number): void => {
    if (pos + n > buf.length) bad();
  };
  const count = (): number => {
    need(4);
    const n = buf.readUInt32LE(pos);
    pos += 4;
    return n;
  };
  const supersedes: string[] = [];
  for (let i = count(); i > 0; i--, pos += 32) {
    need(32);
    supersedes.push(buf.toString("hex", pos, pos + 32));
  }
  const packs: IndexFile["packs"] = [];
  for (let i = count(); i > 0; i--) {
    need(32);
    const pack = buf.toString("hex", pos, pos + 32);
    pos += 32;
    const n = count();
    need(n * entrySize);
    packs.push({ pack, blobs: decodeEntries(buf, pos, n) });
    pos += n * entrySize;
  }
  if (pos !== buf.length) bad();
  return { supersedes, packs };
}
