// End to end: the Notion gateway against the emulator over loopback HTTP: budget, retries, errors, downloads, counts.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { inspect } from "node:util";
import { generateWorkspace } from "../emulator/generator/index.ts";
import { type ClientEvent, createNotionClient, type NotionClient } from "../src/notion/client.ts";
import { isNotionApiError, type NotionApiError } from "../src/notion/errors.ts";
import { defaultWorkspaceData, HOME_PAGE_ID, startEmulator, type TestEmulator } from "./helpers/emulator.ts";

const open: TestEmulator[] = [];
after(async () => {
  await Promise.all(open.map((t) => t.close()));
});

async function emulator(opts: Parameters<typeof startEmulator>[0] = {}): Promise<TestEmulator> {
  const t = await startEmulator(opts);
  open.push(t);
  return t;
}

// Quick backoff so fault tests spend their time on Retry-After, not on our own jitter.
const FAST = { backoff: { baseDelayMs: 5, maxDelayMs: 40 } };

function fastClient(t: TestEmulator, extra: Partial<Parameters<typeof createNotionClient>[0]> = {}) {
  return createNotionClient({
    token: t.token,
    baseUrl: t.url,
    ratePerSecond: 1000,
    burst: 50,
    ...FAST,
    ...extra,
  });
}

/** Every request the client counted reached the emulator, endpoint by endpoint. */
function assertCountsMatch(client: NotionClient, t: TestEmulator): void {
  assert.deepEqual(client.stats().requests, t.log.snapshot().endpoints);
}

async function rejection(p: Promise<unknown>): Promise<NotionApiError> {
  try {
    await p;
  } catch (err) {
    assert.ok(isNotionApiError(err), `expected a NotionApiError, got ${inspect(err)}`);
    return err;
  }
  assert.fail("expected the call to fail");
}

test("at the emulator's own rate, 50 concurrent calls succeed without a single 429", async () => {
  const t = await emulator({ rateLimit: { ratePerSecond: 20, burst: 4 } });
  const client = createNotionClient({ token: t.token, baseUrl: t.url, ratePerSecond: 20, burst: 1 });
  // The first request pays for the connection and cold code paths; a slow first answer would let
  // the next ones reach the server bunched together, which no client-side pacing can prevent.
  await client.call("pages.retrieve", { page_id: HOME_PAGE_ID });
  const pages = await Promise.all(
    Array.from({ length: 50 }, () => client.call("pages.retrieve", { page_id: HOME_PAGE_ID })),
  );
  assert.equal(pages.length, 50);
  assert.ok(pages.every((p) => p.id === HOME_PAGE_ID));
  assert.equal(t.log.count("pages.retrieve", 429), 0);
  assert.equal(t.log.count("pages.retrieve", 200), 51);
  assert.equal(client.stats().totalRetries, 0);
  assertCountsMatch(client, t);
});

test("a client faster than the emulator gets 429s, pauses as a whole and still completes every call", async () => {
  const t = await emulator({ rateLimit: { ratePerSecond: 20, burst: 5 } });
  const events: ClientEvent[] = [];
  const client = createNotionClient({
    token: t.token,
    baseUrl: t.url,
    ratePerSecond: 500,
    burst: 20,
    onEvent: (e) => events.push(e),
  });
  const results = await Promise.all(Array.from({ length: 20 }, () => client.call("users.me", {})));
  assert.equal(results.length, 20);
  assert.ok(results.every((u) => u.object === "user"));
  const limited = t.log.count("users.me", 429);
  assert.ok(limited > 0, "the emulator should have answered 429 at least once");
  assert.equal(t.log.count("users.me", 200), 20);
  const stats = client.stats();
  assert.equal(stats.retries["users.me"]?.rate_limited, limited);
  assert.ok(stats.rateLimitedPauses >= 1);
  assert.ok(events.some((e) => e.type === "rate-limited"));
  assert.equal(events.filter((e) => e.type === "retry").length, limited);
  assertCountsMatch(client, t);
});

