// In-place rollback against the emulator: a trashed page, an edited page and an edited row come back as the snapshot has them, ids kept.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { NotionClient } from "../src/notion/client.ts";
import type { BlockNode } from "../src/notion/model.ts";
import { type InPlaceReport, restoreInPlace } from "../src/notion/restore/in-place.ts";
import { RestoreJournal } from "../src/notion/restore/journal.ts";
import { READ_ONLY_VALUES } from "../src/notion/restore/properties.ts";
import type { WorkspaceSnapshot } from "../src/notion/snapshot-reader.ts";
import { fastClient } from "./helpers/crawl.ts";
import { type BackedUpWorkspace, backedUpWorkspace } from "./helpers/workspace-snapshot.ts";

type Json = Record<string, any>;

let b: BackedUpWorkspace;
let client: NotionClient;
let dir: string;
let journals = 0;

before(async () => {
  b = await backedUpWorkspace({ seed: 5, pages: 10, databases: 2, rowsPerDatabase: 4, mediaFiles: 4 });
  client = fastClient(b.emulator);
  dir = await mkdtemp(join(tmpdir(), "nvault-in-place-"));
});
after(async () => {
  await b.close();
  await rm(dir, { recursive: true, force: true });
});

function walk(nodes: BlockNode[], visit: (n: BlockNode) => void): void {
  for (const n of nodes) {
    visit(n);
    walk(n.children, visit);
  }
}

function typesOf(nodes: BlockNode[]): Set<string> {
  const types = new Set<string>();
  walk(nodes, (n) => types.add((n.block as Json).type));
  return types;
}

/** The page of the snapshot whose tree holds the most block types and meets `want`. */
async function pickPage(kind: "page" | "row", want: (types: Set<string>) => boolean): Promise<string> {
  let best: { id: string; n: number } | undefined;
  for (const id of b.reader.ids()) {
    if (b.reader.entry(id)?.type !== kind) continue;
    const types = typesOf(await b.reader.blocks(id));
    if (!want(types)) continue;
    if (!best || types.size > best.n) best = { id, n: types.size };
  }
  assert.ok(best, `no ${kind} fits`);
  return best.id;
}

const VOLATILE = new Set([
  "id",
  "created_time",
  "last_edited_time",
  "created_by",
  "last_edited_by",
  "parent",
  "has_children",
  "archived",
  "in_trash",
  "request_id",
]);

/** A block tree without ids, stamps and signed URLs; restored ids mapped back to the snapshot's. */
function normalise(value: unknown, back: Map<string, string>): unknown {
  if (typeof value === "string") return back.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => normalise(v, back));
  if (!value || typeof value !== "object") return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value as Json)) {
    if (VOLATILE.has(k)) continue;
    // The emulator answers `icon: null` on paragraphs made through the API, absent on generated ones.
    if (k === "icon" && v === null) continue;
    // Hosted files get new signed URLs; their bytes are compared apart.
    if (k === "file" && v && typeof v === "object" && "url" in v) {
      out[k] = "<hosted>";
      continue;
    }
    out[k] = normalise(v, back);
  }
  return out;
}

/** The snapshot's tree without the blocks the rollback reported as not restorable. */
function restorable(tree: BlockNode[], report: InPlaceReport): BlockNode[] {
  const lost = new Set(report.notRestored.map((n) => n.id));
  const keep = (nodes: BlockNode[]): BlockNode[] =>
    nodes.filter((n) => !lost.has(n.block.id)).map((n) => ({ ...n, children: keep(n.children) }));
  return keep(tree);
}

/** Restored block ids -> snapshot ids, from the journal. */
async function backMap(journalPath: string): Promise<Map<string, string>> {
  const j = await RestoreJournal.open(journalPath);
  const back = new Map<string, string>();
  // Every rollback generation's blocks ("block:<old>", "r2/block:<old>" ...).
  for (const [key, id] of j.entries()) {
    const m = /^(?:r\d+\/)?block:(.+)$/.exec(key);
    if (m) back.set(id, m[1]!);
  }
  await j.close();
  return back;
}

