// nvault search end to end: a generated workspace edited through the emulator, backed up, indexed, queried (library and CLI).
import assert from "node:assert/strict";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { after, before, test } from "node:test";
import { generateWorkspace } from "../emulator/generator/index.ts";
import type { NotionObject, Workspace } from "../emulator/workspace.ts";
import { searchIndexPath } from "../src/search/index-store.ts";
import { type SearchEvent, type SearchResult, SearchSession, searchSnapshots } from "../src/search/search.ts";
import { removeSnapshot } from "../src/store/snapshot.ts";
import { startEmulator, type TestEmulator } from "./helpers/emulator.ts";
import { tempDir } from "./helpers/memory-repo.ts";
import { makeTempStore, type TempStore } from "./helpers/store.ts";
import { type BackedUpWorkspace, backedUpWorkspace } from "./helpers/workspace-snapshot.ts";

const TITLE = "Crème Brûlée Zanzibar expedition";
const TOGGLE_TEXT = "The quixotic kumquat hides three levels down";
const PROPERTY_TEXT = "Xylophone tuning budget";
const COMMENT_TEXT = "Wombat sightings need a follow-up";

let w: BackedUpWorkspace;
let cache: { dir: string; cleanup: () => Promise<void> };
/** The ids of the edited objects, and the first snapshot's title of the renamed page. */
const target = {
  titled: "",
  toggled: "",
  row: "",
  commented: "",
  oldTitle: "",
  untouched: "",
  untouchedTitle: "",
};

const rich = (content: string) => [{ type: "text" as const, text: { content } }];

function titleOf(page: NotionObject): string {
  const prop = Object.values(page.properties as Record<string, NotionObject>).find((p) => p.type === "title");
  return ((prop?.title ?? []) as NotionObject[]).map((t) => t.plain_text).join("");
}

/** The page holding a block (walking up through parent blocks). */
function pageOfBlock(ws: Workspace, blockId: string): string {
  let obj = ws.blocks.get(blockId);
  while (obj && obj.parent.type === "block_id") obj = ws.blocks.get(obj.parent.block_id);
  return obj!.parent.page_id as string;
}

const regularPages = (ws: Workspace) =>
  [...ws.pages.values()].filter((p) => p.in_trash !== true && p.parent.type !== "data_source_id");

before(async () => {
  cache = await tempDir("nvault-search-cache-");
  const ws = generateWorkspace({ seed: 7, pages: 12, rowsPerDatabase: 6, mediaFiles: 2 });
  w = await backedUpWorkspace(ws);
  const client = w.emulator.client;
  const pages = regularPages(ws);
  const titled = pages[0]!;
  target.titled = titled.id;
  target.oldTitle = titleOf(titled);
  const titleProp = Object.entries(titled.properties as Record<string, NotionObject>).find(
    ([, p]) => p.type === "title",
  )![0];
  await client.pages.update({ page_id: titled.id, properties: { [titleProp]: { title: rich(TITLE) } } });

  const toggle = [...ws.blocks.values()].find((b) => b.type === "toggle" && b.in_trash !== true)!;
  target.toggled = pageOfBlock(ws, toggle.id);
  await client.blocks.children.append({
    block_id: toggle.id,
    children: [
      {
        type: "toggle",
        toggle: {
          rich_text: rich("inner toggle"),
          children: [{ type: "paragraph", paragraph: { rich_text: rich(TOGGLE_TEXT) } }],
        },
      },
    ],
  });

  const row = [...ws.pages.values()].find((p) => {
    if (p.parent.type !== "data_source_id" || p.in_trash === true) return false;
    return Object.values(p.properties as Record<string, NotionObject>).some((v) => v.type === "rich_text");
  })!;
  target.row = row.id;
  const textProp = Object.entries(row.properties as Record<string, NotionObject>).find(
    ([, p]) => p.type === "rich_text",
  )![0];
  await client.pages.update({
    page_id: row.id,
    properties: { [textProp]: { rich_text: rich(PROPERTY_TEXT) } },
  });

  // Comments of unchanged pages are listed again only now and then: comment on a page that changed.
  target.commented = target.toggled;
  await client.comments.create({ parent: { page_id: target.commented }, rich_text: rich(COMMENT_TEXT) });

  const untouched = pages.find((p) => ![titled.id, target.toggled].includes(p.id))!;
  target.untouched = untouched.id;
  target.untouchedTitle = titleOf(untouched);
  await w.backupAgain();
});

