import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, before, beforeEach, test } from "node:test";
import { fastClient } from "../../../test/helpers/crawl.ts";
import { HOME_PAGE_ID, startEmulator, type TestEmulator } from "../../../test/helpers/emulator.ts";
import type { NotionClient } from "../client.ts";
import { RestoreJournal } from "./journal.ts";
import {
  DEFAULT_UPLOAD_LIMIT,
  type UploadResult,
  uploadSnapshotFile,
  workspaceUploadLimit,
} from "./upload.ts";

let t: TestEmulator;
let client: NotionClient;
let journal: RestoreJournal;
let dir: string;
let n = 0;
const MiB = 1024 * 1024;

before(async () => {
  t = await startEmulator();
  client = fastClient(t);
  dir = await mkdtemp(join(tmpdir(), "nvault-upload-"));
});
after(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  t.log.reset();
  journal = await RestoreJournal.open(join(dir, `journal-${++n}.jsonl`));
});
afterEach(() => journal.close());

function idOf(r: UploadResult): string {
  assert.ok("id" in r, `expected an upload, got ${JSON.stringify(r)}`);
  return r.id;
}

function storedBytes(id: string): Buffer {
  return Buffer.concat(t.ws.fileUploads.get(id)?.bytes ?? []);
}

/** Attaches an upload as an image block of Home and returns the hosted file's bytes. */
async function attachAndRead(id: string): Promise<Buffer> {
  const res = await t.client.blocks.children.append({
    block_id: HOME_PAGE_ID,
    children: [{ type: "image", image: { type: "file_upload", file_upload: { id } } }],
  });
  const block = res.results[0] as { image: { file: { url: string } } };
  const download = await fetch(block.image.file.url);
  assert.equal(download.status, 200);
  return Buffer.from(await download.arrayBuffer());
}

test("the workspace limit comes from users/me, with the Free plan's cap when absent", async () => {
  const integration = t.ws.integrations.get(t.token)!;
  const saved = integration.maxFileUploadSize;
  integration.maxFileUploadSize = 12_345;
  try {
    assert.equal(await workspaceUploadLimit(client), 12_345);
  } finally {
    integration.maxFileUploadSize = saved;
  }
  const stub = { call: async () => ({ object: "user", type: "bot", bot: {} }) } as unknown as NotionClient;
  assert.equal(await workspaceUploadLimit(stub), DEFAULT_UPLOAD_LIMIT);
});

test("a small file is uploaded in one part, once per content however often it is used", async () => {
  const bytes = randomBytes(3000);
  const file = { name: "diagram.png", contentType: "image/png", bytes };
  const uses = await Promise.all(
    [1, 2, 3].map(() => uploadSnapshotFile(client, file, { limitBytes: MiB, journal })),
  );
  const id = idOf(uses[0]!);
  for (const u of uses) assert.equal(idOf(u), id);
  assert.equal(t.log.count("fileUploads.create"), 1);
  assert.equal(t.log.count("fileUploads.send"), 1);
  assert.equal(t.log.count("fileUploads.complete"), 0);
  const sha = createHash("sha256").update(bytes).digest("hex");
  assert.equal(journal.get(`upload:${sha}`), id);
  assert.deepEqual(await attachAndRead(id), bytes);
  // Attached once, the same upload serves another block, now and on a re-run (one check, no upload).
  assert.deepEqual(await attachAndRead(id), bytes);
  t.log.reset();
  const rerun = await RestoreJournal.open(journal.path);
  assert.equal(idOf(await uploadSnapshotFile(client, file, { limitBytes: MiB, journal: rerun })), id);
  await rerun.close();
  assert.equal(t.log.count("fileUploads.create"), 0);
  assert.equal(t.log.count("fileUploads.retrieve"), 1);
});

