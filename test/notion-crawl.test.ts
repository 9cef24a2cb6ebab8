// End to end: crawlWorkspace against the emulator, compared object by object with the emulator's state.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, test } from "node:test";
import { generateWorkspace } from "../emulator/generator/index.ts";
import { setQueryResultLimit } from "../emulator/query/run-query.ts";
import type { NotionObject, Workspace } from "../emulator/workspace.ts";
import type { NotionClient } from "../src/notion/client.ts";
import type { PreviousPage } from "../src/notion/crawl/crawler.ts";
import type {
  BlocksRecord,
  CommentsRecord,
  FileRecord,
  NotionRecord,
  PageRecord,
  UserRecord,
} from "../src/notion/model.ts";
import {
  type CrawlResult,
  canonical,
  expectedTree,
  fastClient,
  integrationOf,
  runCrawl,
  signCommentAttachments,
  templateIds,
  treeShape,
  visibleLive,
} from "./helpers/crawl.ts";
import { startEmulator, type TestEmulator } from "./helpers/emulator.ts";

const open: TestEmulator[] = [];
after(async () => {
  await Promise.all(open.map((t) => t.close()));
});

async function emulator(ws: Workspace, opts: Parameters<typeof startEmulator>[0] = {}) {
  const t = await startEmulator({ ...opts, workspace: signCommentAttachments(ws) });
  open.push(t);
  return t;
}

function of<K extends NotionRecord["kind"]>(records: NotionRecord[], kind: K) {
  return records.filter((r): r is Extract<NotionRecord, { kind: K }> => r.kind === kind);
}

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const sorted = (xs: Iterable<string>) => [...xs].sort();

/** The file id inside an emulator-signed URL. */
function fileIdOf(url: string): string {
  return new URL(url).pathname.split("/")[2] ?? "";
}

/** Every hosted file id the integration can reach (visible live objects, open comments). */
function reachableFileIds(ws: Workspace): Set<string> {
  const ids = new Set<string>();
  const collect = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(collect);
    if (!value || typeof value !== "object") return;
    const node = value as NotionObject;
    if (typeof node.file?.file_id === "string") ids.add(node.file.file_id);
    Object.values(node).forEach(collect);
  };
  const blockLive = (b: NotionObject) => {
    for (let cur: NotionObject | undefined = b; cur; cur = ws.blocks.get(cur.parent?.block_id)) {
      if (cur.in_trash === true) return false;
    }
    return true;
  };
  for (const p of ws.pages.values()) if (visibleLive(ws, p)) collect(p);
  for (const b of ws.blocks.values()) if (visibleLive(ws, b) && blockLive(b)) collect(b);
  for (const d of [...ws.databases.values(), ...ws.dataSources.values()]) if (visibleLive(ws, d)) collect(d);
  for (const c of ws.comments.values()) if (c.resolved !== true && ws.isVisible(c.id, integrationOf(ws))) collect(c);
  return ids;
}

// One generated workspace with every kind of object, crawled once and checked from many angles.
let t: TestEmulator;
let ws: Workspace;
let full: CrawlResult;
let client: NotionClient;

before(async () => {
  ws = generateWorkspace({ seed: 5, pages: 14, rowsPerDatabase: 40, commentsPerPage: 2 });
  // Well below the rows of a data source, so reading them all needs several created_time windows.
  setQueryResultLimit(ws, 7);
  t = await emulator(ws);
  client = fastClient(t);
  full = await runCrawl(client);
});

