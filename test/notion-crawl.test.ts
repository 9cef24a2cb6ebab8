// End to end: crawlWorkspace against the emulator, compared object by object with the emulator's state.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { generateWorkspace } from "../emulator/generator/index.ts";
import { setQueryResultLimit } from "../emulator/query/run-query.ts";
import { type NotionObject, Workspace } from "../emulator/workspace.ts";
import { createNotionClient, type NotionClient } from "../src/notion/client.ts";
import { crawlWorkspace, type PreviousPage } from "../src/notion/crawl/crawler.ts";
import { isNotionApiError } from "../src/notion/errors.ts";
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
  templateIds,
  treeShape,
  visibleLive,
} from "./helpers/crawl.ts";
import { defaultWorkspaceData, HOME_PAGE_ID, startEmulator, type TestEmulator } from "./helpers/emulator.ts";

const open: TestEmulator[] = [];
after(async () => {
  await Promise.all(open.map((t) => t.close()));
});

async function emulator(ws: Workspace, opts: Parameters<typeof startEmulator>[0] = {}) {
  const t = await startEmulator({ ...opts, workspace: ws });
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
  for (const c of ws.comments.values())
    if (c.resolved !== true && ws.isVisible(c.id, integrationOf(ws))) collect(c);
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
      if (prop.type === "rollup" && prop.rollup.type === "array") {
        assert.deepEqual(prop.rollup.array, want.rollup.array, `${rec.id} ${name}`);
      }
      if (prop.type === "relation") {
        assert.equal(prop.has_more, false);
        if (prop.relation.length > 25) longRelations++;
      }
      if (
        prop.type === "rich_text" &&
        prop.rich_text.filter((r: NotionObject) => r.type === "mention").length > 25
      )
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
  const want = [...ws.comments.values()].filter(
    (c) => c.resolved !== true && ws.isVisible(c.id, integrationOf(ws)),
  );
  assert.deepEqual(ids, sorted(want.map((c) => c.id)));
  assert.ok(got.some((r) => r.parentType === "page") && got.some((r) => r.parentType === "block"));
  assert.ok([...ws.comments.values()].some((c) => c.resolved === true));
  for (const r of got)
    for (const c of r.comments) assert.equal((c.parent as NotionObject)[`${r.parentType}_id`], r.parentId);
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
    // Small files travel in memory; only large ones are streamed from a temp file.
    if (f.bytes) assert.equal(sha256(f.bytes as Uint8Array), f.sha256);
  }
  assert.deepEqual(sorted(new Set(files.map((f) => fileIdOf(f.url)))), sorted(reachableFileIds(ws)));
  const withBytes = files.filter((f) => f.bytes);
  assert.equal(new Set(withBytes.map((f) => f.sha256)).size, withBytes.length, "each content carried once");
  assert.deepEqual(sorted(withBytes.map((f) => f.sha256)), sorted(new Set(files.map((f) => f.sha256))));
  assert.ok(
    files.some((f) => f.owner.object === "comment"),
    "comment attachments",
  );
  assert.ok(
    files.some((f) => f.owner.object === "page"),
    "covers, icons or files properties",
  );
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
  // Regular pages arrive whole in search results and rows in query results: only templates are retrieved.
  assert.equal(
    stats.requests["pages.retrieve"],
    of(full.records, "page").filter((p) => p.role === "template").length,
  );
  assert.deepEqual(stats.requests, t.log.snapshot().endpoints);
});

test("with faults injected (5xx, 429, dropped connections) the records equal a clean run's", async () => {
  const small = () =>
    generateWorkspace({ seed: 9, pages: 6, rowsPerDatabase: 12, commentsPerPage: 1, mediaFiles: 4 });
  const clean = await runCrawl(fastClient(await emulator(small())));
  const faulty = await emulator(small(), {
    faults: { seed: 3, errorRate: 0.08, statuses: [500, 502, 503], dropRate: 0.04 },
  });
  faulty.emulator.faults.injectNext("blocks.children.list", 2, 429);
  faulty.emulator.faults.injectNext("files.download", 2, 503);
  const rough = await runCrawl(fastClient(faulty));
  assert.ok(faulty.log.snapshot().total > clean.records.length);
  assert.ok(
    Object.keys(faulty.log.snapshot().statuses).some((s) => s !== "200"),
    "faults were played",
  );
  assert.deepEqual(canonical(rough.records), canonical(clean.records));
});