test("a file above the single-part size goes in parts and is completed", async () => {
  const bytes = randomBytes(11 * MiB);
  const file = { name: "movie.mp4", contentType: "video/mp4", bytes };
  const id = idOf(
    await uploadSnapshotFile(client, file, {
      limitBytes: 100 * MiB,
      journal,
      singlePartMaxBytes: 6 * MiB,
      partBytes: 5 * MiB,
    }),
  );
  assert.equal(t.log.count("fileUploads.create", 200), 1);
  assert.equal(t.log.count("fileUploads.send", 200), 3);
  assert.equal(t.log.count("fileUploads.complete", 200), 1);
  const stored = t.ws.fileUploads.get(id)!;
  assert.equal(stored.status, "uploaded");
  assert.deepEqual(stored.number_of_parts, { total: 3, sent: 3 });
  assert.ok(storedBytes(id).equals(bytes));
});

test("a 25 MB file uses Notion's own part sizes", async () => {
  const bytes = randomBytes(25 * MiB);
  const id = idOf(
    await uploadSnapshotFile(
      client,
      { name: "big.zip", contentType: "application/zip", bytes },
      {
        limitBytes: 100 * MiB,
        journal,
      },
    ),
  );
  assert.equal(t.log.count("fileUploads.send", 200), 3);
  assert.ok(storedBytes(id).equals(bytes));
});

test("a file over the workspace limit is skipped without a request", async () => {
  const r = await uploadSnapshotFile(
    client,
    { name: "huge.pdf", contentType: "application/pdf", bytes: new Uint8Array(2048) },
    { limitBytes: 1024, journal },
  );
  assert.deepEqual(r, { skipped: "over the workspace limit of 1024 bytes" });
  assert.equal(t.log.snapshot().total, 0);
});

test("a re-run finishes a pending upload, and redoes one that expired", async () => {
  const bytes = randomBytes(500);
  const file = { name: "notes.txt", contentType: "text/plain", bytes };
  const key = "upload:pending-case";
  // A run that stopped between create and send left a pending upload in the journal.
  const pending = await t.client.fileUploads.create({ mode: "single_part", filename: file.name });
  await journal.record(key, pending.id);
  assert.equal(idOf(await uploadSnapshotFile(client, file, { limitBytes: MiB, journal, key })), pending.id);
  assert.equal(t.ws.fileUploads.get(pending.id)!.status, "uploaded");
  assert.equal(t.log.count("fileUploads.create"), 1, "only the test's own create");

  const stale = await t.client.fileUploads.create({ mode: "single_part", filename: file.name });
  await journal.record("upload:expired-case", stale.id);
  const realNow = t.ws.now;
  t.ws.now = () => new Date(Date.now() + 2 * 60 * 60 * 1000);
  try {
    const id = idOf(
      await uploadSnapshotFile(client, file, { limitBytes: MiB, journal, key: "upload:expired-case" }),
    );
    assert.notEqual(id, stale.id);
    assert.equal(journal.get("upload:expired-case"), id);
    assert.equal(t.ws.fileUploads.get(stale.id)!.status, "expired");
    assert.ok(storedBytes(id).equals(bytes));
  } finally {
    t.ws.now = realNow;
  }
});

test("lost answers are checked, not blindly repeated", async () => {
  const bytes = randomBytes(700);
  const file = { name: "lost.txt", contentType: "text/plain", bytes };
  // The send reaches Notion but its answer is lost: the upload is seen "uploaded" and not sent again.
  t.emulator.faults.injectNext("fileUploads.send", 1, "drop-after");
  const id = idOf(await uploadSnapshotFile(client, file, { limitBytes: MiB, journal }));
  assert.equal(t.log.count("fileUploads.send"), 1);
  assert.equal(t.log.count("fileUploads.retrieve"), 1);
  assert.ok(storedBytes(id).equals(bytes));
  // A lost create leaves an orphan (never attached, it expires); a new upload is made.
  t.log.reset();
  t.emulator.faults.injectNext("fileUploads.create", 1, "drop-after");
  const other = { ...file, bytes: randomBytes(700) };
  const id2 = idOf(await uploadSnapshotFile(client, other, { limitBytes: MiB, journal }));
  assert.equal(t.log.count("fileUploads.create"), 2);
  assert.ok(storedBytes(id2).equals(other.bytes));
});
