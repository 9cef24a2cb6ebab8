// File uploads through the real SDK, and turning an upload into a hosted file (resolveFileInput).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { collectPaginatedAPI } from "@notionhq/client";
import { resolveFileInput } from "../emulator/files.ts";
import { seededBytes } from "../emulator/workspace.ts";
import { HOME_PAGE_ID, startEmulator, type TestEmulator } from "./helpers/emulator.ts";

const MiB = 1024 * 1024;

describe("file uploads", () => {
  let t: TestEmulator;
  before(async () => {
    t = await startEmulator();
  });
  after(() => t.close());

  const ctx = () => ({ ws: t.ws, integration: t.ws.integrations.get(t.token)!, baseUrl: t.url });
  const rejectsWith = (p: Promise<unknown>, code: string) =>
    assert.rejects(p, (e: { code?: string }) => e.code === code);

  test("single part: create, send, retrieve, attach", async () => {
    const created = await t.client.fileUploads.create({});
    assert.equal(created.status, "pending");
    assert.equal(created.filename, null);
    assert.equal(created.upload_url, `${t.url}/v1/file_uploads/${created.id}/send`);
    assert.ok(created.expiry_time && Date.parse(created.expiry_time) > Date.now());

    const bytes = seededBytes(1000, 3);
    const sent = await t.client.fileUploads.send({
      file_upload_id: created.id,
      file: { filename: "notes.txt", data: new Blob([bytes], { type: "text/plain" }) },
    });
    assert.equal(sent.status, "uploaded");
    assert.equal(sent.filename, "notes.txt");
    assert.equal(sent.content_type, "text/plain");
    assert.equal(sent.content_length, 1000);
    assert.equal(sent.upload_url, undefined);
    assert.equal((await t.client.fileUploads.retrieve({ file_upload_id: created.id })).status, "uploaded");

    const stored = resolveFileInput(
      { type: "file_upload", file_upload: { id: created.id }, name: "n" },
      ctx(),
    );
    assert.deepEqual(stored, { name: "n", type: "file", file: { file_id: created.id } });
    assert.deepEqual(t.ws.files.get(created.id)?.bytes, bytes);
    const again = await t.client.fileUploads.retrieve({ file_upload_id: created.id });
    assert.equal(again.expiry_time, null, "an attached upload no longer expires");

    // Attached to a page, the file reads back as a signed URL serving the same bytes.
    t.ws.pages.get(HOME_PAGE_ID)!.icon = stored;
    const found = await t.client.search({ query: "Home" });
    const icon = (found.results[0] as { icon: { file: { url: string } } }).icon;
    const download = await fetch(icon.file.url);
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), bytes);
  });

  test("sending twice or sending a part to a single-part upload fails", async () => {
    const created = await t.client.fileUploads.create({ filename: "a.png" });
    assert.equal(created.content_type, "image/png");
    const file = { filename: "a.png", data: new Blob([Buffer.from("png")]) };
    await rejectsWith(
      t.client.fileUploads.send({ file_upload_id: created.id, file, part_number: "2" }),
      "validation_error",
    );
    await t.client.fileUploads.send({ file_upload_id: created.id, file });
    await rejectsWith(t.client.fileUploads.send({ file_upload_id: created.id, file }), "validation_error");
    await rejectsWith(t.client.fileUploads.complete({ file_upload_id: created.id }), "validation_error");
  });

  test("multi part: parts out of order, complete only when all are there", async () => {
    const created = await t.client.fileUploads.create({
      mode: "multi_part",
      number_of_parts: 2,
      filename: "clip.mp4",
    });
    assert.deepEqual(created.number_of_parts, { total: 2, sent: 0 });
    assert.equal(created.content_type, "application/mp4");
    const part1 = seededBytes(5 * MiB, 1);
    const part2 = seededBytes(1000, 2);
    const send = (n: number, data: Buffer) =>
      t.client.fileUploads.send({
        file_upload_id: created.id,
        file: { filename: "clip.mp4", data: new Blob([data]) },
        part_number: String(n),
      });
    const afterLast = await send(2, part2);
    assert.deepEqual(afterLast.number_of_parts, { total: 2, sent: 1 });
    assert.equal(afterLast.complete_url, `${t.url}/v1/file_uploads/${created.id}/complete`);
    await rejectsWith(t.client.fileUploads.complete({ file_upload_id: created.id }), "validation_error");
    await rejectsWith(send(1, seededBytes(100, 4)), "validation_error");
    await send(1, part1);
    const done = await t.client.fileUploads.complete({ file_upload_id: created.id });
    assert.equal(done.status, "uploaded");
    assert.equal(done.content_length, part1.length + part2.length);
    resolveFileInput({ file_upload: { id: created.id } }, ctx());
    assert.deepEqual(t.ws.files.get(created.id)?.bytes, Buffer.concat([part1, part2]));
  });

  test("a part over 20 MB and a file over the workspace limit are refused", async () => {
    const big = await t.client.fileUploads.create({ filename: "big.bin" });
    await rejectsWith(
      t.client.fileUploads.send({
        file_upload_id: big.id,
        file: { data: new Blob([Buffer.alloc(20 * MiB + 1)]) },
      }),
      "validation_error",
    );
    ctx().integration.maxFileUploadSize = 100;
    try {
      const over = await t.client.fileUploads.create({ filename: "over.bin" });
      await rejectsWith(
        t.client.fileUploads.send({ file_upload_id: over.id, file: { data: new Blob([Buffer.alloc(101)]) } }),
        "validation_error",
      );
    } finally {
      ctx().integration.maxFileUploadSize = 5 * 1024 * MiB;
    }
  });

  test("list filters by status and paginates", async () => {
    const all = await collectPaginatedAPI(t.client.fileUploads.list, { page_size: 2 });
    assert.ok(all.length >= 5);
    const uploaded = await t.client.fileUploads.list({ status: "uploaded" });
    assert.ok(uploaded.results.length >= 3);
    assert.ok(uploaded.results.every((u) => u.status === "uploaded"));
    const pending = await t.client.fileUploads.list({ status: "pending" });
    assert.ok(pending.results.every((u) => u.status === "pending"));
    assert.equal(uploaded.results.length + pending.results.length, all.length);
  });

  test("a pending upload expires after an hour", async () => {
    const created = await t.client.fileUploads.create({});
    const realNow = t.ws.now;
    t.ws.now = () => new Date(realNow().getTime() + 61 * 60_000);
    try {
      assert.equal((await t.client.fileUploads.retrieve({ file_upload_id: created.id })).status, "expired");
      await rejectsWith(
        t.client.fileUploads.send({ file_upload_id: created.id, file: { data: new Blob(["x"]) } }),
        "validation_error",
      );
    } finally {
      t.ws.now = realNow;
    }
  });

  test("external_url mode imports the file from the URL", async () => {
    t.ws.files.set("ext", {
      id: "ext",
      name: "e.pdf",
      contentType: "application/pdf",
      bytes: Buffer.from("%PDF"),
    });
    t.ws.pages.get(HOME_PAGE_ID)!.cover = { type: "file", file: { file_id: "ext" } };
    const home = (await t.client.search({ query: "Home" })).results[0] as {
      cover: { file: { url: string } };
    };
    const created = await t.client.fileUploads.create({
      mode: "external_url",
      external_url: home.cover.file.url,
      filename: "e.pdf",
    });
    let upload = created;
    for (let i = 0; i < 100 && upload.status === "pending"; i++) {
      await new Promise((r) => setTimeout(r, 10));
      upload = await t.client.fileUploads.retrieve({ file_upload_id: created.id });
    }
    assert.equal(upload.status, "uploaded");
    assert.equal(upload.content_length, 4);
    assert.equal(upload.file_import_result?.type, "success");
  });

  test("resolveFileInput: external URLs are validated; unknown or pending uploads refused", async () => {
    assert.deepEqual(
      resolveFileInput({ type: "external", external: { url: "https://example.com/a.png" } }, ctx()),
      {
        type: "external",
        external: { url: "https://example.com/a.png" },
      },
    );
    const long = `https://example.com/${"a".repeat(2000)}`;
    const invalid = (input: unknown) =>
      assert.throws(
        () => resolveFileInput(input, ctx()),
        (e: { code?: string }) => e.code === "validation_error",
      );
    invalid({ type: "external", external: { url: long } });
    invalid({ type: "file_upload", file_upload: { id: "99999999-9999-4999-8999-999999999999" } });
    const pending = await t.client.fileUploads.create({});
    invalid({ type: "file_upload", file_upload: { id: pending.id } });
    invalid({ type: "emoji", emoji: "x" });
    invalid("nope");
  });
});