after(async () => {
  await w?.close();
  await cache?.cleanup();
});

const search = (query: string, opts: Parameters<typeof searchSnapshots>[2] = {}) =>
  searchSnapshots(w.repo, query, { cacheDir: cache.dir, ...opts });

/** The marked words of a hit's snippet. */
const markedWords = (r: SearchResult, i = 0) =>
  r.hits[i]!.snippet.marks.map(([s, e]) => r.hits[i]!.snippet.text.slice(s, e));

test("finds a title word, a block deep in a toggle, a property value and a comment", async () => {
  const title = await search("zanzibar");
  assert.equal(title.total, 1);
  assert.equal(title.hits[0]!.id, target.titled);
  assert.equal(title.hits[0]!.title, TITLE);
  assert.equal(title.hits[0]!.snippet.field.kind, "title");
  assert.deepEqual(markedWords(title), ["Zanzibar"]);
  assert.equal(title.hits[0]!.path.at(-1), TITLE);

  const deep = await search("kumquat");
  assert.equal(deep.hits[0]!.id, target.toggled);
  assert.equal(deep.hits[0]!.snippet.field.kind, "block");
  assert.equal(deep.hits[0]!.snippet.field.label, "paragraph");
  assert.match(deep.hits[0]!.snippet.text, /quixotic kumquat/);

  const prop = await search("xylophone");
  assert.equal(prop.hits[0]!.id, target.row);
  assert.equal(prop.hits[0]!.type, "row");
  assert.equal(prop.hits[0]!.snippet.field.kind, "property");
  assert.ok(prop.hits[0]!.path.length >= 2, "a row's path names its database");

  const comment = await search("wombat sightings");
  assert.equal(comment.hits[0]!.id, target.commented);
  assert.equal(comment.hits[0]!.snippet.field.kind, "comment");
  assert.deepEqual(markedWords(comment), ["Wombat", "sightings"]);

  const none = await search("zanzibar xylophone");
  assert.equal(none.total, 0, "every word must match in the same object");
});

test("words match regardless of case and accents; the last word is a prefix; quotes keep word order", async () => {
  for (const q of ["creme brulee", "CRÈME BRÛLÉE", "Creme brul", "zanz"]) {
    const r = await search(q);
    assert.deepEqual(
      r.hits.map((h) => h.id),
      [target.titled],
      q,
    );
  }
  assert.deepEqual(markedWords(await search("creme brulee")), ["Crème", "Brûlée"]);
  assert.equal((await search('"brulee creme"')).total, 0);
  assert.equal((await search('"creme brulee"')).hits[0]?.id, target.titled);
  assert.equal((await search("zanz ")).total, 0, "a word followed by a space is complete");
  await assert.rejects(search("?!"), /no word/);
});

test("--all: each version of a text names exactly the snapshots that hold it", async () => {
  const snaps = (await search("zanzibar", { all: true })).scope.map((s) => s.id);
  assert.equal(snaps.length, 2);
  const [newest, oldest] = snaps;
  const renamed = await search("zanzibar", { all: true });
  assert.deepEqual(
    renamed.hits.map((h) => h.snapshots.map((s) => s.id)),
    [[newest]],
  );
  const oldWords = target.oldTitle.split(" ").filter((x) => /\p{L}/u.test(x));
  const old = await search(`"${oldWords.join(" ")}"`, { all: true });
  const oldHit = old.hits.find((h) => h.id === target.titled);
  assert.ok(oldHit, `the old title "${target.oldTitle}" is found`);
  assert.deepEqual(
    oldHit.snapshots.map((s) => s.id),
    [oldest],
  );
  assert.equal(oldHit.title, target.oldTitle);
  const latestOnly = await search(`"${oldWords.join(" ")}"`);
  assert.ok(!latestOnly.hits.some((h) => h.id === target.titled && h.title === target.oldTitle));

  const same = await search(`"${target.untouchedTitle}"`, { all: true });
  const sameHit = same.hits.find((h) => h.id === target.untouched);
  assert.ok(sameHit);
  assert.deepEqual(
    sameHit.snapshots.map((s) => s.id),
    [newest, oldest],
    "an unchanged page is one version held by both snapshots",
  );
});

