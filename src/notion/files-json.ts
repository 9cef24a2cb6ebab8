// files.json: in every folder holding downloaded files, which object uses which file, gathered over a crawl.
import type { Placement } from "../backup/source.ts";
import type { FileOwner } from "./model.ts";

/** The name of the file, in every folder holding downloaded files, that says which object uses which file. */
export const FILES_JSON = "files.json";

/** One line of a files.json: a downloaded file and one place that references it. */
export interface FileRef {
  /** The file's name in the folder. */
  file: string;
  sha256: string;
  size: number;
  contentType: string;
  source: "hosted" | "external";
  owner: FileOwner;
  /** The path of the file's URL, without host or query (signed URLs change; the path does not). */
  url_path: string;
}

/** The references to downloaded files, by the folder id they were placed in. */
export class FileRefs {
  private readonly refs = new Map<string, FileRef[]>();

  /** Notes one reference to a file placed in folder `dir`. */
  add(dir: string, ref: FileRef): void {
    const list = this.refs.get(dir) ?? [];
    list.push(ref);
    this.refs.set(dir, list);
  }

  /**
   * Each placed folder's references, sorted so captures compare; several folder ids (aliases of
   * blocks read before their page) may name one folder, whose references are then merged.
   */
  *byFolder(placement: Placement): Iterable<{ dir: string; refs: FileRef[] }> {
    const byPath = new Map<string, { dir: string; refs: FileRef[] }>();
    for (const [dir, refs] of this.refs) {
      const path = placement.pathOf(dir);
      if (!path) continue;
      const key = path.join("/");
      const group = byPath.get(key);
      if (group) group.refs.push(...refs);
      else byPath.set(key, { dir, refs: [...refs] });
    }
    for (const group of byPath.values()) {
      group.refs.sort((a, b) => fileRefKey(a).localeCompare(fileRefKey(b)));
      yield group;
    }
  }
}

function fileRefKey(r: FileRef): string {
  return `${r.owner.object}\u0000${r.owner.id}\u0000${r.owner.path.join("\u0000")}\u0000${r.file}`;
}

/** The path of a URL (signed URLs change on every read, and hosts may differ; the path names the file). */
export function urlPath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split("?")[0] ?? url;
  }
}
