// End to end: backupNotion against the emulator into a real store, compared with the emulator's state.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { generateWorkspace } from "../emulator/generator/index.ts";
import type { NotionObject, Workspace } from "../emulator/workspace.ts";
import { backupNotion, type NotionBackupResult } from "../src/notion/backup.ts";
import type { SnapshotIndex } from "../src/notion/source.ts";
import { FsBackend } from "../src/store/backends/fs.ts";
import { initRepository, type Repository } from "../src/store/repository.ts";
import { expectedTree, fastClient, templateIds, treeShape, visibleLive } from "./helpers/crawl.ts";
import { startEmulator, type TestEmulator } from "./helpers/emulator.ts";
import { memoryRepo, smallStore, tempDir } from "./helpers/memory-repo.ts";
import {
  comparableFiles,
  json,
  readSnapshotFiles,
  type SnapshotFile,
  withoutSignatures,
} from "./helpers/snapshot-files.ts";

let t: TestEmulator;
let ws: Workspace;
let repo: Repository;
let cleanup: () => Promise<void>;

before(async () => {
  ws = generateWorkspace({ seed: 7, pages: 12, rowsPerDatabase: 15, commentsPerPage: 2, mediaFiles: 4 });
  t = await startEmulator({ workspace: ws });
  const tmp = await tempDir("nvault-notion-backup-");
  cleanup = tmp.cleanup;
  repo = await initRepository(new FsBackend(tmp.dir), "test passphrase", smallStore);
});

after(async () => {
  await repo?.close();
  await t?.close();
  await cleanup?.();
});

function backup(extra: { full?: boolean } = {}): Promise<NotionBackupResult> {
  return backupNotion({ repo, client: fastClient(t), ...extra });
}

/** The page holding a block (walking up its parents). */
function pageOf(b: NotionObject): string | undefined {
  for (let cur: NotionObject | undefined = b; cur; ) {
    if (cur.parent?.type === "page_id") return cur.parent.page_id;
    cur = ws.blocks.get(cur.parent?.block_id);
  }
  return undefined;
}

let first: NotionBackupResult;
let firstFiles: Map<string, SnapshotFile>;

test("a full backup holds every visible page, row, template, database and data source, as the emulator has them", async () => {
  first = await backup();
  firstFiles = await readSnapshotFiles(repo, first.snapshot.manifest.tree);
  const index = json<SnapshotIndex>(firstFiles, "index.json");
  const templates = templateIds(ws);

  const livePages = [...ws.pages.values()].filter((p) => visibleLive(ws, p));
  assert.ok(livePages.length > 20);
  for (const p of livePages) {
    const entry = index.entries[p.id];
    assert.ok(entry, `page ${p.id} is in the index`);
    assert.equal(
      entry.type,
      templates.has(p.id) ? "template" : p.parent?.type === "data_source_id" ? "row" : "page",
    );
    const page = json(firstFiles, `${entry.path}/page.json`);
    assert.equal(page.id, p.id);
    assert.equal(page.last_edited_time, p.last_edited_time);
    assert.deepEqual(
      page.properties && Object.keys(page.properties).sort(),
      Object.keys(p.properties).sort(),
    );
    assert.deepEqual(treeShape(json(firstFiles, `${entry.path}/blocks.json`)), expectedTree(ws, p.id));
    // Nested as in Notion: a page sits in the folder of the object holding it.
    const parentId = p.parent?.page_id ?? p.parent?.data_source_id;
    if (parentId && index.entries[parentId]) {
      assert.ok(entry.path.startsWith(`${index.entries[parentId]!.path}/`), `${entry.path} under its parent`);
    }
  }
  for (const d of [...ws.databases.values()].filter((x) => visibleLive(ws, x))) {
    const entry = index.entries[d.id];
    assert.ok(entry, `database ${d.id} is in the index`);
    assert.equal(json(firstFiles, `${entry.path}/database.json`).id, d.id);
  }
  for (const ds of [...ws.dataSources.values()].filter((x) => visibleLive(ws, x))) {
    const entry = index.entries[ds.id];
    assert.ok(entry, `data source ${ds.id} is in the index`);
    assert.ok(entry.path.startsWith(`${index.entries[ds.parent.database_id]!.path}/`));
    assert.deepEqual(
      Object.keys(json(firstFiles, `${entry.path}/data-source.json`).properties).sort(),
      Object.keys(ds.properties).sort(),
    );
  }
  // Open comments of each page are in its comments.json.
  const open = [...ws.comments.values()].filter((c) => c.resolved !== true && c.parent?.type === "page_id");
  for (const c of open) {
    const entry = index.entries[c.parent.page_id];
    if (!entry || !visibleLive(ws, ws.pages.get(c.parent.page_id)!)) continue;
    const comments = json(firstFiles, `${entry.path}/comments.json`);
    assert.ok(
      comments.page.some((x: { id: string }) => x.id === c.id),
      `comment ${c.id} captured`,
    );
  }
  assert.equal(json(firstFiles, "users.json").length, ws.users.size);
  const report = json(firstFiles, "report.json");
  assert.ok(report.requests.totalRequests > 0);
  assert.equal(report.counts.page + report.counts.row, livePages.length - templates.size);
  assert.ok(
    [...firstFiles.keys()].some((p) => /\/media\/[^/]+$/.test(p)),
    "media files downloaded",
  );
  assert.deepEqual(first.archiveWarnings, []);
});