test("indexing a new snapshot reads only what changed", async () => {
  const { dir, cleanup } = await tempDir("nvault-search-incr-");
  try {
    const session = await SearchSession.open(w.repo, { cacheDir: dir });
    const first = await session.search("zanzibar", {
      snapshot: (await search("x", { all: true })).scope[1]!.id,
    });
    assert.equal(first.indexed.snapshots, 1);
    const second = await session.search("zanzibar");
    assert.equal(second.indexed.snapshots, 1);
    assert.ok(second.indexed.versions > 0, "the edited objects are new versions");
    assert.ok(
      second.indexed.versions * 4 < first.indexed.versions,
      `the second snapshot adds few versions (${second.indexed.versions} vs ${first.indexed.versions})`,
    );
    assert.ok(second.indexed.trees < first.indexed.trees, "unchanged folders are not read again");
    const again = await session.search("zanzibar", { all: true });
    assert.equal(again.indexed.snapshots, 0, "both snapshots are indexed already");
  } finally {
    await cleanup();
  }
});

test("the index on disk is encrypted, owner-only, and rebuilt when missing or damaged", async () => {
  await search("zanzibar", { all: true });
  const path = searchIndexPath(cache.dir, w.repo.config.id);
  const bytes = await readFile(path);
  const text = bytes.toString("latin1").toLowerCase();
  for (const word of ["zanzibar", "kumquat", "xylophone", "wombat", target.untouchedTitle.toLowerCase()]) {
    assert.ok(!text.includes(word), `${word} is not in the file in plaintext`);
  }
  assert.equal((await stat(path)).mode & 0o777, 0o600);

  const events: SearchEvent[] = [];
  const onEvent = (e: SearchEvent) => events.push(e);
  const damaged = Buffer.from(bytes);
  damaged[damaged.length - 20]! ^= 0xff;
  await writeFile(path, damaged);
  assert.equal((await search("kumquat", { onEvent })).hits[0]?.id, target.toggled);
  assert.deepEqual(events[0], { ...events[0], type: "index-open", state: "corrupt" });
  assert.ok(events.some((e) => e.type === "index-saved"));

  await writeFile(path, bytes.subarray(0, 100));
  events.length = 0;
  assert.equal((await search("kumquat", { onEvent })).total, 1);
  assert.deepEqual(events[0], { ...events[0], state: "corrupt" });

  await rm(path);
  events.length = 0;
  assert.equal((await search("wombat", { onEvent })).total, 1);
  assert.deepEqual(events[0], { ...events[0], state: "missing" });
  events.length = 0;
  await search("wombat", { onEvent });
  assert.deepEqual(events[0], { ...events[0], state: "loaded" });
  assert.ok(!events.some((e) => e.type === "index-saved"), "an up-to-date index is not written again");
});

test("another store's key cannot open the index", async () => {
  const other = await backedUpWorkspace({ seed: 8, pages: 3, rowsPerDatabase: 2, mediaFiles: 0 });
  try {
    const path = searchIndexPath(cache.dir, w.repo.config.id);
    await search("zanzibar");
    const events: SearchEvent[] = [];
    // The other store's session finds this store's file under its own id: it must not decrypt it.
    const otherPath = searchIndexPath(cache.dir, other.repo.config.id);
    await mkdir(dirname(otherPath), { recursive: true });
    await writeFile(otherPath, await readFile(path));
    await searchSnapshots(other.repo, "zanzibar", { cacheDir: cache.dir, onEvent: (e) => events.push(e) });
    assert.deepEqual(events[0], { ...events[0], state: "corrupt" });
  } finally {
    await other.close();
  }
});

describeCli();