/** Sha-256 of every hosted file of a page's blocks, sorted. */
async function mediaHashes(reader: WorkspaceSnapshot, id: string): Promise<string[]> {
  return (await reader.files(id))
    .filter((f) => f.owner.object === "block" && f.source === "hosted")
    .map((f) => f.sha256)
    .sort();
}

function writable(properties: Json): Json {
  const out: Json = {};
  for (const [name, v] of Object.entries(properties)) {
    if (READ_ONLY_VALUES.has(v.type)) continue;
    const { id: _id, ...rest } = v;
    out[name] = normalise(rest, new Map());
  }
  return out;
}

async function rollBack(
  id: string,
  journalPath = join(dir, `j${++journals}.jsonl`),
  c = client,
  signal?: AbortSignal,
) {
  const journal = await RestoreJournal.open(journalPath);
  try {
    const report = await restoreInPlace(b.reader, {
      client: c,
      pageId: id,
      journal,
      ...(signal ? { signal } : {}),
    });
    return { report, journalPath };
  } finally {
    await journal.close();
  }
}

/** Backs the emulator up again and checks that the page equals the first snapshot's (modulo ids and stamps). */
async function assertLikeSnapshot(id: string, report: InPlaceReport, journalPath: string): Promise<number> {
  const { reader: now } = await b.backupAgain({ full: true });
  const before = await b.reader.page(id);
  const after = await now.page(id);
  assert.equal(after.id, id);
  assert.equal(after.in_trash, false);
  assert.deepEqual(writable(after.properties), writable(before.properties));
  assert.deepEqual(normalise(after.icon, new Map()), normalise(before.icon, new Map()));
  assert.deepEqual(normalise(after.cover, new Map()), normalise(before.cover, new Map()));
  const back = await backMap(journalPath);
  const want = normalise(restorable(await b.reader.blocks(id), report), back);
  const got = normalise(await now.blocks(id), back);
  assert.deepEqual(got, want);
  assert.deepEqual(await mediaHashes(now, id), await mediaHashes(b.reader, id));
  // Inline discussions are back on the recreated blocks, in order, with their authors' line.
  const forward = new Map([...back].map(([n, o]) => [o, n]));
  const was = await b.reader.comments(id);
  const is = await now.comments(id);
  let checked = 0;
  for (const [anchor, list] of Object.entries(was.blocks)) {
    const block = forward.get(anchor);
    if (!block) continue;
    const got = (is.blocks[block] ?? []).map(plain);
    assert.equal(got.length, list.length);
    for (const [i, c] of list.entries()) assert.ok(got[i]!.startsWith(`${plain(c)}\n— `), got[i]);
    checked += list.length;
  }
  return checked;
}

function plain(c: { rich_text: Array<{ plain_text: string }> }): string {
  return c.rich_text.map((r) => r.plain_text).join("");
}

function assertNoRefusals(): void {
  const refused = Object.entries(b.emulator.log.snapshot().statuses).filter(([s]) => s.startsWith("4"));
  assert.deepEqual(refused, [], b.emulator.log.format());
}

test("a trashed page comes back with its id, content, files and child pages; links to it still resolve", async () => {
  const id = await pickPage(
    "page",
    (t) => t.has("child_page") && t.has("image") && t.has("synced_block") && !t.has("child_database"),
  );
  // Something elsewhere links to the page.
  const home = b.reader.roots().find((r) => r !== id && b.reader.entry(r)?.type === "page")!;
  const link = await b.emulator.client.blocks.children.append({
    block_id: home,
    children: [{ type: "link_to_page", link_to_page: { type: "page_id", page_id: id } }],
  });
  await b.emulator.client.pages.update({ page_id: id, in_trash: true });
  assert.equal(b.ws.pages.get(id)!.in_trash, true);

  b.emulator.log.reset();
  const { report, journalPath } = await rollBack(id);
  assertNoRefusals();
  assert.equal(report.untrashed, true);
  assert.ok(report.blocksCreated > 0);
  assert.ok(report.filesUploaded > 0);
  assert.ok(report.childrenPlaced.length > 0);
  const inline = await assertLikeSnapshot(id, report, journalPath);
  assert.equal(report.comments, inline);

  const linkBlock = (await b.emulator.client.blocks.retrieve({ block_id: link.results[0]!.id })) as Json;
  assert.equal(linkBlock.link_to_page.page_id, id);
  const page = await b.emulator.client.pages.retrieve({ page_id: id });
  assert.equal((page as Json).in_trash, false);
});

