// Media: every Notion-hosted file an object references, downloaded while its URL is valid, refreshed when expired.
import { createHash } from "node:crypto";
import { rm } from "node:fs/promises";
import { extname } from "node:path";
import { isNotionApiError } from "../errors.ts";
import { FileSpool, type SpooledFile, spooledBytes } from "../file-spool.ts";
import type { FileOwner, FileRecord } from "../model.ts";
import type { CrawlContext } from "./context.ts";
import { downloadExternal, ExternalRefusedError } from "./external-download.ts";
import { type JsonPath, valueAt, walkJson } from "./json-walk.ts";

/** A file object found inside an API object. */
export interface FoundFile {
  /** Path to the object holding `file` / `external` (a media block's `image`, a files item, an icon ...). */
  path: JsonPath;
  url: string;
  hosted: boolean;
  name: string;
}

/** Every hosted (`file.url`) and external (`type: "external"`) file object inside `obj`. */
export function findFiles(obj: unknown): FoundFile[] {
  const found: FoundFile[] = [];
  walkJson(obj, (node, path) => {
    const file = node.file as Record<string, unknown> | undefined;
    if (file && typeof file === "object" && typeof file.url === "string") {
      found.push({ path, url: file.url, hosted: true, name: nameOf(node, file.url) });
      return;
    }
    const external = node.external as Record<string, unknown> | undefined;
    if (node.type === "external" && external && typeof external.url === "string") {
      found.push({ path, url: external.url, hosted: false, name: nameOf(node, external.url) });
    }
  });
  return found;
}

function nameOf(node: Record<string, unknown>, url: string): string {
  if (typeof node.name === "string" && node.name) return node.name;
  try {
    const last = new URL(url).pathname.split("/").filter(Boolean).pop();
    return last ? decodeURIComponent(last) : "file";
  } catch {
    return "file";
  }
}

const CONTENT_TYPES: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".svg": "image/svg+xml",
  ".pdf": "application/pdf",
  ".mp3": "audio/mpeg",
  ".wav": "audio/wav",
  ".mp4": "video/mp4",
  ".mov": "video/quicktime",
  ".txt": "text/plain",
  ".csv": "text/csv",
  ".json": "application/json",
  ".zip": "application/zip",
};

/** A content type guessed from a file name (the download gateway gives bytes only). */
export function contentTypeOf(name: string): string {
  return CONTENT_TYPES[extname(name).toLowerCase()] ?? "application/octet-stream";
}

interface Downloaded {
  sha256: string;
  size: number;
  contentType: string;
}

/** Downloads the files of one crawl, each content once, and emits a FileRecord per reference. */
export class MediaFetcher {
  // Keyed by URL without its signature, so one file is fetched once however often it is referenced.
  private readonly downloads = new Map<string, Promise<Downloaded | undefined>>();
  private readonly emitted = new Set<string>();

  constructor(private readonly ctx: CrawlContext) {}

  /** Downloads and emits every file `obj` references (hosted always, external when enabled). */
  async capture(obj: unknown, owner: Omit<FileOwner, "path">): Promise<void> {
    const { ctx } = this;
    if (!ctx.opts.media) return;
    const files = findFiles(obj);
    await Promise.all(
      files.map(async (f) => {
        if (!f.hosted) {
          ctx.report.externalFiles++;
          if (!ctx.opts.externalFiles) return;
        }
        const fullOwner: FileOwner = { ...owner, path: f.path };
        const key = f.hosted ? stableKey(f.url) : `external:${f.url}`;
        let pending = this.downloads.get(key);
        if (!pending) {
          pending = this.fetch(f, fullOwner);
          this.downloads.set(key, pending);
        }
        const got = await pending;
        if (!got) return;
        // Bytes travel with the first record of their hash only; later ones just reference them.
        const first = !this.emitted.has(got.sha256);
        const bytes = first ? this.bytesFor(got.sha256) : undefined;
        if (first) this.emitted.add(got.sha256);
        const record: FileRecord = {
          kind: "file",
          sha256: got.sha256,
          size: got.size,
          source: f.hosted ? "hosted" : "external",
          url: f.url,
          name: f.name,
          contentType: got.contentType,
          owner: fullOwner,
          ...(bytes ? { bytes } : {}),
        };
        await ctx.emit(record);
      }),
    );
  }