test("every visible page, row and template is captured once, in its role", () => {
  const templates = templateIds(ws);
  const want = { page: [] as string[], row: [] as string[], template: [] as string[] };
  for (const p of ws.pages.values()) {
    if (!visibleLive(ws, p)) continue;
    const role = templates.has(p.id) ? "template" : p.parent?.type === "data_source_id" ? "row" : "page";
    want[role].push(p.id);
  }
  const pages = of(full.records, "page");
  for (const role of ["page", "row", "template"] as const) {
    assert.deepEqual(sorted(pages.filter((p) => p.role === role).map((p) => p.id)), sorted(want[role]), role);
  }
  assert.equal(full.report.counts.row, want.row.length);
  // Rows of each data source exceed the lowered query cap of 7.
  const perSource = new Map<string, number>();
  for (const id of want.row) {
    const ds = ws.pages.get(id)!.parent.data_source_id;
    perSource.set(ds, (perSource.get(ds) ?? 0) + 1);
  }
  assert.ok([...perSource.values()].some((n) => n > 7 * 2));
  assert.ok(!full.report.warnings.some((w) => w.code === "rows_incomplete"));
});

test("every property value is complete: relations past 25 targets, people, mentions in text", () => {
  let longRelations = 0;
  let longMentions = 0;
  for (const rec of of(full.records, "page")) {
    const stored = ws.pages.get(rec.id)!;
    for (const [name, prop] of Object.entries(rec.page.properties) as Array<[string, NotionObject]>) {
      const want = stored.properties[name];
      if (["relation", "people", "title", "rich_text"].includes(prop.type)) {
        assert.deepEqual(prop[prop.type], want[want.type], `${rec.id} ${name}`);
      }
      if (prop.type === "relation") {
        assert.equal(prop.has_more, false);
        if (prop.relation.length > 25) longRelations++;
      }
      if (prop.type === "rich_text" && prop.rich_text.filter((r: NotionObject) => r.type === "mention").length > 25)
        longMentions++;
    }
  }
  assert.ok(longRelations > 0, "the workspace holds relations of more than 25 targets");
  assert.ok(longMentions > 0, "the workspace holds texts of more than 25 mentions");
  assert.ok((full.report.counts.page ?? 0) > 0);
});

test("every page's block tree is captured in order at every depth, synced references left to their original", () => {
  const trees = new Map(of(full.records, "blocks").map((r) => [r.pageId, r]));
  const pages = of(full.records, "page");
  assert.equal(trees.size, pages.length);
  for (const p of pages) {
    const rec = trees.get(p.id) as BlocksRecord;
    assert.deepEqual(treeShape(rec.blocks), expectedTree(ws, p.id), `blocks of ${p.id}`);
  }
  const all = [...trees.values()].flatMap((r) => flatten(r.blocks));
  const refs = all.filter((n) => n.syncedOriginalId);
  assert.ok(refs.length > 0, "the workspace holds synced references");
  const ids = new Set(all.map((n) => n.block.id));
  for (const r of refs) assert.ok(ids.has(r.syncedOriginalId!), "each original is captured in its own page");
  const unsupported = all.filter((n) => "type" in n.block && n.block.type === "unsupported").length;
  assert.ok(unsupported > 0);
  assert.equal(
    Object.values(full.report.unsupportedBlocks).reduce((a, b) => a + b, 0),
    unsupported,
  );
  assert.ok(full.report.warnings.some((w) => w.code === "unsupported_block"));
});

function flatten(nodes: BlocksRecord["blocks"]): BlocksRecord["blocks"] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

test("databases, data sources, templates and views match the emulator", () => {
  const visibleIds = (m: Map<string, NotionObject>) =>
    sorted([...m.values()].filter((o) => visibleLive(ws, o)).map((o) => o.id));
  assert.deepEqual(sorted(of(full.records, "database").map((r) => r.id)), visibleIds(ws.databases));
  assert.deepEqual(sorted(of(full.records, "data_source").map((r) => r.id)), visibleIds(ws.dataSources));
  for (const r of of(full.records, "data_source")) {
    assert.deepEqual(r.dataSource.properties, ws.dataSources.get(r.id)!.properties);
  }
  assert.deepEqual(sorted(of(full.records, "template").map((r) => r.id)), sorted(templateIds(ws)));
  assert.ok(ws.views.size > 0);
  assert.deepEqual(sorted(of(full.records, "view").map((r) => r.id)), sorted(ws.views.keys()));
});