test("an edited page (title, paragraphs, deleted and added blocks) is rolled back; dropped blocks are reported", async () => {
  const id = await pickPage("page", (t) => t.has("unsupported") || t.has("link_preview"));
  const c = b.emulator.client;
  await c.pages.update({
    page_id: id,
    properties: { title: { title: [{ text: { content: "Vandalised" } }] } },
  });
  const top = (await c.blocks.children.list({ block_id: id })).results as Json[];
  const paragraph = top.find((x) => x.type === "paragraph");
  if (paragraph) {
    await c.blocks.update({
      block_id: paragraph.id,
      paragraph: { rich_text: [{ text: { content: "overwritten" } }] },
    });
  }
  const victims = top.filter(
    (x) => x.type !== "child_page" && x.type !== "child_database" && x !== paragraph,
  );
  for (const v of victims.slice(0, 3)) await c.blocks.delete({ block_id: v.id });
  await c.blocks.children.append({
    block_id: id,
    children: [{ paragraph: { rich_text: [{ text: { content: "spam" } }] } }],
  });

  b.emulator.log.reset();
  const { report, journalPath } = await rollBack(id);
  assertNoRefusals();
  assert.equal(report.untrashed, false);
  assert.ok(report.blocksDeleted > 0);
  assert.ok(
    report.notRestored.some((n) => /unsupported|link_preview/.test(n.reason)),
    JSON.stringify(report.notRestored),
  );
  await assertLikeSnapshot(id, report, journalPath);
});

test("an edited database row gets its property values back", async () => {
  const id = await pickPage("row", (t) => t.size > 0);
  const before = await b.reader.page(id);
  const c = b.emulator.client;
  const edits: Json = {};
  for (const [name, v] of Object.entries(before.properties as Json)) {
    if (v.type === "title") edits[name] = { title: [{ text: { content: "changed" } }] };
    if (v.type === "checkbox") edits[name] = { checkbox: !v.checkbox };
    if (v.type === "number") edits[name] = { number: (v.number ?? 0) + 1 };
    if (v.type === "rich_text") edits[name] = { rich_text: [{ text: { content: "changed" } }] };
    if (v.type === "multi_select") edits[name] = { multi_select: [] };
  }
  assert.ok(Object.keys(edits).length >= 2);
  await c.pages.update({ page_id: id, properties: edits });
  const first = ((await c.blocks.children.list({ block_id: id })).results as Json[])[0]!;
  await c.blocks.delete({ block_id: first.id });

  b.emulator.log.reset();
  const { report, journalPath } = await rollBack(id);
  assertNoRefusals();
  for (const name of Object.keys(edits)) assert.ok(report.properties.includes(name), name);
  await assertLikeSnapshot(id, report, journalPath);
});