/** A fixed read sequence: every page found by search, its object and its first page of children. */
async function readAll(client: NotionClient): Promise<unknown[]> {
  const out: unknown[] = [];
  // Every answer carries its own request_id; the content is what must match.
  const keep = <T extends object>(answer: T) => out.push({ ...answer, request_id: undefined });
  let cursor: string | undefined;
  const ids: string[] = [];
  do {
    const page = await client.call("search", {
      filter: { property: "object", value: "page" },
      page_size: 10,
      ...(cursor ? { start_cursor: cursor } : {}),
    });
    keep(page);
    for (const r of page.results) ids.push(r.id);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  for (const id of ids.slice(0, 12)) {
    keep(await client.call("pages.retrieve", { page_id: id }));
    keep(await client.call("blocks.children.list", { block_id: id, page_size: 100 }));
  }
  keep(await client.call("users.list", {}));
  return out;
}

test("under 30% 5xx/529 faults and dropped connections, reads return exactly what a clean run returns", async () => {
  const ws = generateWorkspace({
    seed: 5,
    pages: 12,
    databases: 1,
    rowsPerDatabase: 4,
    mediaFiles: 2,
    mediaSize: 256,
  });
  const frozen = new Date("2026-03-01T00:00:00.000Z");
  ws.now = () => frozen; // signed file URLs inside answers depend on the clock
  const t = await emulator({ workspace: ws });

  const clean = fastClient(t);
  const expected = await readAll(clean);
  assert.equal(clean.stats().totalRetries, 0);
  t.log.reset();

  t.emulator.options.faults = { seed: 11, errorRate: 0.3, statuses: [500, 502, 503, 529], dropRate: 0.1 };
  const faulty = fastClient(t);
  const actual = await readAll(faulty);
  t.emulator.options.faults = undefined;

  assert.deepEqual(actual, expected);
  const stats = faulty.stats();
  const snap = t.log.snapshot();
  const failedAnswers = snap.total - (snap.statuses["200"] ?? 0);
  assert.ok(failedAnswers > 0, "the faults should have hit some requests");
  assert.equal(stats.totalRetries, failedAnswers);
  assert.ok((snap.statuses.dropped ?? 0) > 0, "some connections should have been dropped");
  assert.ok(Object.values(stats.retries).some((byCause) => (byCause.connection ?? 0) > 0));
  assert.deepEqual(stats.errors, {});
  assertCountsMatch(faulty, t);
});

test("a page that is missing or not shared fails at once with object_not_found", async () => {
  const t = await emulator();
  const client = fastClient(t);
  const err = await rejection(
    client.call("pages.retrieve", { page_id: "99999999-9999-4999-8999-999999999999" }),
  );
  assert.equal(err.code, "object_not_found");
  assert.equal(err.status, 404);
  assert.equal(err.attempts, 1);
  assert.match(err.message, /not shared with the integration/);
  assert.equal(t.log.count("pages.retrieve"), 1);
  assert.deepEqual(client.stats().errors, { object_not_found: 1 });
  assertCountsMatch(client, t);
});

test("a bad token fails with unauthorized and the token appears nowhere in the error", async () => {
  const t = await emulator();
  const token = "ntn_not_a_real_token_7c1f2a9e";
  const events: ClientEvent[] = [];
  const client = createNotionClient({ token, baseUrl: t.url, ...FAST, onEvent: (e) => events.push(e) });
  const err = await rejection(client.call("users.me", {}));
  assert.equal(err.code, "unauthorized");
  assert.equal(err.attempts, 1);
  assert.match(err.message, /NOTION_TOKEN/);
  for (const text of [err.message, String(err.stack), inspect(err, { depth: 10 }), JSON.stringify(events)]) {
    assert.ok(!text.includes(token), "the token leaked");
  }
  assert.ok(!JSON.stringify(client.stats()).includes(token));
});

test("a persistent 503 fails after the bounded retry time with a clear error", async () => {
  const t = await emulator();
  t.emulator.faults.injectNext("pages.retrieve", 10_000, 503);
  const client = fastClient(t, { maxRetryTimeMs: 250 });
  const err = await rejection(client.call("pages.retrieve", { page_id: HOME_PAGE_ID }));
  t.emulator.faults.clear();
  assert.equal(err.code, "notion_unavailable");
  assert.equal(err.status, 503);
  assert.equal(err.ambiguous, false);
  assert.ok(err.attempts > 1);
  assert.match(err.message, /^pages\.retrieve failed after \d+ attempts .*503 service_unavailable/);
  assert.equal(t.log.count("pages.retrieve", 503), err.attempts);
  assert.equal(client.stats().retries["pages.retrieve"]?.service_unavailable, err.attempts - 1);
  assertCountsMatch(client, t);
});

test("a Retry-After longer than the retry time left fails at once with rate_limited_exhausted", async () => {
  const t = await emulator();
  t.emulator.faults.injectNext("users.list", 1, 429);
  const client = fastClient(t, { maxRetryTimeMs: 200 });
  const err = await rejection(client.call("users.list", {}));
  assert.equal(err.code, "rate_limited_exhausted");
  assert.equal(err.attempts, 1);
  assert.match(err.message, /Notion asked to wait 1\.0 s.*429 rate_limited/);
  assertCountsMatch(client, t);
});

test("a request that times out is retried when it is a read and reported ambiguous when it creates", async () => {
  const t = await emulator();
  const client = fastClient(t, { timeoutMs: 100 });
  t.emulator.faults.injectNext("pages.retrieve", 1, { delayMs: 1_000 });
  const page = await client.call("pages.retrieve", { page_id: HOME_PAGE_ID });
  assert.equal(page.id, HOME_PAGE_ID);
  assert.deepEqual(client.stats().retries["pages.retrieve"], { timeout: 1 });

  t.emulator.faults.injectNext("comments.create", 1, { delayMs: 1_000 });
  const err = await rejection(
    client.call("comments.create", {
      parent: { page_id: HOME_PAGE_ID },
      rich_text: [{ text: { content: "slow" } }],
    }),
  );
  assert.equal(err.ambiguous, true);
  assert.equal(err.attempts, 1);
  assert.match(err.message, /timeout/);
});

test("writes: 429 is retried, a 5xx or lost answer on a create is reported ambiguous, a set is retried", async () => {
  const t = await emulator();
  const client = fastClient(t);
  const parent = { page_id: HOME_PAGE_ID };
  const title = (s: string) => ({ title: { title: [{ text: { content: s } }] } });

  t.emulator.faults.injectNext("pages.create", 1, 429);
  const created = await client.call("pages.create", { parent, properties: title("Retried") });
  assert.equal(t.log.count("pages.create"), 2);

  t.emulator.faults.injectNext("pages.create", 1, 503);
  const failed = await rejection(client.call("pages.create", { parent, properties: title("Unsure") }));
  assert.equal(failed.ambiguous, true);
  assert.equal(failed.attempts, 1);
  assert.match(failed.message, /may or may not have been applied/);

  // The answer is lost after Notion applied the write: exactly the case a blind retry would duplicate.
  t.emulator.faults.injectNext("blocks.children.append", 1, "drop-after");
  const lost = await rejection(
    client.call("blocks.children.append", {
      block_id: created.id,
      children: [{ paragraph: { rich_text: [{ text: { content: "once" } }] } }],
    }),
  );
  assert.equal(lost.ambiguous, true);
  const children = await client.call("blocks.children.list", { block_id: created.id });
  assert.equal(children.results.length, 1);

  t.emulator.faults.injectNext("pages.update", 2, 500);
  const updated = await client.call("pages.update", { page_id: created.id, properties: title("Renamed") });
  assert.equal(updated.id, created.id);
  assert.equal(t.log.count("pages.update"), 3);
  assertCountsMatch(client, t);
});

test("a file upload (multipart) goes through the gateway, a 429 on send is retried", async () => {
  const t = await emulator();
  const client = fastClient(t);
  const created = await client.call("fileUploads.create", {});
  t.emulator.faults.injectNext("fileUploads.send", 1, 429);
  const sent = await client.call("fileUploads.send", {
    file_upload_id: created.id,
    file: { filename: "notes.txt", data: new Blob(["hello"], { type: "text/plain" }) },
  });
  assert.equal(sent.status, "uploaded");
  assert.equal(t.log.count("fileUploads.send", 429), 1);
  assert.equal(t.log.count("fileUploads.send", 200), 1);
  assertCountsMatch(client, t);
});

test("downloads a hosted file through retries; an expired URL fails with file_url_expired", async () => {
  const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256));
  const data = defaultWorkspaceData();
  const home = data.pages![0]!;
  home.cover = { type: "file", file: { file_id: "cover-1" } };
  data.files = [
    {
      id: "cover-1",
      name: "cover.bin",
      content_type: "application/octet-stream",
      base64: bytes.toString("base64"),
    },
  ];
  const t = await emulator({ workspace: data });
  const client = fastClient(t);
  const page = await client.call("pages.retrieve", { page_id: HOME_PAGE_ID });
  assert.ok("cover" in page && page.cover?.type === "file");
  const url = page.cover.file.url;

  t.emulator.faults.injectNext("files.download", 2, 503);
  const got = await client.downloadFile(url);
  assert.deepEqual(Buffer.from(got), bytes);
  assert.equal(client.stats().retries["files.download"]?.http_503, 2);

  t.ws.now = () => new Date(Date.now() + 2 * 3_600_000);
  const err = await rejection(client.downloadFile(url));
  assert.equal(err.code, "file_url_expired");
  assert.equal(err.attempts, 1);
  assert.ok(!err.message.includes("sig="), "the signature stays out of messages");
  assertCountsMatch(client, t);
});

test("aborting the client's signal rejects calls still waiting for the budget", async () => {
  const t = await emulator();
  const controller = new AbortController();
  const client = createNotionClient({
    token: t.token,
    baseUrl: t.url,
    ratePerSecond: 1,
    burst: 1,
    signal: controller.signal,
  });
  const calls = Array.from({ length: 4 }, () => client.call("users.me", {}));
  const first = await calls[0];
  assert.equal(first?.object, "user");
  controller.abort(new Error("stop"));
  const rest = await Promise.allSettled(calls.slice(1));
  assert.ok(rest.every((r) => r.status === "rejected"));
  assert.ok(t.log.count("users.me") < 4);
  assertCountsMatch(client, t);
});
