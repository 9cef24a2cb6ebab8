// Hosted files: a budget of seed-generated files (bytes made on load, never stored) and external links.
import type { NotionObject, WorkspaceData } from "../workspace.ts";
import type { Random } from "./random.ts";
import { noun } from "./words.ts";

/** The media block types, which are also the kinds of hosted file. */
export type MediaKind = "image" | "video" | "pdf" | "file" | "audio";

/** A file entry of the workspace file format. */
export type FileEntry = NonNullable<WorkspaceData["files"]>[number];

const TYPES: Record<MediaKind, { ext: string; contentType: string; host: string }> = {
  image: { ext: "png", contentType: "image/png", host: "https://images.example.com" },
  video: { ext: "mp4", contentType: "video/mp4", host: "https://videos.example.com" },
  pdf: { ext: "pdf", contentType: "application/pdf", host: "https://docs.example.com" },
  file: { ext: "zip", contentType: "application/zip", host: "https://downloads.example.com" },
  audio: { ext: "mp3", contentType: "audio/mpeg", host: "https://audio.example.com" },
};

/** Hands out up to `limit` hosted files of `size` bytes; later requests fall back to external URLs. */
export class MediaPool {
  readonly files: FileEntry[] = [];

  constructor(
    private readonly rng: Random,
    readonly limit: number,
    private readonly size: number,
  ) {}

  /** How many hosted files may still be created. */
  remaining(): number {
    return this.limit - this.files.length;
  }

  /** A new hosted file of the kind, or undefined when the budget is spent. */
  hosted(kind: MediaKind): FileEntry | undefined {
    if (this.remaining() <= 0) return undefined;
    const t = TYPES[kind];
    const n = this.files.length + 1;
    const entry: FileEntry = {
      id: this.rng.uuid(),
      name: `${noun(this.rng)}-${n}.${t.ext}`,
      content_type: t.contentType,
      size: this.size,
      // distinct seeds keep every file's bytes different, so deduplication has real work to do
      seed: (this.rng.u32() || 1) >>> 0,
    };
    this.files.push(entry);
    return entry;
  }

  /** A Notion file object for a media block: hosted while the budget lasts (when asked), else external. */
  fileObject(kind: MediaKind, preferHosted: boolean): { object: NotionObject; name: string } {
    const file = preferHosted ? this.hosted(kind) : undefined;
    if (file) return { object: hostedRef(file.id), name: file.name };
    const name = `${noun(this.rng)}-${this.rng.range(1, 999)}.${TYPES[kind].ext}`;
    return { object: { type: "external", external: { url: `${TYPES[kind].host}/${name}` } }, name };
  }
}

/** How the emulator stores a reference to a hosted file (served later at a signed, expiring URL). */
export function hostedRef(fileId: string): NotionObject {
  return { type: "file", file: { file_id: fileId } };
}