test("a second backup of an unchanged workspace lists no block children and captures the same content", async () => {
  t.log.reset();
  const second = await backup();
  assert.equal(t.log.count("blocks.children.list"), 0);
  assert.equal(second.snapshot.manifest.parent, first.snapshot.id);
  assert.ok(second.report.reusedPages > 0);
  const files = await readSnapshotFiles(repo, second.snapshot.manifest.tree);
  const paths = (m: Map<string, SnapshotFile>) => [...m.keys()].filter((p) => p !== "report.json").sort();
  assert.deepEqual(paths(files), paths(firstFiles));
  for (const [path, f] of files) {
    if (path === "report.json" || path.endsWith("/")) continue;
    const before = firstFiles.get(path)!;
    if (path.endsWith("blocks.json") || path.includes("/media/"))
      assert.deepEqual(f.content, before.content, path);
    else if (path.endsWith(".json"))
      assert.equal(withoutSignatures(f.bytes.toString()), withoutSignatures(before.bytes.toString()), path);
  }
  assert.deepEqual(second.archiveWarnings, []);
});

test("an edited block, a trashed page, a moved page, a new row and a new comment appear in the next snapshot", async () => {
  const before = await backup();
  const beforeIndex = json<SnapshotIndex>(
    await readSnapshotFiles(repo, before.snapshot.manifest.tree),
    "index.json",
  );
  const templates = templateIds(ws);
  const regular = [...ws.pages.values()].filter(
    (p) => visibleLive(ws, p) && p.parent?.type === "page_id" && !templates.has(p.id),
  );
  const paragraph = [...ws.blocks.values()].find(
    (b) =>
      b.type === "paragraph" && !b.in_trash && pageOf(b) && beforeIndex.entries[pageOf(b)!]?.type === "page",
  );
  assert.ok(paragraph && regular.length >= 3);
  const editedPage = pageOf(paragraph)!;
  await t.client.blocks.update({
    block_id: paragraph.id,
    paragraph: { rich_text: [{ type: "text", text: { content: "edited by the test" } }] },
  });
  const trashed = regular.find((p) => p.id !== editedPage)!;
  await t.client.pages.update({ page_id: trashed.id, in_trash: true });
  const moved = regular.find(
    (p) =>
      p.id !== editedPage &&
      p.id !== trashed.id &&
      p.parent.page_id !== trashed.id &&
      !isUnder(p.id, trashed.id),
  )!;
  const target = regular.find(
    (p) =>
      p.id !== moved.id &&
      p.id !== trashed.id &&
      p.id !== moved.parent.page_id &&
      !isUnder(p.id, moved.id) &&
      !isUnder(p.id, trashed.id),
  )!;
  await t.client.pages.move({ page_id: moved.id, parent: { type: "page_id", page_id: target.id } });
  const ds = [...ws.dataSources.values()].find((d) => visibleLive(ws, d))!;
  const titleProp = Object.entries(ds.properties).find(
    ([, v]) => (v as { type: string }).type === "title",
  )![0];
  const row = await t.client.pages.create({
    parent: { type: "data_source_id", data_source_id: ds.id },
    properties: { [titleProp]: { title: [{ type: "text", text: { content: "A new row" } }] } },
  });
  const comment = await t.client.comments.create({
    parent: { page_id: editedPage },
    rich_text: [{ type: "text", text: { content: "a new comment" } }],
  });

  const after = await backup();
  const files = await readSnapshotFiles(repo, after.snapshot.manifest.tree);
  const index = json<SnapshotIndex>(files, "index.json");
  const edited = index.entries[editedPage]!;
  assert.match(files.get(`${edited.path}/blocks.json`)!.bytes.toString(), /edited by the test/);
  assert.ok(
    json(files, `${edited.path}/comments.json`).page.some((c: { id: string }) => c.id === comment.id),
  );
  assert.equal(index.entries[trashed.id], undefined);
  assert.ok(
    ![...files.keys()].some((p) => p.includes(trashed.id.replace(/-/g, "").slice(0, 8))),
    "no folder of the trashed page",
  );
  assert.ok(
    index.entries[moved.id]!.path.startsWith(`${index.entries[target.id]!.path}/`),
    "moved page under its new parent",
  );
  assert.equal(index.entries[row.id]?.type, "row");
  assert.ok(index.entries[row.id]!.path.startsWith(`${index.entries[ds.id]!.path}/`));
  assert.equal(json(files, `${index.entries[row.id]!.path}/page.json`).id, row.id);
});

