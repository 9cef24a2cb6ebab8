// "latest~N" in the commands that read workspace snapshots through the store's resolver: search --snapshot and restore --to-notion.
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { NotionObject } from "../emulator/workspace.ts";
import { runNotionRestore } from "../src/cli/restore-notion.ts";
import { searchSnapshots } from "../src/search/search.ts";
import { backupDirectory } from "../src/store/archiver.ts";
import { fastClient } from "./helpers/crawl.ts";
import { tempDir } from "./helpers/memory-repo.ts";
import { emptyTarget } from "./helpers/restore-compare.ts";
import { type BackedUpWorkspace, backedUpWorkspace } from "./helpers/workspace-snapshot.ts";

const NEW_TITLE = "Quokka ledger reconciliation";

let w: BackedUpWorkspace;
let dir: { dir: string; cleanup: () => Promise<void> };
let renamed = "";
let oldTitle = "";
let firstId = "";
let secondId = "";

const titleOf = (page: NotionObject) => {
  const prop = Object.values(page.properties as Record<string, NotionObject>).find((p) => p.type === "title");
  return ((prop?.title ?? []) as NotionObject[]).map((t) => t.plain_text).join("");
};

before(async () => {
  dir = await tempDir("nvault-latest-ref-");
  w = await backedUpWorkspace({ seed: 11, pages: 6, rowsPerDatabase: 3, mediaFiles: 0 });
  firstId = w.reader.snapshot.id;
  const page = [...w.ws.pages.values()].find(
    (p) => p.in_trash !== true && p.parent.type !== "data_source_id" && titleOf(p).length > 0,
  )!;
  renamed = page.id;
  oldTitle = titleOf(page);
  const titleProp = Object.entries(page.properties as Record<string, NotionObject>).find(
    ([, p]) => p.type === "title",
  )![0];
  await w.emulator.client.pages.update({
    page_id: page.id,
    properties: { [titleProp]: { title: [{ type: "text", text: { content: NEW_TITLE } }] } },
  });
  secondId = (await w.backupAgain()).result.snapshot.id;
  // The newest snapshot is of a folder: "latest" and "latest~N" still count workspace snapshots.
  await writeFile(join(dir.dir, "note.txt"), "a folder backed up into the same store");
  await backupDirectory(w.repo, { source: dir.dir });
});

after(async () => {
  await w?.close();
  await dir?.cleanup();
});

test("search --snapshot latest~1 searches the workspace snapshot before the newest", async () => {
  const cacheDir = join(dir.dir, "cache");
  const before = await searchSnapshots(w.repo, `"${oldTitle}"`, { cacheDir, snapshot: "latest~1" });
  assert.deepEqual(
    before.scope.map((s) => s.id),
    [firstId],
  );
  assert.ok(
    before.hits.some((h) => h.id === renamed && h.title === oldTitle),
    "the old title is found",
  );
  assert.equal((await searchSnapshots(w.repo, "quokka", { cacheDir, snapshot: "latest~1" })).total, 0);
  const newest = await searchSnapshots(w.repo, "quokka", { cacheDir, snapshot: "latest~0" });
  assert.deepEqual(
    newest.scope.map((s) => s.id),
    [secondId],
  );
  assert.deepEqual(
    newest.hits.map((h) => h.id),
    [renamed],
  );
  await assert.rejects(
    searchSnapshots(w.repo, "quokka", { cacheDir, snapshot: "latest~2" }),
    /latest~2: the store holds only 2 snapshots of this Notion workspace/,
  );
});

test("restore latest~1:ID --to-notion --dry-run plans from the workspace snapshot before the newest", async () => {
  const target = await emptyTarget(w);
  w.emulator.log.reset();
  const plan = await runNotionRestore(w.repo, `latest~1:${renamed}`, {
    toNotion: target,
    dryRun: true,
    client: fastClient(w.emulator),
    journal: join(dir.dir, "journal.jsonl"),
  });
  assert.equal(w.emulator.log.snapshot().total, 0, "a dry run sends nothing");
  assert.equal(plan.snapshot, firstId);
  assert.equal(plan.mode, "to-notion");
  if (plan.mode !== "to-notion") return;
  assert.deepEqual(Object.keys(plan.roots), [renamed]);
  assert.ok(plan.created.pages >= 1);
  const latest = await runNotionRestore(w.repo, `latest:${renamed}`, {
    toNotion: target,
    dryRun: true,
    client: fastClient(w.emulator),
    journal: join(dir.dir, "journal-latest.jsonl"),
  });
  assert.equal(latest.snapshot, secondId, "latest is the newest workspace snapshot, not the folder");
});
