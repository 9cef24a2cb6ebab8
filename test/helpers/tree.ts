// Random file trees for store tests: create them from a seed, change them, and hash them for comparison.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { appendFile, mkdir, open, readdir, readlink, rm, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { Rng } from "./random.ts";

/** Path (relative, "/"-separated) -> "dir", "file <mode> <size> <sha256>" or "symlink <target>". */
export type TreeDigest = Map<string, string>;

/** What a random tree should look like. */
export interface TreeShape {
  /** How many files to create. */
  files: number;
  /** Size of each file, drawn per file. */
  size: (rng: Rng) => number;
  /** Share of files filled with compressible text instead of random bytes (0..1). */
  textShare?: number;
  /** How many directories the files are spread over (nested up to three levels). */
  dirs?: number;
}

const WORDS =
  "the of and to in is that for it as with was on be by this are or from at an which have not has but were they all one can its more there been their if will when who would some what out so up into them than other time only two then about these may no new like".split(
    " ",
  );

/** Readable, compressible text of exactly `n` bytes. */
export function textBytes(rng: Rng, n: number): Buffer {
  const parts: string[] = [];
  let length = 0;
  while (length < n) {
    const word = rng.pick(WORDS);
    parts.push(word);
    length += word.length + 1;
  }
  return Buffer.from(parts.join(" ")).subarray(0, n);
}

/** Creates the directories a tree's files are spread over; returns their relative paths. */
function makeDirNames(rng: Rng, count: number): string[] {
  const names = [""];
  for (let i = 0; i < count; i++) {
    const parent = rng.pick(names.filter((n) => n.split("/").length < 3));
    const name = `${rng.pick(["docs", "media", "Ünïcode ✓", "notes", "a b"])}-${i}`;
    names.push(parent ? `${parent}/${name}` : name);
  }
  return names;
}

/** Writes one file of random or text content; returns its size. */
export async function writeRandomFile(path: string, rng: Rng, size: number, text: boolean): Promise<number> {
  // Written in slices so large files never sit whole in memory.
  const handle = await open(path, "w", 0o644);
  try {
    for (let done = 0; done < size; ) {
      const n = Math.min(4 << 20, size - done);
      await handle.write(text ? textBytes(rng, n) : rng.bytes(n));
      done += n;
    }
  } finally {
    await handle.close();
  }
  return size;
}

/** Creates a random tree under `root` (which may exist); returns the bytes written. */
export async function writeRandomTree(root: string, rng: Rng, shape: TreeShape): Promise<number> {
  const dirs = makeDirNames(rng, shape.dirs ?? Math.ceil(shape.files / 8));
  for (const d of dirs) await mkdir(join(root, d), { recursive: true });
  let total = 0;
  for (let i = 0; i < shape.files; i++) {
    const dir = rng.pick(dirs);
    const text = rng.next() < (shape.textShare ?? 0.3);
    const name = `${text ? "t" : "b"}${i}-${rng.int(0, 1e9).toString(36)}${text ? ".txt" : ".bin"}`;
    total += await writeRandomFile(join(root, dir, name), rng, shape.size(rng), text);
  }
  return total;
}

/** Every regular file under `root`, as relative "/"-separated paths, sorted. */
export async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join("/"))
    .sort();
}

/** Changes a few bytes in place at a random offset (same size, new mtime). */
export async function editFile(path: string, rng: Rng): Promise<void> {
  const { size } = await stat(path);
  const handle = await open(path, "r+");
  try {
    const n = Math.min(8, size);
    await handle.write(rng.bytes(n), 0, n, rng.int(0, Math.max(0, size - n)));
  } finally {
    await handle.close();
  }
}

/** Appends `n` random bytes to a file. */
export async function appendToFile(path: string, rng: Rng, n: number): Promise<void> {
  await appendFile(path, rng.bytes(n));
}

/** Deletes a file. */
export async function deleteFile(path: string): Promise<void> {
  await rm(path);
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Hashes every entry under `root` so two trees can be compared exactly. */
export async function hashTree(root: string): Promise<TreeDigest> {
  const digest: TreeDigest = new Map();
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  for (const e of entries) {
    const full = join(e.parentPath, e.name);
    const rel = relative(root, full).split(sep).join("/");
    if (e.isDirectory()) digest.set(rel, "dir");
    else if (e.isSymbolicLink()) digest.set(rel, `symlink ${await readlink(full)}`);
    else if (e.isFile()) {
      const st = await stat(full);
      digest.set(rel, `file ${(st.mode & 0o777).toString(8)} ${st.size} ${await hashFile(full)}`);
    }
  }
  return new Map([...digest].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Lists how two digests differ (empty when identical); capped so failures stay readable. */
export function diffDigests(expected: TreeDigest, actual: TreeDigest, limit = 10): string[] {
  const out: string[] = [];
  for (const [path, want] of expected) {
    const got = actual.get(path);
    if (got !== want) out.push(`${path}: expected ${want}, got ${got ?? "nothing"}`);
  }
  for (const path of actual.keys()) if (!expected.has(path)) out.push(`${path}: unexpected`);
  return out.slice(0, limit);
}