test("open comments, page-level and inline, are captured; resolved ones never are", () => {
  const got = of(full.records, "comments") as CommentsRecord[];
  const ids = sorted(got.flatMap((r) => r.comments.map((c) => c.id)));
  const want = [...ws.comments.values()].filter((c) => c.resolved !== true && ws.isVisible(c.id, integrationOf(ws)));
  assert.deepEqual(ids, sorted(want.map((c) => c.id)));
  assert.ok(got.some((r) => r.parentType === "page") && got.some((r) => r.parentType === "block"));
  assert.ok([...ws.comments.values()].some((c) => c.resolved === true));
  for (const r of got) for (const c of r.comments) assert.equal((c.parent as NotionObject)[`${r.parentType}_id`], r.parentId);
});

test("every user is captured: the listed ones and those only referenced", () => {
  const users = of(full.records, "user") as UserRecord[];
  assert.deepEqual(sorted(new Set(users.map((u) => u.id))), sorted(ws.users.keys()));
});

test("hosted media are downloaded with the emulator's bytes, each content once; external links are not", () => {
  const files = of(full.records, "file") as FileRecord[];
  for (const f of files) {
    assert.equal(f.source, "hosted");
    const stored = ws.files.get(fileIdOf(f.url))!;
    assert.equal(f.sha256, sha256(stored.bytes));
    if (f.bytes) assert.equal(sha256(f.bytes), f.sha256);
  }
  assert.deepEqual(sorted(new Set(files.map((f) => fileIdOf(f.url)))), sorted(reachableFileIds(ws)));
  const withBytes = files.filter((f) => f.bytes);
  assert.equal(new Set(withBytes.map((f) => f.sha256)).size, withBytes.length, "each content carried once");
  assert.deepEqual(sorted(withBytes.map((f) => f.sha256)), sorted(new Set(files.map((f) => f.sha256))));
  assert.ok(files.some((f) => f.owner.object === "comment"), "comment attachments");
  assert.ok(files.some((f) => f.owner.object === "page"), "covers, icons or files properties");
  assert.ok(full.report.externalFiles > 0);
  assert.equal(full.report.downloadedFiles, withBytes.length);
});

test("requests: block children listed once per block with children, nothing fetched twice", () => {
  const stats = client.stats();
  const withChildren = of(full.records, "blocks").reduce(
    (n, r) => n + 1 + flatten(r.blocks).filter((b) => b.children.length > 0).length,
    0,
  );
  assert.equal(stats.requests["blocks.children.list"], withChildren);
  assert.equal(stats.requests["pages.retrieve"], of(full.records, "page").filter((p) => p.role !== "row").length);
  assert.deepEqual(stats.requests, t.log.snapshot().endpoints);
});

test("with faults injected (5xx, 429, dropped connections) the records equal a clean run's", async () => {
  const small = () => generateWorkspace({ seed: 9, pages: 6, rowsPerDatabase: 12, commentsPerPage: 1, mediaFiles: 4 });
  const clean = await runCrawl(fastClient(await emulator(small())));
  const faulty = await emulator(small(), {
    faults: { seed: 3, errorRate: 0.08, statuses: [500, 502, 503], dropRate: 0.04 },
  });
  faulty.emulator.faults.injectNext("blocks.children.list", 2, 429);
  faulty.emulator.faults.injectNext("files.download", 2, 503);
  const rough = await runCrawl(fastClient(faulty));
  assert.ok(faulty.log.snapshot().total > clean.records.length);
  assert.ok(Object.keys(faulty.log.snapshot().statuses).some((s) => s !== "200"), "faults were played");
  assert.deepEqual(canonical(rough.records), canonical(clean.records));
});