function isUnder(id: string, ancestor: string): boolean {
  for (let cur = ws.pages.get(id); cur; cur = ws.pages.get(cur.parent?.page_id)) {
    if (cur.parent?.page_id === ancestor) return true;
  }
  return false;
}

test("--full reads every page again", async () => {
  t.log.reset();
  const full = await backup({ full: true });
  assert.equal(full.report.reusedPages, 0);
  assert.ok(t.log.count("blocks.children.list") > 0);
});

/** A snapshot's files as comparable text: JSON without signatures, other files as their SHA-256-free bytes. */
async function capture(
  target: TestEmulator,
  faults?: (e: TestEmulator) => void,
): Promise<Map<string, string>> {
  faults?.(target);
  const store = await memoryRepo();
  try {
    const result = await backupNotion({ repo: store, client: fastClient(target) });
    assert.deepEqual(result.archiveWarnings, []);
    return await comparableFiles(store, result.snapshot.manifest.tree);
  } finally {
    await store.close();
  }
}

test("with faults injected (5xx, 429, dropped connections) the snapshot equals a clean run's", async () => {
  const small = () =>
    generateWorkspace({ seed: 9, pages: 6, rowsPerDatabase: 10, commentsPerPage: 1, mediaFiles: 4 });
  const clean = await startEmulator({ workspace: small() });
  const faulty = await startEmulator({
    workspace: small(),
    faults: { seed: 3, errorRate: 0.08, statuses: [500, 502, 503], dropRate: 0.04 },
  });
  try {
    const expected = await capture(clean);
    const got = await capture(faulty, (e) => {
      e.emulator.faults.injectNext("blocks.children.list", 2, 429);
      e.emulator.faults.injectNext("files.download", 2, 503);
    });
    assert.ok(
      Object.keys(faulty.log.snapshot().statuses).some((s) => s !== "200"),
      "faults were played",
    );
    assert.deepEqual([...got.keys()].sort(), [...expected.keys()].sort());
    for (const [path, text] of expected) assert.equal(got.get(path), text, path);
  } finally {
    await clean.close();
    await faulty.close();
  }
});

test("a shared page under an unshared parent is captured at the root and reported", async () => {
  const w = generateWorkspace({ seed: 2, pages: 40, shared: "some" });
  const integration = [...w.integrations.values()][0]!;
  const hiddenRoot = [...w.pages.values()].find(
    (p) => p.parent?.type === "workspace" && !integration.shared.has(p.id),
  )!;
  const child = [...w.pages.values()].find((p) => p.parent?.page_id === hiddenRoot.id)!;
  integration.shared.add(child.id);
  const e = await startEmulator({ workspace: w });
  const store = await memoryRepo();
  let result: NotionBackupResult;
  let index: SnapshotIndex;
  try {
    result = await backupNotion({ repo: store, client: fastClient(e) });
    index = json<SnapshotIndex>(await readSnapshotFiles(store, result.snapshot.manifest.tree), "index.json");
  } finally {
    await store.close();
    await e.close();
  }
  assert.ok(result.report.warnings.some((x) => x.code === "parent_not_shared" && x.id === child.id));
  assert.equal(index.entries[hiddenRoot.id], undefined);
  assert.ok(index.entries[child.id], "the shared child is captured");
  assert.ok(!index.entries[child.id]!.path.includes("/"), "and sits at the root");
  assert.ok(index.entries[child.id]!.path.endsWith(child.id.replace(/-/g, "").slice(0, 8)));
});
