// Incremental Notion backups: what an unchanged workspace costs, and what the comments policy lists again.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { generateWorkspace } from "../emulator/generator/index.ts";
import type { Workspace } from "../emulator/workspace.ts";
import { backupNotion, type NotionBackupOptions, type NotionBackupResult } from "../src/notion/backup.ts";
import { commentsDue } from "../src/notion/crawl/comments-refresh.ts";
import type { BlockNode } from "../src/notion/model.ts";
import type { SnapshotIndex } from "../src/notion/source.ts";
import type { Repository } from "../src/store/repository.ts";
import { fastClient } from "./helpers/crawl.ts";
import { startEmulator, type TestEmulator } from "./helpers/emulator.ts";
import { memoryRepo } from "./helpers/memory-repo.ts";
import { json, readSnapshotFiles, type SnapshotFile, withoutSignatures } from "./helpers/snapshot-files.ts";

const WEEK = 7 * 86_400_000;
let t: TestEmulator;
let ws: Workspace;
let repo: Repository;

before(async () => {
  ws = generateWorkspace({ seed: 21, pages: 14, rowsPerDatabase: 8, commentsPerPage: 2, mediaFiles: 3 });
  t = await startEmulator({ workspace: ws });
  t.log.trace();
  repo = await memoryRepo();
});

after(async () => {
  await repo?.close();
  await t?.close();
});

function backup(extra: Partial<NotionBackupOptions> = {}): Promise<NotionBackupResult> {
  return backupNotion({ repo, client: fastClient(t), ...extra });
}

async function filesOf(result: NotionBackupResult): Promise<Map<string, SnapshotFile>> {
  return readSnapshotFiles(repo, result.snapshot.manifest.tree);
}

/** Every page, row and template of a snapshot with the ids of its content blocks (inline comments' parents). */
function pagesWithBlocks(files: Map<string, SnapshotFile>): Map<string, string[]> {
  const index = json<SnapshotIndex>(files, "index.json");
  const out = new Map<string, string[]>();
  for (const [id, e] of Object.entries(index.entries)) {
    if (e.type !== "page" && e.type !== "row" && e.type !== "template") continue;
    const ids: string[] = [];
    const walk = (nodes: BlockNode[]) => {
      for (const n of nodes) {
        const type = "type" in n.block ? n.block.type : "";
        if (type !== "child_page" && type !== "child_database") ids.push(n.block.id);
        walk(n.children);
      }
    };
    walk(json<BlockNode[]>(files, `${e.path}/blocks.json`));
    out.set(id, ids);
  }
  return out;
}

function timeOf(r: NotionBackupResult): number {
  return Date.parse(r.snapshot.manifest.time);
}

let first: NotionBackupResult;
let firstFiles: Map<string, SnapshotFile>;

test("an unchanged workspace's second backup lists no blocks, retrieves no page, and lists exactly the comments due", async () => {
  first = await backup();
  firstFiles = await filesOf(first);
  assert.ok(t.log.count("pages.retrieve") < t.log.count("blocks.children.list"), "search's pages reused");
  t.log.reset();
  const second = await backup();
  assert.equal(t.log.count("blocks.children.list"), 0);
  assert.deepEqual(t.log.targets("pages.retrieve"), []);
  assert.equal(t.log.count("files.download"), 0);
  const expected: string[] = [];
  let due = 0;
  for (const [id, blocks] of pagesWithBlocks(firstFiles)) {
    if (!commentsDue(id, timeOf(first), timeOf(second), WEEK)) continue;
    expected.push(id, ...blocks);
    due++;
  }
  assert.deepEqual(t.log.targets("comments.list").sort(), expected.sort());
  assert.equal(second.report.reusedComments, second.report.reusedPages - due);
  const files = await filesOf(second);
  const paths = (m: Map<string, SnapshotFile>) => [...m.keys()].filter((p) => p !== "report.json").sort();
  assert.deepEqual(paths(files), paths(firstFiles));
  for (const [path, f] of files) {
    if (path === "report.json" || path.endsWith("/")) continue;
    const before = firstFiles.get(path)!;
    if (path.endsWith(".json")) {
      assert.equal(withoutSignatures(f.bytes.toString()), withoutSignatures(before.bytes.toString()), path);
    } else assert.deepEqual(f.bytes, before.bytes, path);
  }
  assert.deepEqual(second.archiveWarnings, []);
});

test("a new comment on an unchanged page: taken when due under the default policy, always with --comments-refresh 0", async () => {
  const before = await backup();
  const beforeFiles = await filesOf(before);
  const index = json<SnapshotIndex>(beforeFiles, "index.json");
  const pages = [...pagesWithBlocks(beforeFiles)].filter(
    ([id, blocks]) => index.entries[id]?.type === "page" && blocks.length > 0,
  );
  const [pageId] = pages[0]!;
  const [otherPage, otherBlocks] = pages[1]!;
  const onPage = await t.client.comments.create({
    parent: { page_id: pageId },
    rich_text: [{ type: "text", text: { content: "a page-level comment on an unchanged page" } }],
  });
  const inline = await t.client.comments.create({
    parent: { block_id: otherBlocks[0]! },
    rich_text: [{ type: "text", text: { content: "an inline comment on an unchanged page" } }],
  });
  // The emulator, like Notion, leaves the page's last_edited_time alone: both pages stay unchanged.
  assert.equal(t.ws.pages.get(pageId)!.last_edited_time, index.entries[pageId]!.last_edited_time);

  const commentIds = (files: Map<string, SnapshotFile>, id: string): string[] => {
    const path = `${json<SnapshotIndex>(files, "index.json").entries[id]!.path}/comments.json`;
    if (!files.has(path)) return [];
    const c = json<{ page: Array<{ id: string }>; blocks: Record<string, Array<{ id: string }>> }>(
      files,
      path,
    );
    return [...c.page, ...Object.values(c.blocks).flat()].map((x) => x.id);
  };
  t.log.reset();
  const lazy = await backup();
  const lazyFiles = await filesOf(lazy);
  assert.equal(t.log.count("blocks.children.list"), 0);
  const due = (id: string) => commentsDue(id, timeOf(before), timeOf(lazy), WEEK);
  assert.equal(commentIds(lazyFiles, pageId).includes(onPage.id), due(pageId));
  assert.equal(commentIds(lazyFiles, otherPage).includes(inline.id), due(otherPage));

  t.log.reset();
  const eager = await backup({ commentsRefreshMs: 0 });
  const eagerFiles = await filesOf(eager);
  assert.equal(t.log.count("blocks.children.list"), 0);
  assert.ok(commentIds(eagerFiles, pageId).includes(onPage.id));
  assert.ok(commentIds(eagerFiles, otherPage).includes(inline.id));
  assert.equal(eager.report.reusedComments ?? 0, 0);
  assert.equal(
    t.log.count("comments.list"),
    [...pagesWithBlocks(eagerFiles).values()].reduce((n, b) => n + 1 + b.length, 0),
  );
});

test("comments are listed again when the previous snapshot read them in another mode", async () => {
  await backup({ comments: "pages" });
  t.log.reset();
  const all = await backup({ comments: "all" });
  assert.equal(all.report.reusedComments ?? 0, 0);
  assert.ok(t.log.count("comments.list") > all.report.reusedPages);
});
