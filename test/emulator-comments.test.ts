// Comments through the real SDK against a real emulator: page and block discussions, replies, resolved ones hidden.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { APIErrorCode, Client, collectPaginatedAPI, isNotionClientError, LogLevel } from "@notionhq/client";
import { HOME_PAGE_ID, startEmulator, type TestEmulator } from "./helpers/emulator.ts";

const text = (content: string) => [{ type: "text" as const, text: { content } }];
const words = (comments: any[]) => comments.map((c) => c.rich_text[0].plain_text);

describe("comments", () => {
  let emu: TestEmulator;
  let blockId = "";
  before(async () => {
    emu = await startEmulator();
    const appended: any = await emu.client.blocks.children.append({
      block_id: HOME_PAGE_ID,
      children: [{ type: "paragraph", paragraph: { rich_text: text("commented paragraph") } }],
    });
    blockId = appended.results[0].id;
  });
  after(() => emu.close());

  test("a page comment starts the page discussion; later page comments and replies join it", async () => {
    const first: any = await emu.client.comments.create({
      parent: { page_id: HOME_PAGE_ID },
      rich_text: text("first on page"),
    });
    assert.equal(first.object, "comment");
    assert.deepEqual(first.parent, { type: "page_id", page_id: HOME_PAGE_ID });
    assert.equal(first.created_by.id, emu.ws.integrations.get(emu.token)!.botId);
    assert.deepEqual(first.display_name, { type: "integration", resolved_name: "notion-vault emulator" });
    assert.equal(first.rich_text[0].annotations.bold, false);

    const reply: any = await emu.client.comments.create({
      discussion_id: first.discussion_id,
      rich_text: text("a reply"),
      display_name: { type: "custom", custom: { name: "Restorer" } },
    });
    assert.equal(reply.discussion_id, first.discussion_id);
    assert.deepEqual(reply.parent, first.parent);
    assert.deepEqual(reply.display_name, { type: "custom", resolved_name: "Restorer" });

    const second: any = await emu.client.comments.create({
      parent: { page_id: HOME_PAGE_ID },
      rich_text: text("second on page"),
    });
    assert.equal(second.discussion_id, first.discussion_id);

    const listed = await collectPaginatedAPI(emu.client.comments.list, { block_id: HOME_PAGE_ID });
    assert.deepEqual(words(listed), ["first on page", "a reply", "second on page"]);
    const { request_id: _r, ...retrieved }: any = await emu.client.comments.retrieve({
      comment_id: reply.id,
    });
    const { request_id: _c, ...created } = reply;
    assert.deepEqual(retrieved, created);
  });

  test("block comments open a new discussion each and list under the block only", async () => {
    const a: any = await emu.client.comments.create({
      parent: { block_id: blockId },
      rich_text: text("inline one"),
    });
    const b: any = await emu.client.comments.create({
      parent: { block_id: blockId },
      rich_text: text("inline two"),
    });
    assert.notEqual(a.discussion_id, b.discussion_id);
    assert.deepEqual(a.parent, { type: "block_id", block_id: blockId });
    const onBlock: any = await emu.client.comments.list({ block_id: blockId });
    assert.equal(onBlock.type, "comment");
    assert.deepEqual(words(onBlock.results), ["inline one", "inline two"]);
    const onPage = await collectPaginatedAPI(emu.client.comments.list, { block_id: HOME_PAGE_ID });
    assert.ok(!words(onPage).includes("inline one"));
  });

  test("resolved comments are never listed, and listing paginates", async () => {
    const c: any = await emu.client.comments.create({
      parent: { block_id: blockId },
      rich_text: text("to resolve"),
    });
    emu.ws.comments.get(c.id)!.resolved = true;
    const page1: any = await emu.client.comments.list({ block_id: blockId, page_size: 1 });
    assert.equal(page1.results.length, 1);
    assert.equal(page1.has_more, true);
    const all = await collectPaginatedAPI(emu.client.comments.list, { block_id: blockId });
    assert.deepEqual(words(all), ["inline one", "inline two"]);
    assert.ok(all.every((x: any) => !("resolved" in x)));
  });

  test("attachments come from uploaded file uploads and are served as signed URLs", async () => {
    const bytes = Buffer.from("not really a png, but bytes all the same");
    const upload: any = await emu.client.fileUploads.create({
      filename: "shot.png",
      content_type: "image/png",
    });
    await emu.client.fileUploads.send({
      file_upload_id: upload.id,
      file: { filename: "shot.png", data: new Blob([bytes], { type: "image/png" }) },
    });
    const comment: any = await emu.client.comments.create({
      parent: { block_id: blockId },
      rich_text: text("see attached"),
      attachments: [{ file_upload_id: upload.id }],
    });
    assert.equal(comment.attachments.length, 1);
    const [attachment] = comment.attachments;
    assert.equal(attachment.category, "image");
    assert.equal(typeof attachment.file.expiry_time, "string");
    const download = await fetch(attachment.file.url);
    assert.equal(download.status, 200);
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), bytes);
  });

  test("invalid comments are rejected as Notion rejects them", async () => {
    const is = (code: string, status: number) => (err: unknown) =>
      isNotionClientError(err) && (err as any).code === code && (err as any).status === status;
    await assert.rejects(
      emu.client.comments.create({
        parent: { page_id: HOME_PAGE_ID },
        rich_text: [{ type: "text", text: { content: "x".repeat(2001) } }],
      }),
      is(APIErrorCode.ValidationError, 400),
    );
    await assert.rejects(
      emu.client.comments.create({
        parent: { page_id: HOME_PAGE_ID },
        rich_text: text("too many"),
        attachments: [1, 2, 3, 4].map(() => ({ file_upload_id: "00000000-0000-4000-8000-000000000001" })),
      }),
      is(APIErrorCode.ValidationError, 400),
    );
    await assert.rejects(
      emu.client.comments.create({
        discussion_id: "00000000-0000-4000-8000-000000000002",
        rich_text: text("x"),
      }),
      is(APIErrorCode.ObjectNotFound, 404),
    );
    emu.ws.addIntegration("ntn_unshared", []);
    const other = new Client({ auth: "ntn_unshared", baseUrl: emu.url, logLevel: LogLevel.ERROR });
    await assert.rejects(
      other.comments.list({ block_id: HOME_PAGE_ID }),
      is(APIErrorCode.ObjectNotFound, 404),
    );
  });
});
