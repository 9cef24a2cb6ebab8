// Benchmark data: a seeded tree of media-like files (mostly incompressible, of varied sizes, a few compressible).
import { mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Rng } from "../../test/helpers/random.ts";
import { appendToFile, editFile, listFiles, writeRandomFile } from "../../test/helpers/tree.ts";

const KINDS = [
  { dir: "images", ext: ".jpg" },
  { dir: "video", ext: ".mp4" },
  { dir: "audio", ext: ".m4a" },
  { dir: "files", ext: ".pdf" },
];

/** Writes about `totalBytes` of media-like files; about 5% of the bytes are compressible text. */
export async function generateMediaFiles(root: string, rng: Rng, totalBytes: number): Promise<number> {
  for (const k of KINDS) await mkdir(join(root, k.dir), { recursive: true });
  await mkdir(join(root, "exports"), { recursive: true });
  // Sizes are log-uniform between 20 KB and 1/25 of the total, so a few large files hold most bytes.
  const maxSize = Math.max(64 << 10, Math.floor(totalBytes / 25));
  const compressible = Math.floor(totalBytes * 0.05);
  let written = 0;
  for (let i = 0; written < compressible; i++) {
    const size = Math.min(compressible - written, rng.int(64 << 10, Math.max(64 << 10, compressible / 4)));
    written += await writeRandomFile(join(root, "exports", `export-${i}.csv`), rng, size, true);
  }
  for (let i = 0; written < totalBytes; i++) {
    const kind = rng.pick(KINDS);
    const size = Math.min(
      totalBytes - written,
      Math.round(Math.exp(rng.next() * Math.log(maxSize / 20e3)) * 20e3),
    );
    written += await writeRandomFile(
      join(root, kind.dir, `media-${i}${kind.ext}`),
      rng,
      Math.max(1, size),
      false,
    );
  }
  return written;
}

/** Changes `share` of the files (at least two): half get a few bytes edited, half get bytes appended. */
export async function mutateMediaFiles(root: string, rng: Rng, share: number): Promise<number> {
  const files = await listFiles(root);
  const n = Math.max(2, Math.round(files.length * share));
  for (let i = 0; i < n; i++) {
    const path = join(root, rng.pick(files));
    if (i % 2 === 0) await editFile(path, rng);
    else {
      const { size } = await stat(path);
      await appendToFile(path, rng, Math.max(4096, Math.round(size * 0.02)));
    }
  }
  return n;
}