test("a rollback stopped half way and run again ends like an uninterrupted one; a later run rolls back again", async () => {
  const id = await pickPage("page", (t) => t.has("table") && t.has("toggle") && !t.has("child_database"));
  await b.emulator.client.pages.update({ page_id: id, in_trash: true });
  const journalPath = join(dir, "stopped.jsonl");
  // Stop as the second append is about to go: the old blocks are gone, part of the tree is back.
  const stop = new AbortController();
  let appends = 0;
  const stopping: NotionClient = {
    ...client,
    call: (name, args, opts) => {
      if (name === "blocks.children.append" && ++appends === 2) stop.abort(new Error("stopped by the test"));
      return client.call(name, args, opts);
    },
    stats: () => client.stats(),
  };
  b.emulator.log.reset();
  await assert.rejects(rollBack(id, journalPath, stopping, stop.signal));
  assert.equal(b.emulator.log.count("blocks.children.append"), 1);
  assert.ok(b.emulator.log.count("blocks.delete") > 0);
  b.emulator.log.reset();
  const { report } = await rollBack(id, journalPath);
  assertNoRefusals();
  assert.equal(b.emulator.log.count("blocks.delete"), 0, "what the first run appended is not deleted");
  await assertLikeSnapshot(id, report, journalPath);
  // Run again once done, it is a new rollback (the page may have changed since): the blocks the
  // last one made are replaced, and the page ends the same, nothing doubled.
  const top = ((await b.emulator.client.blocks.children.list({ block_id: id })).results as Json[]).filter(
    (x) => x.type !== "child_page" && x.type !== "child_database",
  );
  b.emulator.log.reset();
  const again = await rollBack(id, journalPath);
  assertNoRefusals();
  assert.equal(again.report.blocksDeleted, top.length);
  await assertLikeSnapshot(id, again.report, journalPath);
});

test("a rollback through a 5xx storm and lost answers ends like a calm one, nothing twice", async () => {
  let id: string | undefined;
  for (const candidate of b.reader.ids()) {
    if (b.reader.entry(candidate)?.type !== "page") continue;
    const inline = Object.keys((await b.reader.comments(candidate)).blocks).length;
    if (inline > 0 && !typesOf(await b.reader.blocks(candidate)).has("child_database")) id = candidate;
  }
  assert.ok(id, "a page with inline comments");
  await b.emulator.client.pages.update({ page_id: id, in_trash: true });
  const emulator = b.emulator.emulator;
  // Writes whose answers are lost after Notion applied them, then random 5xx and drops everywhere.
  emulator.faults.injectNext("blocks.children.append", 1, "drop-after");
  emulator.faults.injectNext("comments.create", 1, "drop-after");
  emulator.options.faults = { seed: 42, errorRate: 0.12, dropRate: 0.03, statuses: [500, 502, 503, 529] };
  let result: Awaited<ReturnType<typeof rollBack>>;
  b.emulator.log.reset();
  try {
    result = await rollBack(id);
  } finally {
    emulator.options.faults = undefined;
    emulator.faults.clear();
  }
  const statuses = b.emulator.log.snapshot().statuses;
  const failed = Object.entries(statuses).filter(([s]) => s.startsWith("5") || s === "dropped");
  assert.ok(failed.reduce((n, [, c]) => n + c, 0) >= 5, JSON.stringify(statuses));
  const inline = await assertLikeSnapshot(id, result.report, result.journalPath);
  assert.ok(inline > 0);
  assert.equal(result.report.comments, inline);
});

test("the command's library function rolls a page back by SNAPSHOT:NOTION_ID and prints what it did", async () => {
  const { runNotionRestore, formatNotionRestore } = await import("../src/cli/restore-notion.ts");
  const id = await pickPage("page", (t) => t.has("paragraph") && !t.has("child_database"));
  await b.emulator.client.pages.update({ page_id: id, in_trash: true });
  const journal = join(dir, "cli.jsonl");
  const result = await runNotionRestore(b.repo, `${b.reader.snapshot.id}:${id}`, {
    inPlace: true,
    client,
    journal,
  });
  assert.equal(result.mode, "in-place");
  assert.equal(b.ws.pages.get(id)!.in_trash, false);
  const text = formatNotionRestore(result);
  assert.match(text, new RegExp(`rolled back page ${id}.*taken out of the trash`));
  assert.ok(!text.includes(b.emulator.token), "no token in the output");
});
