// Large Notion-hosted files are streamed into the store through a temp file, never held whole in memory.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { test } from "node:test";
import { backupNotion } from "../src/notion/backup.ts";
import { DEFAULT_MEMORY_LIMIT } from "../src/notion/file-spool.ts";
import type { SnapshotIndex } from "../src/notion/source.ts";
import { fastClient } from "./helpers/crawl.ts";
import { HOME_PAGE_ID, startEmulator } from "./helpers/emulator.ts";
import { memoryRepo } from "./helpers/memory-repo.ts";
import { json, readSnapshotFiles } from "./helpers/snapshot-files.ts";

const spoolDirs = async () => (await readdir(tmpdir())).filter((n) => n.startsWith("nvault-spool-")).sort();

test("a video larger than the memory limit is stored byte for byte and its temp file removed", async () => {
  const t = await startEmulator();
  const repo = await memoryRepo();
  try {
    const bytes = Buffer.alloc(DEFAULT_MEMORY_LIMIT + 3 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i += 4096) bytes.writeUInt32LE((i * 2654435761) >>> 0, i);
    const upload = await t.client.fileUploads.create({ filename: "talk.mp4", content_type: "video/mp4" });
    await t.client.fileUploads.send({
      file_upload_id: upload.id,
      file: { filename: "talk.mp4", data: new Blob([bytes], { type: "video/mp4" }) },
    });
    await t.client.blocks.children.append({
      block_id: HOME_PAGE_ID,
      children: [{ type: "video", video: { type: "file_upload", file_upload: { id: upload.id } } }],
    });
    const before = await spoolDirs();
    const result = await backupNotion({ repo, client: fastClient(t), cacheDir: false });
    assert.deepEqual(await spoolDirs(), before, "no spool folder left behind");
    assert.equal(result.report.downloadedBytes, bytes.length);
    const files = await readSnapshotFiles(repo, result.snapshot.manifest.tree);
    const home = json<SnapshotIndex>(files, "index.json").entries[HOME_PAGE_ID]!;
    const video = [...files].find(
      ([p]) => p.startsWith(`${home.path}/media/`) && !p.endsWith("/") && !p.endsWith("files.json"),
    );
    assert.ok(video, "the video is in the page's media folder");
    const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
    assert.equal(sha(video[1].bytes), sha(bytes));
    assert.ok(video[1].content.length > 1, "chunked like any large file");
  } finally {
    await repo.close();
    await t.close();
  }
});
