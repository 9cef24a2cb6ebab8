// A downloaded file held in memory when small and spooled to an owner-only temp file when large, hashed as it streams.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A downloaded file: its hash and size, and its bytes in memory or in a temp file. */
export interface SpooledFile {
  sha256: string;
  size: number;
  /** The bytes, when the file fits under the memory limit. */
  bytes?: Uint8Array;
  /** The temp file holding the bytes, when it did not. */
  path?: string;
}

/** Files up to this size stay in memory. */
export const DEFAULT_MEMORY_LIMIT = 8 * 1024 * 1024;

/**
 * Where large downloads are spooled: one owner-only folder per backup, made on first use and
 * removed by `close` (a killed process leaves it in the system temp folder).
 */
export class FileSpool {
  private dir: Promise<string> | undefined;
  private n = 0;

  constructor(readonly memoryLimit = DEFAULT_MEMORY_LIMIT) {}

  /** Reads `body` to its end: in memory up to the limit, then into a temp file. */
  async take(body: AsyncIterable<Uint8Array>): Promise<SpooledFile> {
    const hash = createHash("sha256");
    const parts: Uint8Array[] = [];
    let size = 0;
    let file: { path: string; fh: Awaited<ReturnType<typeof open>> } | undefined;
    try {
      for await (const chunk of body) {
        hash.update(chunk);
        size += chunk.length;
        if (!file && size > this.memoryLimit) {
          this.dir ??= mkdtemp(join(tmpdir(), "nvault-spool-"));
          const path = join(await this.dir, `${this.n++}`);
          file = { path, fh: await open(path, "wx", 0o600) };
          for (const p of parts.splice(0)) await file.fh.write(p);
        }
        if (file) await file.fh.write(chunk);
        else parts.push(chunk);
      }
    } catch (err) {
      if (file) {
        await file.fh.close().catch(() => {});
        await rm(file.path, { force: true });
      }
      throw err;
    }
    const sha256 = hash.digest("hex");
    if (!file) return { sha256, size, bytes: Buffer.concat(parts) };
    await file.fh.close();
    return { sha256, size, path: file.path };
  }

  /** Removes the spool folder and whatever is left in it. */
  async close(): Promise<void> {
    const dir = await this.dir?.catch(() => undefined);
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

/** The bytes of a spooled file as a stream; a temp file is deleted once read to its end (or abandoned). */
export async function* spooledBytes(f: SpooledFile): AsyncGenerator<Uint8Array> {
  if (f.bytes) {
    yield f.bytes;
    return;
  }
  if (!f.path) return;
  try {
    for await (const chunk of createReadStream(f.path, { highWaterMark: 1024 * 1024 })) {
      yield chunk as Buffer;
    }
  } finally {
    await rm(f.path, { force: true });
  }
}
