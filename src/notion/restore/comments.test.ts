import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { CommentObjectResponse } from "@notionhq/client";
import { fastClient } from "../../../test/helpers/crawl.ts";
import { type BackedUpWorkspace, backedUpWorkspace } from "../../../test/helpers/workspace-snapshot.ts";
import type { NotionClient } from "../client.ts";
import type { PageComments } from "../snapshot-reader.ts";
import { formatTime, restoreComments } from "./comments.ts";
import { IdMap } from "./id-map.ts";
import { RestoreJournal } from "./journal.ts";

let b: BackedUpWorkspace;
let client: NotionClient;
let dir: string;
let users: Map<string, string>;
/** Pages of the snapshot with open comments, and those comments. */
let commented: Array<{ pageId: string; comments: PageComments }>;

before(async () => {
  b = await backedUpWorkspace({
    seed: 11,
    pages: 8,
    databases: 1,
    rowsPerDatabase: 2,
    mediaFiles: 3,
    commentsPerPage: 3,
  });
  client = fastClient(b.emulator);
  dir = await mkdtemp(join(tmpdir(), "nvault-comments-"));
  users = new Map([...(await b.reader.userMap()).values()].map((u) => [u.id, u.name ?? "?"]));
  commented = [];
  for (const id of b.reader.ids()) {
    if (b.reader.entry(id)?.type !== "page") continue;
    const comments = await b.reader.comments(id);
    if (comments.page.length + Object.keys(comments.blocks).length > 0)
      commented.push({ pageId: id, comments });
  }
});
after(async () => {
  await b.close();
  await rm(dir, { recursive: true, force: true });
});

function all(c: PageComments): CommentObjectResponse[] {
  return [...c.page, ...Object.values(c.blocks).flat()];
}

function plain(c: { rich_text: Array<{ plain_text: string }> }): string {
  return c.rich_text.map((r) => r.plain_text).join("");
}

async function listed(parentId: string): Promise<CommentObjectResponse[]> {
  const res = await b.emulator.client.comments.list({ block_id: parentId });
  return res.results as CommentObjectResponse[];
}

/** A fresh page standing in for the restored one, with a paragraph per anchor block except `skip`. */
async function stage(pageId: string, comments: PageComments, idMap: IdMap, skip?: string) {
  const page = await b.emulator.client.pages.create({
    parent: { page_id: pageId },
    properties: { title: { title: [{ text: { content: "Restored" } }] } },
  });
  await idMap.set(pageId, page.id, "page");
  const blocks = new Map<string, string>();
  for (const anchor of Object.keys(comments.blocks)) {
    if (anchor === skip) continue;
    const res = await b.emulator.client.blocks.children.append({
      block_id: page.id,
      children: [{ paragraph: { rich_text: [{ text: { content: `anchor ${anchor}` } }] } }],
    });
    blocks.set(anchor, res.results[0]!.id);
    await idMap.set(anchor, res.results[0]!.id);
  }
  return { newPageId: page.id, blocks };
}

test("the generated snapshot has page-level, inline, reply and attachment comments to restore", () => {
  const every = commented.flatMap((p) => all(p.comments));
  assert.ok(commented.some((p) => p.comments.page.length > 0));
  assert.ok(commented.some((p) => Object.keys(p.comments.blocks).length > 0));
  assert.ok(every.some((c) => (c.attachments?.length ?? 0) > 0));
  assert.ok(new Set(every.map((c) => c.discussion_id)).size < every.length, "some discussion has replies");
});