test("expired file URLs are refreshed by re-reading their owner, then downloaded", async () => {
  const e = await emulator(generateWorkspace({ seed: 11, pages: 5, mediaFiles: 6 }));
  const inner = fastClient(e);
  let jumped = false;
  // Time passes (two hours) right before the first download: every URL minted so far is expired.
  const slow: NotionClient = {
    ...inner,
    // Downloads go through downloadFile below (the crawl's fallback when a client cannot spool).
    downloadFileToSpool: undefined,
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
  // Synced references whose original sits on an unshared page: the content is read once through them.
  const hiddenOriginals = [...w.blocks.values()]
    .map((b) => ({ ref: b.id, from: b.synced_block?.synced_from?.block_id as string | undefined }))
    .filter((x) => x.from && w.isVisible(x.ref, integration) && !w.isVisible(x.from, integration));
  assert.ok(hiddenOriginals.length > 0, "the workspace has a reference to an unshared original");
  const synced = new Map(of(res.records, "synced-content").map((r) => [r.originalId, r]));
  for (const { from } of hiddenOriginals) {
    const rec = synced.get(from!);
    assert.ok(rec, `content of original ${from}`);
    assert.deepEqual(treeShape(rec.blocks), expectedTree(w, from!));
  }
});

test("external files stay links by default, and a loopback one is refused even with externalFiles on", async () => {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.end("secret from the internal network");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  after(() => server.close());
  const port = (server.address() as AddressInfo).port;
  const data = defaultWorkspaceData();
  const block = (id: string, url: string) => ({
    object: "block",
    id,
    parent: { type: "page_id", page_id: HOME_PAGE_ID },
    created_time: "2026-01-01T00:00:00.000Z",
    last_edited_time: "2026-01-01T00:00:00.000Z",
    type: "image",
    image: { caption: [], type: "external", external: { url } },
  });
  data.blocks = [
    block("33333333-3333-4333-8333-333333333331", `http://127.0.0.1:${port}/internal.png`),
    block("33333333-3333-4333-8333-333333333332", `http://localhost:${port}/internal.png`),
  ];
  const e = await emulator(Workspace.fromData(data));
  const plain = await runCrawl(fastClient(e));
  assert.equal(plain.report.externalFiles, 2);
  assert.equal(of(plain.records, "file").length, 0);
  const eager = await runCrawl(fastClient(e), { externalFiles: true });
  assert.equal(of(eager.records, "file").length, 0);
  const refused = eager.report.warnings.filter((w) => w.code === "external_refused");
  assert.deepEqual(sorted(refused.map((w) => w.id!)), sorted(data.blocks.map((b) => b.id as string)));
  assert.equal(hits, 0, "nothing reached the internal server");
  // The links themselves are kept in the blocks as returned.
  const tree = of(eager.records, "blocks")[0]!;
  assert.deepEqual(
    tree.blocks.map((n) => (n.block as NotionObject).image.external.url),
    data.blocks.map((b) => b.image.external.url),
  );
});

test("a user referenced but not listed is retrieved; one that cannot be read is reported", async () => {
  const data = defaultWorkspaceData();
  const ghost = "44444444-4444-4444-8444-444444444444";
  data.pages![0]!.last_edited_by = { object: "user", id: ghost };
  const e = await emulator(Workspace.fromData(data));
  const res = await runCrawl(fastClient(e));
  assert.equal(e.log.count("users.retrieve"), 1);
  assert.ok(res.report.warnings.some((w) => w.code === "user_unavailable" && w.id === ghost));
  assert.deepEqual(sorted(of(res.records, "user").map((u) => u.id)), sorted(e.ws.users.keys()));
});

test("an unchanged page's block tree is not listed again when `previous` knows it", async () => {
  const w = generateWorkspace({ seed: 4, pages: 8, rowsPerDatabase: 6 });
  const e = await emulator(w);
  const first = await runCrawl(fastClient(e), { comments: "none" });
  const known = new Map<string, { last_edited_time: string; previous: PreviousPage }>();
  const pages = of(first.records, "page") as PageRecord[];
  for (const rec of of(first.records, "blocks")) {
    const nodes = flatten(rec.blocks);
    const typed = (type: string) =>
      nodes.filter((n) => "type" in n.block && n.block.type === type).map((n) => n.block.id);
    known.set(rec.pageId, {
      last_edited_time: pages.find((p) => p.id === rec.pageId)!.page.last_edited_time,
      previous: { childPages: typed("child_page"), childDatabases: typed("child_database") },
    });
  }
  // One page changes: only its tree is listed again.
  const changed = pages.find((p) => p.role === "page")!;
  w.pages.get(changed.id)!.last_edited_time = "2026-06-01T10:00:00.000Z";
  // Another page goes to the trash without its parent's stamp moving: the parent's stale child list
  // still names it, and it must not come back.
  const trashed = pages.find(
    (p) =>
      p.role === "page" &&
      p.id !== changed.id &&
      p.page.parent.type === "page_id" &&
      p.page.parent.page_id !== changed.id &&
      known.get(p.id)!.previous.childPages.length === 0 &&
      known.get(p.id)!.previous.childDatabases.length === 0,
  )!;
  w.pages.get(trashed.id)!.in_trash = true;
  e.log.reset();
  const second = await runCrawl(fastClient(e), {
    comments: "none",
    previous: ({ id, last_edited_time }) => {
      const k = known.get(id);
      return k && k.last_edited_time === last_edited_time ? k.previous : undefined;
    },
  });
  const listed = of(second.records, "blocks");
  assert.deepEqual(
    listed.map((r) => r.pageId),
    [changed.id],
  );
  assert.equal(e.log.count("blocks.children.list"), expectedListCalls(listed[0]!));
  assert.equal(second.report.reusedPages, pages.length - 2);
  assert.deepEqual(
    sorted(of(second.records, "page").map((p) => p.id)),
    sorted(pages.filter((p) => p.id !== trashed.id).map((p) => p.id)),
  );
});

function expectedListCalls(rec: BlocksRecord): number {
  return 1 + flatten(rec.blocks).filter((n) => n.children.length > 0).length;
}

test("a page search shows but no shared root leads to is reported and still captured", async () => {
  const data = defaultWorkspaceData();
  const home = data.pages![0]!;
  // A page under Home whose child_page block is missing: the walk cannot reach it, search can.
  const orphan = {
    ...structuredClone(home),
    id: "88888888-8888-4888-8888-888888888888",
    parent: { type: "page_id", page_id: HOME_PAGE_ID },
  };
  data.pages!.push(orphan);
  const e = await emulator(Workspace.fromData(data));
  const res = await runCrawl(fastClient(e));
  assert.ok(res.report.warnings.some((w) => w.code === "search_only" && w.id === orphan.id));
  assert.deepEqual(sorted(of(res.records, "page").map((p) => p.id)), sorted([HOME_PAGE_ID, orphan.id]));
});

test("crawling overlaps search: a database's rows are read while search still lists pages", async () => {
  const w = generateWorkspace({ seed: 21, pages: 4, databases: 1, rowsPerDatabase: 1000 });
  // Search answers the most recently edited first: rows first, the pages leading to the database
  // last. A crawl that only walked from what search had shown would find the rows after search.
  for (const p of w.pages.values()) {
    if (p.parent?.type !== "data_source_id") p.last_edited_time = "2020-01-01T00:00:00.000Z";
  }
  for (const o of [...w.databases.values(), ...w.dataSources.values()]) {
    o.last_edited_time = "2020-01-01T00:00:00.000Z";
  }
  const e = await emulator(w);
  e.log.trace();
  const res = await runCrawl(fastClient(e), { comments: "none" });
  const order = e.log.sequence();
  const lastSearch = order.lastIndexOf("search");
  assert.ok(order.filter((x) => x === "search").length >= 10, "search takes several pages");
  const before = order.slice(0, lastSearch);
  assert.ok(before.includes("dataSources.query"), "rows are queried before search ends");
  assert.ok(before.includes("blocks.children.list"), "rows' blocks are read before search ends");
  // Overlapping changes nothing in what is captured, nor in the walk-versus-search comparison.
  const visible = [...w.pages.values()].filter((p) => visibleLive(w, p)).map((p) => p.id);
  assert.deepEqual(sorted(of(res.records, "page").map((p) => p.id)), sorted(visible));
  assert.deepEqual(
    res.report.warnings.filter((x) => ["search_only", "walk_only", "parent_not_shared"].includes(x.code)),
    [],
  );
});

test("a rejected token fails the crawl with Notion's error; leaving the loop early stops it", async () => {
  const e = await emulator(generateWorkspace({ seed: 6, pages: 10 }));
  const wrong = createNotionClient({ token: "ntn_wrong_token", baseUrl: e.url, ratePerSecond: 1000 });
  await assert.rejects(runCrawl(wrong), (err) => isNotionApiError(err, "unauthorized"));
  let seen = 0;
  for await (const _ of crawlWorkspace(fastClient(e))) {
    if (++seen === 3) break;
  }
  const settled = e.log.snapshot().total;
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(e.log.snapshot().total, settled, "no request after the consumer left");
});

test("the crawl keeps as many requests in flight as the client allows", async () => {
  const e = await emulator(generateWorkspace({ seed: 8, pages: 20 }), { faults: { delayMs: 15 } });
  // A pass-through proxy in front of the emulator counts requests open at once.
  let inFlight = 0;
  let peak = 0;
  const target = new URL(e.url);
  const proxy = createServer((req, res) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    const upstream = request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on("end", () => inFlight--);
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  after(() => proxy.close());
  const port = (proxy.address() as AddressInfo).port;
  const client = createNotionClient({
    token: e.token,
    baseUrl: `http://127.0.0.1:${port}`,
    ratePerSecond: 10_000,
    burst: 100,
    concurrency: 12,
  });
  const res = await runCrawl(client, { comments: "pages" });
  assert.ok((res.report.counts.page ?? 0) === 20);
  assert.equal(peak, 12, "the crawl fills every slot the client offers, and no more");
});
