// Merkle trees: a directory's sorted named entries, stored as one "tree" blob of canonical JSON.
import { IntegrityError, StoreError } from "./errors.ts";

/** What a tree entry is. */
export type EntryType = "file" | "dir" | "symlink";

/** One named entry of a directory. */
export interface TreeEntry {
  name: string;
  type: EntryType;
  /** Permission bits (mode & 0o7777). */
  mode: number;
  /** Modification time, RFC 3339 with nanoseconds, UTC. */
  mtime: string;
  /** Status-change time, kept only to detect changed files cheaply; never restored. */
  ctime?: string;
  /** Inode number on the machine that made the snapshot (decimal string), for change detection. */
  inode?: string;
  /** File size in bytes (files only). */
  size?: number;
  /** Ids of the data blobs whose concatenation is the file's content (files only). */
  content?: string[];
  /** Id of the tree blob of the directory's entries (dirs only). */
  subtree?: string;
  /** The link's target, as stored in the link (symlinks only). */
  target?: string;
  /** Small metadata for the layers above (for example a Notion id); string values only. */
  meta?: Record<string, string>;
}

/** A directory listing, entries sorted by name (UTF-16 code units, as JavaScript sorts). */
export interface Tree {
  entries: TreeEntry[];
}

/** The part of the repository trees need. */
export interface TreeBlobs {
  saveBlob(type: "data" | "tree", plaintext: Uint8Array): Promise<{ id: string; isNew: boolean }>;
  loadBlob(id: string): Promise<Uint8Array>;
}

/** Serialises a value as JSON with object keys sorted and no whitespace, so equal values hash equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) throw new TypeError("non-finite number");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(",")}]`;
  const keys = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  const body = keys.map(
    (k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`,
  );
  return `{${body.join(",")}}`;
}

/** Throws unless `name` is a single safe path component (no separators, no "." or "..", no NUL). */
export function checkEntryName(name: string): void {
  if (name === "" || name === "." || name === ".." || /[/\\\0]/.test(name)) {
    throw new IntegrityError(`unsafe entry name ${JSON.stringify(name)} in a tree`);
  }
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Returns the tree with entries sorted; throws on duplicate or unsafe names. */
export function normaliseTree(entries: TreeEntry[]): Tree {
  const sorted = [...entries].sort((a, b) => compareNames(a.name, b.name));
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i]!;
    checkEntryName(e.name);
    if (i > 0 && sorted[i - 1]!.name === e.name) {
      throw new StoreError("invalid_argument", `duplicate entry name ${JSON.stringify(e.name)}`);
    }
  }
  return { entries: sorted };
}

/** Encodes a tree as the canonical bytes that are stored (and hashed). */
export function encodeTree(tree: Tree): Uint8Array {
  return new TextEncoder().encode(
    canonicalJson({ version: 1, entries: normaliseTree(tree.entries).entries }),
  );
}

function validEntry(e: unknown): e is TreeEntry {
  if (!e || typeof e !== "object") return false;
  const x = e as Record<string, unknown>;
  if (typeof x.name !== "string" || typeof x.mode !== "number" || typeof x.mtime !== "string") return false;
  if (x.type === "file") return Array.isArray(x.content) && typeof x.size === "number";
  if (x.type === "dir") return typeof x.subtree === "string";
  if (x.type === "symlink") return typeof x.target === "string";
  return false;
}

/** Decodes and validates a tree blob's bytes. */
export function decodeTree(bytes: Uint8Array): Tree {
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (cause) {
    throw new IntegrityError("tree blob is not valid JSON", { cause });
  }
  const d = doc as { version?: unknown; entries?: unknown };
  if (d?.version !== 1) {
    throw new StoreError("unsupported_format", `unsupported tree version ${String(d?.version)}`);
  }
  if (!Array.isArray(d.entries) || !d.entries.every(validEntry)) {
    throw new IntegrityError("malformed tree entries");
  }
  for (const e of d.entries) checkEntryName(e.name);
  return { entries: d.entries };
}

/** Stores a tree as a "tree" blob; identical trees dedupe to the same id. */
export async function saveTree(
  repo: TreeBlobs,
  tree: Tree,
): Promise<{ id: string; isNew: boolean; size: number }> {
  const bytes = encodeTree(tree);
  const saved = await repo.saveBlob("tree", bytes);
  return { ...saved, size: bytes.length };
}

/** Loads and validates a tree blob. */
export async function loadTree(repo: TreeBlobs, id: string): Promise<Tree> {
  return decodeTree(await repo.loadBlob(id));
}

/** Splits a slash-separated path inside a snapshot into safe components ("" and "/" mean the root). */
export function splitPath(path: string): string[] {
  const parts = path.split("/").filter((p) => p !== "" && p !== ".");
  for (const p of parts) {
    if (p === "..") {
      throw new StoreError("invalid_argument", `path ${JSON.stringify(path)} may not contain ".."`);
    }
  }
  return parts;
}

/** Finds the entry at `path` under the tree `rootId`; undefined path components mean the root itself. */
export async function findEntry(
  repo: TreeBlobs,
  rootId: string,
  path: string,
): Promise<{ entry?: TreeEntry; treeId?: string }> {
  const parts = splitPath(path);
  if (parts.length === 0) return { treeId: rootId };
  let treeId = rootId;
  let entry: TreeEntry | undefined;
  for (const [i, part] of parts.entries()) {
    const tree = await loadTree(repo, treeId);
    entry = tree.entries.find((e) => e.name === part);
    if (!entry) {
      throw new StoreError("not_found", `no such path ${JSON.stringify(parts.slice(0, i + 1).join("/"))}`);
    }
    if (i < parts.length - 1) {
      if (entry.type !== "dir" || !entry.subtree) {
        throw new StoreError(
          "not_found",
          `${JSON.stringify(parts.slice(0, i + 1).join("/"))} is not a directory`,
        );
      }
      treeId = entry.subtree;
    }
  }
  return { entry, treeId: entry?.type === "dir" ? entry.subtree : undefined };
}

/** One entry met by `walkTree`, with its slash-separated path from the walk's root. */
export interface WalkedEntry {
  path: string;
  entry: TreeEntry;
  /** The id of the tree that holds the entry. */
  parentTree: string;
}

/** Visits every entry under a tree depth-first, parents before children; `seen` skips repeated subtrees. */
export async function* walkTree(
  repo: TreeBlobs,
  rootId: string,
  prefix = "",
  seen?: Set<string>,
): AsyncGenerator<WalkedEntry> {
  const tree = await loadTree(repo, rootId);
  for (const entry of tree.entries) {
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    yield { path, entry, parentTree: rootId };
    if (entry.type === "dir" && entry.subtree) {
      if (seen?.has(entry.subtree)) continue;
      seen?.add(entry.subtree);
      yield* walkTree(repo, entry.subtree, path, seen);
    }
  }
}