test("expired file URLs are refreshed by re-reading their owner, then downloaded", async () => {
  const e = await emulator(generateWorkspace({ seed: 11, pages: 5, mediaFiles: 6 }));
  const inner = fastClient(e);
  let jumped = false;
  // Time passes (two hours) right before the first download: every URL minted so far is expired.
  const slow: NotionClient = {
    ...inner,
    call: inner.call.bind(inner),
    stats: inner.stats.bind(inner),
    downloadFile(url, opts) {
      if (!jumped) {
        jumped = true;
        const skew = 2 * 3_600_000;
        e.ws.now = () => new Date(Date.now() + skew);
      }
      return inner.downloadFile(url, opts);
    },
  };
  const res = await runCrawl(slow);
  assert.ok(res.report.refreshedFileUrls > 0);
  assert.ok(e.log.count("files.download", 403) > 0);
  assert.ok(!res.report.warnings.some((w) => w.code === "download_failed"));
  const files = of(res.records, "file") as FileRecord[];
  assert.deepEqual(sorted(new Set(files.map((f) => fileIdOf(f.url)))), sorted(reachableFileIds(e.ws)));
  for (const f of files) assert.equal(f.sha256, sha256(e.ws.files.get(fileIdOf(f.url))!.bytes));
});

test("a shared page under an unshared parent is reported and captured as a root, not fatal", async () => {
  const w = generateWorkspace({ seed: 2, pages: 40, shared: "some" });
  const integration = integrationOf(w);
  const hiddenRoot = [...w.pages.values()].find(
    (p) => p.parent?.type === "workspace" && !integration.shared.has(p.id),
  )!;
  const child = [...w.pages.values()].find((p) => p.parent?.page_id === hiddenRoot.id)!;
  assert.ok(child, "the unshared root has a child page");
  integration.shared.add(child.id);
  const e = await emulator(w);
  const res = await runCrawl(fastClient(e), { comments: "pages" });
  const warning = res.report.warnings.find((x) => x.code === "parent_not_shared" && x.id === child.id);
  assert.ok(warning, "the unshared parent is reported");
  const ids = new Set(of(res.records, "page").map((p) => p.id));
  assert.ok(ids.has(child.id));
  assert.ok(!ids.has(hiddenRoot.id));
  const visible = [...w.pages.values()].filter((p) => visibleLive(w, p)).map((p) => p.id);
  assert.deepEqual(sorted(ids), sorted(visible));
});

test("an unchanged page's block tree is not listed again when `previous` knows it", async () => {
  const w = generateWorkspace({ seed: 4, pages: 8, rowsPerDatabase: 6 });
  const e = await emulator(w);
  const first = await runCrawl(fastClient(e), { comments: "none" });
  const known = new Map<string, { last_edited_time: string; previous: PreviousPage }>();
  const pages = of(first.records, "page") as PageRecord[];
  for (const rec of of(first.records, "blocks")) {
    const nodes = flatten(rec.blocks);
    const typed = (type: string) => nodes.filter((n) => "type" in n.block && n.block.type === type).map((n) => n.block.id);
    known.set(rec.pageId, {
      last_edited_time: pages.find((p) => p.id === rec.pageId)!.page.last_edited_time,
      previous: { childPages: typed("child_page"), childDatabases: typed("child_database") },
    });
  }
  // One page changes: only its tree is listed again.
  const changed = pages.find((p) => p.role === "page")!;
  w.pages.get(changed.id)!.last_edited_time = "2026-06-01T10:00:00.000Z";
  e.log.reset();
  const second = await runCrawl(fastClient(e), {
    comments: "none",
    previous: ({ id, last_edited_time }) => {
      const k = known.get(id);
      return k && k.last_edited_time === last_edited_time ? k.previous : undefined;
    },
  });
  const listed = of(second.records, "blocks");
  assert.deepEqual(listed.map((r) => r.pageId), [changed.id]);
  assert.equal(e.log.count("blocks.children.list"), expectedListCalls(listed[0]!));
  assert.equal(second.report.reusedPages, pages.length - 1);
  assert.deepEqual(sorted(of(second.records, "page").map((p) => p.id)), sorted(pages.map((p) => p.id)));
});

function expectedListCalls(rec: BlocksRecord): number {
  return 1 + flatten(rec.blocks).filter((n) => n.children.length > 0).length;
}