test("comments come back in order, in their discussions, with author, time and attachments", async () => {
  b.emulator.log.reset();
  let expectedAttachments = 0;
  for (const { pageId, comments } of commented) {
    const journal = await RestoreJournal.open(join(dir, `${pageId}.jsonl`));
    const idMap = new IdMap(journal);
    const { newPageId, blocks } = await stage(pageId, comments, idMap);
    const result = await restoreComments(client, comments, {
      idMap,
      journal,
      users,
      pageId,
      reader: b.reader,
    });
    const originals = all(comments);
    assert.equal(result.created, originals.length);
    assert.deepEqual(result.notRestored, []);
    assert.deepEqual(result.moved, []);

    const check = (orig: CommentObjectResponse[], got: CommentObjectResponse[]) => {
      assert.equal(got.length, orig.length);
      orig.forEach((o, i) => {
        const g = got[i]!;
        const author = users.get(o.created_by.id)!;
        assert.equal(plain(g), `${plain(o)}\n— ${author}, ${formatTime(o.created_time)}`);
        assert.equal(g.display_name.resolved_name, author);
        assert.equal(g.attachments?.length ?? 0, o.attachments?.length ?? 0);
        expectedAttachments += o.attachments?.length ?? 0;
      });
      // Comments that shared a discussion share the new one.
      for (let i = 0; i < orig.length; i++)
        for (let j = 0; j < orig.length; j++)
          assert.equal(
            got[i]!.discussion_id === got[j]!.discussion_id,
            orig[i]!.discussion_id === orig[j]!.discussion_id,
          );
    };
    // Page-level discussions of the snapshot all join one on the restored page (Notion's rule).
    const pageComments = await listed(newPageId);
    assert.equal(pageComments.length, comments.page.length);
    pageComments.forEach((g, i) => {
      const o = comments.page[i]!;
      assert.equal(plain(g), `${plain(o)}\n— ${users.get(o.created_by.id)}, ${formatTime(o.created_time)}`);
      assert.equal(g.attachments?.length ?? 0, o.attachments?.length ?? 0);
      expectedAttachments += o.attachments?.length ?? 0;
    });
    for (const [anchor, list] of Object.entries(comments.blocks))
      check(list, await listed(blocks.get(anchor)!));
    await journal.close();
  }
  assert.ok(expectedAttachments > 0);
  const snap = b.emulator.log.snapshot();
  const refused = Object.entries(snap.statuses).filter(([s]) => s.startsWith("4"));
  assert.deepEqual(refused, [], b.emulator.log.format());
});

test("an attachment's bytes are the snapshot's", async () => {
  const { pageId, comments } = commented.find((p) => all(p.comments).some((c) => c.attachments?.length))!;
  const journal = await RestoreJournal.open(join(dir, `attach-${pageId}.jsonl`));
  const idMap = new IdMap(journal);
  const { newPageId, blocks } = await stage(pageId, comments, idMap);
  await restoreComments(client, comments, { idMap, journal, users, pageId, reader: b.reader });
  const withFile = all(comments).find((c) => c.attachments?.length)!;
  const parent = withFile.parent.type === "block_id" ? blocks.get(withFile.parent.block_id)! : newPageId;
  const restored = (await listed(parent)).find((c) => plain(c).startsWith(plain(withFile)))!;
  const url = restored.attachments![0]!.file.url;
  const got = Buffer.from(await (await fetch(url)).arrayBuffer());
  const ref = (await b.reader.files(pageId)).find(
    (r) => r.owner.object === "comment" && r.owner.id === withFile.id,
  )!;
  assert.ok(got.equals(Buffer.from(await b.reader.readBytes(ref.path))));
  await journal.close();
});

test("a re-run creates nothing; a lost answer is found, not repeated; comments of a lost block go on the page", async () => {
  const { pageId, comments } = commented.find((p) => Object.keys(p.comments.blocks).length > 0)!;
  const path = join(dir, `rerun-${pageId}.jsonl`);
  let journal = await RestoreJournal.open(path);
  let idMap = new IdMap(journal);
  const skip = Object.keys(comments.blocks)[0]!;
  const { newPageId } = await stage(pageId, comments, idMap, skip);
  // The first create reaches Notion but its answer is lost.
  b.emulator.emulator.faults.injectNext("comments.create", 1, "drop-after");
  const first = await restoreComments(client, comments, { idMap, journal, users, pageId, reader: b.reader });
  const total = all(comments).length;
  assert.equal(first.created, total);
  assert.equal(journal.recovered, 1);
  assert.deepEqual(
    first.moved.map((m) => m.id),
    comments.blocks[skip]!.map((c) => c.id),
  );
  const onPage = (await listed(newPageId)).length;
  assert.equal(onPage, comments.page.length + comments.blocks[skip]!.length);
  await journal.close();

  b.emulator.log.reset();
  journal = await RestoreJournal.open(path);
  idMap = new IdMap(journal);
  const again = await restoreComments(client, comments, { idMap, journal, users, pageId, reader: b.reader });
  assert.equal(again.created, 0);
  assert.equal(again.alreadyRestored, total);
  assert.equal(b.emulator.log.count("comments.create"), 0);
  assert.equal(b.emulator.log.count("fileUploads.create"), 0);
  assert.equal((await listed(newPageId)).length, onPage);
  await journal.close();
});
