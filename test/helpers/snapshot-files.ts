// Reads a whole snapshot tree into memory (path -> parsed JSON or bytes), for comparing captures in tests.
import type { Repository } from "../../src/store/repository.ts";
import { loadTree } from "../../src/store/tree.ts";

/** One file of a snapshot: its content and the blob ids holding it. */
export interface SnapshotFile {
  bytes: Buffer;
  content: string[];
}

/** Every file of the tree `root`, by slash-separated path; folders map to their subtree id under "path/". */
export async function readSnapshotFiles(repo: Repository, root: string): Promise<Map<string, SnapshotFile>> {
  const out = new Map<string, SnapshotFile>();
  const walk = async (treeId: string, prefix: string) => {
    for (const e of (await loadTree(repo, treeId)).entries) {
      const path = `${prefix}${e.name}`;
      if (e.subtree) {
        out.set(`${path}/`, { bytes: Buffer.from(e.subtree), content: [e.subtree] });
        await walk(e.subtree, `${path}/`);
      } else if (e.content) {
        const parts = await Promise.all(e.content.map((id) => repo.loadBlob(id)));
        out.set(path, { bytes: Buffer.concat(parts), content: e.content });
      }
    }
  };
  await walk(root, "");
  return out;
}

/** Every file but report.json as comparable text: JSON without signed URLs, other files as base64. */
export async function comparableFiles(repo: Repository, root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [path, f] of await readSnapshotFiles(repo, root)) {
    if (path === "report.json" || path.endsWith("/")) continue;
    out.set(
      path,
      path.endsWith(".json") ? withoutSignatures(f.bytes.toString()) : f.bytes.toString("base64"),
    );
  }
  return out;
}

/** A snapshot file parsed as JSON. */
export function json<T = any>(files: Map<string, SnapshotFile>, path: string): T {
  const f = files.get(path);
  if (!f) throw new Error(`no ${path} in the snapshot`);
  return JSON.parse(f.bytes.toString("utf8")) as T;
}

/** JSON text with signed file URLs reduced to their path and expiry times dropped (they differ per read). */
export function withoutSignatures(text: string): string {
  return JSON.stringify(
    JSON.parse(text, (key, value) => {
      if (key === "expiry_time") return undefined;
      if (key === "url" && typeof value === "string" && value.includes("/files/"))
        return new URL(value).pathname;
      return value;
    }),
  );
}
