// The benchmark's lower bound: right on a hand-made workspace, and never above what a real crawl sends.
import assert from "node:assert/strict";
import { test } from "node:test";
import { generateWorkspace } from "../emulator/generator/index.ts";
import { Workspace } from "../emulator/workspace.ts";
import { fastClient, runCrawl } from "../test/helpers/crawl.ts";
import { defaultWorkspaceData, HOME_PAGE_ID, plainText, startEmulator } from "../test/helpers/emulator.ts";
import { lowerBound, total } from "./backup-lower-bound.ts";

test("one page of 250 paragraphs: three list calls, one comment list per block with comments all", () => {
  const data = defaultWorkspaceData();
  const t = "2026-01-01T00:00:00.000Z";
  data.blocks = Array.from({ length: 250 }, (_, i) => ({
    object: "block",
    id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    parent: { type: "page_id", page_id: HOME_PAGE_ID },
    created_time: t,
    last_edited_time: t,
    in_trash: false,
    type: "paragraph",
    paragraph: { rich_text: [plainText(`line ${i}`)], color: "default" },
  }));
  const ws = Workspace.fromData(data);
  const all = lowerBound(ws, "all");
  assert.equal(all["blocks.children.list"], 3);
  assert.equal(all["pages.retrieve"] ?? 0, 0, "search returned the page whole");
  assert.equal(all["comments.list"], 251);
  assert.equal(all.search, 1);
  assert.equal(all["users.me"], 1);
  const pages = lowerBound(ws, "pages");
  assert.equal(pages["comments.list"], 1);
  assert.equal(total(all) - total(pages), 250);
});

test("a full crawl of a generated workspace sends at least the lower bound on every endpoint", async () => {
  const ws = generateWorkspace({
    seed: 7,
    pages: 20,
    rowsPerDatabase: 40,
    commentsPerPage: 2,
    mediaFiles: 4,
  });
  const bound = lowerBound(ws, "all");
  const t = await startEmulator({ workspace: ws });
  try {
    await runCrawl(fastClient(t), { comments: "all" });
    const sent = t.log.snapshot().endpoints;
    // users.me is sent by backupNotion around the crawl, not by the crawl itself.
    for (const [endpoint, n] of Object.entries(bound).filter(([e]) => e !== "users.me")) {
      assert.ok((sent[endpoint] ?? 0) >= n, `${endpoint}: sent ${sent[endpoint] ?? 0}, bound ${n}`);
    }
    assert.ok(total(bound) > 100);
  } finally {
    await t.close();
  }
});