  // Bytes waiting for their first record, dropped once handed over so memory stays bounded;
  // large files wait in the spool's temp files, not in memory.
  private readonly held = new Map<string, SpooledFile>();
  private readonly spool = new FileSpool();

  private bytesFor(sha256: string): Uint8Array | AsyncIterable<Uint8Array> | undefined {
    const f = this.held.get(sha256);
    this.held.delete(sha256);
    if (!f) return undefined;
    return f.bytes ?? spooledBytes(f);
  }

  /** Removes the spool's temp files (the crawl has ended, or failed). */
  close(): Promise<void> {
    return this.spool.close();
  }

  private async fetch(f: FoundFile, owner: FileOwner): Promise<Downloaded | undefined> {
    const { ctx } = this;
    try {
      let file: SpooledFile;
      let contentType = contentTypeOf(f.name);
      if (f.hosted) file = await this.fetchHosted(f.url, owner);
      else {
        const got = await downloadExternal(f.url, this.spool, {
          maxBytes: ctx.opts.externalMaxBytes,
          signal: ctx.signal,
        });
        file = got.file;
        if (got.contentType) contentType = got.contentType.split(";")[0]!.trim();
      }
      const { sha256, size } = file;
      if (!this.emitted.has(sha256) && !this.held.has(sha256)) {
        this.held.set(sha256, file);
        ctx.report.downloadedFiles++;
        ctx.report.downloadedBytes += size;
      } else if (file.path) await rm(file.path, { force: true });
      return { sha256, size, contentType };
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      const refused = err instanceof ExternalRefusedError;
      ctx.warn({
        code: refused ? "external_refused" : "download_failed",
        id: owner.id,
        message: `${f.hosted ? "hosted" : "external"} file "${f.name}" of ${owner.object} ${owner.id}: ${(err as Error).message}`,
      });
      return undefined;
    }
  }

  /** Downloads a signed URL; when it has expired, re-reads the owner for a fresh one (a few times). */
  private async fetchHosted(url: string, owner: FileOwner): Promise<SpooledFile> {
    const { client } = this.ctx;
    let current = url;
    for (let refreshes = 0; ; refreshes++) {
      try {
        if (client.downloadFileToSpool) {
          return await client.downloadFileToSpool(current, this.spool, { signal: this.ctx.signal });
        }
        const bytes = await client.downloadFile(current, { signal: this.ctx.signal });
        return { bytes, size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
      } catch (err) {
        if (!isNotionApiError(err, "file_url_expired") || refreshes >= 3) throw err;
        const fresh = await this.freshUrl(owner);
        if (!fresh) throw err;
        this.ctx.report.refreshedFileUrls++;
        current = fresh;
      }
    }
  }

  /** The owner's current URL for the file at `owner.path`, read again from Notion. */
  private async freshUrl(owner: FileOwner): Promise<string | undefined> {
    const { ctx } = this;
    let obj: unknown;
    switch (owner.object) {
      case "block":
        obj = await ctx.call("blocks.retrieve", { block_id: owner.id });
        break;
      case "page":
        obj = await ctx.call("pages.retrieve", { page_id: owner.id });
        break;
      case "database":
        obj = await ctx.call("databases.retrieve", { database_id: owner.id });
        break;
      case "data_source":
        obj = await ctx.call("dataSources.retrieve", { data_source_id: owner.id });
        break;
      case "comment":
        obj = await this.findComment(owner.listedUnder ?? "", owner.id);
        break;
    }
    const url = valueAt(obj, [...owner.path, "file", "url"]);
    return typeof url === "string" ? url : undefined;
  }

  private async findComment(parentId: string, commentId: string): Promise<unknown> {
    let cursor: string | undefined;
    for (;;) {
      const page = await this.ctx.call("comments.list", {
        block_id: parentId,
        page_size: 100,
        ...(cursor ? { start_cursor: cursor } : {}),
      });
      const hit = page.results.find((c) => c.id === commentId);
      if (hit) return hit;
      if (!page.has_more || !page.next_cursor) return undefined;
      cursor = page.next_cursor;
    }
  }
}

/** A signed URL without its query (the signature and expiry), identifying the file behind it. */
function stableKey(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return url;
  }
}