function describeCli(): void {
  let t: TestEmulator;
  let store: TempStore;
  before(async () => {
    t = await startEmulator({
      workspace: generateWorkspace({ seed: 3, pages: 6, rowsPerDatabase: 4, mediaFiles: 1 }),
    });
    store = await makeTempStore({ env: { NOTION_BASE_URL: t.url, NOTION_TOKEN: t.token } });
  });
  after(async () => {
    await store?.close();
    await t?.close();
  });

  test("nvault search through the real CLI, with --json, progress on stderr and usage errors", async () => {
    const page = regularPages(t.ws)[0]!;
    await t.client.comments.create({
      parent: { page_id: page.id },
      rich_text: rich("Pelican briefing at noon"),
    });
    const backup = await store.run(["backup", "--rate", "500"]);
    assert.equal(backup.code, 0, backup.stderr);

    const r = await store.run(["search", "pelican", "brief", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as SearchResult;
    assert.equal(json.total, 1);
    assert.equal(json.hits[0]!.id, page.id);
    assert.equal(json.hits[0]!.snippet.field.kind, "comment");
    assert.match(r.stderr, /building the index/);

    const again = await store.run(["search", "Pelican"]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /\*\*Pelican\*\* briefing/);
    assert.match(again.stdout, new RegExp(page.id));
    assert.match(again.stdout, /1 hit in snapshot [0-9a-f]{8}/);
    assert.doesNotMatch(again.stderr, /building/, "the second run uses the cached index");

    const none = await store.run(["search", "nonexistentwordxyz"]);
    assert.equal(none.code, 0);
    assert.match(none.stdout, /no match/);
    assert.equal((await store.run(["search", "--all", "--snapshot", "latest", "x"])).code, 2);
    assert.equal((await store.run(["search", "--", "--"])).code, 2);
    const help = await store.ok(["search", "--help"]);
    assert.match(help, /Examples:/);
  });
}

test("forgotten snapshots leave the index; when most of it is unused it is built afresh", async () => {
  const ws = generateWorkspace({ seed: 9, pages: 8, rowsPerDatabase: 3, mediaFiles: 0 });
  const small = await backedUpWorkspace(ws);
  const { dir, cleanup } = await tempDir("nvault-search-forget-");
  try {
    const first = small.result.snapshot;
    // Trash every page under the root: the new snapshot holds a small part of the old one.
    const root = regularPages(ws).find((p) => p.parent.type === "workspace")!;
    const tops = [root, ...regularPages(ws).filter((p) => p.parent.page_id === root.id)];
    for (const p of tops.slice(1)) {
      await small.emulator.client.pages.update({ page_id: p.id, in_trash: true });
    }
    for (const id of ws.databases.keys()) {
      await small.emulator.client.databases.update({ database_id: id, in_trash: true });
    }
    const { result } = await small.backupAgain();
    const saved: Array<Extract<SearchEvent, { type: "index-saved" }>> = [];
    const onEvent = (e: SearchEvent) => e.type === "index-saved" && saved.push(e);
    const gone = titleOf(tops[1]!);
    const both = await searchSnapshots(small.repo, `"${gone}"`, { cacheDir: dir, all: true, onEvent });
    assert.equal(both.scope.length, 2);
    assert.deepEqual(
      both.hits.find((h) => h.id === tops[1]!.id)?.snapshots.map((s) => s.id),
      [first.id],
    );
    const before = saved.at(-1)!;

    await removeSnapshot(small.repo, first.id);
    const after = await searchSnapshots(small.repo, `"${gone}"`, { cacheDir: dir, all: true, onEvent });
    assert.deepEqual(
      after.scope.map((s) => s.id),
      [result.snapshot.id],
    );
    assert.ok(
      !after.hits.some((h) => h.id === tops[1]!.id),
      "a trashed page is only in the forgotten snapshot",
    );
    const rebuilt = saved.at(-1)!;
    assert.equal(rebuilt.snapshots, 1);
    assert.ok(rebuilt.docs * 2 < before.docs, `rebuilt with ${rebuilt.docs} of ${before.docs} versions`);
  } finally {
    await small.close();
    await cleanup();
  }
});
