// The emulator's request pipeline over real HTTP: auth, version, errors, rate limit, faults, file URLs.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { APIErrorCode, APIResponseError, Client, LogLevel } from "@notionhq/client";
import { HOME_PAGE_ID, startEmulator, type TestEmulator } from "./helpers/emulator.ts";

const VERSION = "2025-09-03";

/** A raw request, for what the SDK would never send (no version, bad JSON, unknown paths). */
async function raw(
  t: TestEmulator,
  path: string,
  init: { method?: string; token?: string | null; version?: string | null; body?: string } = {},
) {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  const token = init.token === undefined ? t.token : init.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  const version = init.version === undefined ? VERSION : init.version;
  if (version !== null) headers["Notion-Version"] = version;
  const res = await fetch(`${t.url}${path}`, { method: init.method ?? "GET", headers, body: init.body });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    json: text.startsWith("{") ? JSON.parse(text) : undefined,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("request pipeline", () => {
  let t: TestEmulator;
  before(async () => {
    t = await startEmulator();
  });
  after(() => t.close());

  test("no token and a bad token answer 401 unauthorized", async () => {
    for (const token of [null, "ntn_not_a_token"]) {
      const r = await raw(t, "/v1/users", { token });
      assert.equal(r.status, 401);
      assert.equal(r.json.object, "error");
      assert.equal(r.json.code, "unauthorized");
      assert.equal(r.json.message, "API token is invalid.");
      assert.match(r.json.request_id, UUID);
    }
    const bad = new Client({ auth: "ntn_wrong", baseUrl: t.url, logLevel: LogLevel.ERROR, retry: false });
    await assert.rejects(
      bad.users.me({}),
      (e) => APIResponseError.isAPIResponseError(e) && e.code === "unauthorized",
    );
  });

  test("a missing Notion-Version answers 400 missing_version", async () => {
    const r = await raw(t, "/v1/users", { version: null });
    assert.equal(r.status, 400);
    assert.equal(r.json.code, "missing_version");
    assert.match(r.json.message, /Notion-Version header should be defined/);
  });

  test("a version the emulator does not implement answers 400", async () => {
    const r = await raw(t, "/v1/users", { version: "1999-01-01" });
    assert.equal(r.status, 400);
    assert.equal(r.json.code, "validation_error");
  });

  test("a body that is not JSON answers 400 invalid_json", async () => {
    const r = await raw(t, "/v1/search", { method: "POST", body: "{not json" });
    assert.equal(r.status, 400);
    assert.equal(r.json.code, "invalid_json");
  });

  test("unknown paths and wrong methods answer 400 invalid_request_url", async () => {
    for (const [method, path] of [
      ["GET", "/v1/invalid"],
      ["DELETE", "/v1/users"],
      ["GET", "/nothing"],
    ] as const) {
      const r = await raw(t, path, { method });
      assert.equal(r.status, 400, `${method} ${path}`);
      assert.equal(r.json.code, "invalid_request_url");
      assert.equal(r.json.message, "Invalid request URL.");
    }
  });

  test("success answers carry a request_id and JSON content type", async () => {
    const r = await raw(t, "/v1/users/me");
    assert.equal(r.status, 200);
    assert.match(r.headers.get("content-type") ?? "", /^application\/json/);
    assert.match(r.json.request_id, UUID);
  });

  test("the request log counts per endpoint and status", async () => {
    t.log.reset();
    await t.client.users.me({});
    await t.client.users.me({});
    await raw(t, "/v1/invalid");
    const snap = t.log.snapshot();
    assert.equal(snap.endpoints["users.me"], 2);
    assert.equal(snap.byEndpoint.unknown?.["400"], 1);
    assert.equal(snap.statuses["200"], 2);
    assert.equal(snap.total, 3);
    assert.match(t.log.format(), /users\.me\s+2\s+200:2/);
  });
});

describe("rate limit", () => {
  test("a burst beyond the budget answers 429 with Retry-After, and waiting it out succeeds", async () => {
    const t = await startEmulator({ rateLimit: { ratePerSecond: 1, burst: 3 }, client: { retry: false } });
    try {
      const answers = await Promise.allSettled(Array.from({ length: 6 }, () => t.client.users.me({})));
      const limited = answers.filter((a) => a.status === "rejected");
      assert.ok(limited.length >= 2, "some requests were limited");
      const err = (limited[0] as PromiseRejectedResult).reason;
      assert.ok(APIResponseError.isAPIResponseError(err));
      assert.equal(err.code, APIErrorCode.RateLimited);
      assert.equal(err.status, 429);
      const retryAfter = Number((err.headers as Headers).get("retry-after"));
      assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1, `Retry-After ${retryAfter}`);
      await new Promise((r) => setTimeout(r, retryAfter * 1000));
      const me = await t.client.users.me({});
      assert.equal(me.object, "user");
      assert.ok(t.log.count("users.me", 429) >= 2);
    } finally {
      await t.close();
    }
  });

  test("the SDK's own retry honours Retry-After", async () => {
    const t = await startEmulator({ rateLimit: { ratePerSecond: 2, burst: 1 } });
    try {
      const results = await Promise.all([t.client.users.me({}), t.client.users.me({})]);
      assert.equal(results.length, 2);
      assert.equal(t.log.count("users.me", 200), 2);
      assert.equal(t.log.count("users.me", 429), 1);
    } finally {
      await t.close();
    }
  });

  test("the limit can be turned off while running", async () => {
    const t = await startEmulator({
      rateLimit: { ratePerSecond: 0.001, burst: 1 },
      client: { retry: false },
    });
    try {
      await t.client.users.me({});
      await assert.rejects(t.client.users.me({}));
      t.emulator.options.rateLimit = false;
      await t.client.users.me({});
    } finally {
      await t.close();
    }
  });
});

describe("faults", () => {
  test("targeted faults answer the configured statuses, then the endpoint recovers", async () => {
    const t = await startEmulator({ client: { retry: false } });
    try {
      const expected: Record<number, string> = {
        429: "rate_limited",
        500: "internal_server_error",
        503: "service_unavailable",
        529: "service_overload",
      };
      for (const [status, code] of Object.entries(expected)) {
        t.emulator.faults.injectNext("users.me", 1, Number(status) as 429);
        await assert.rejects(t.client.users.me({}), (e) => {
          assert.ok(APIResponseError.isAPIResponseError(e));
          assert.equal(e.status, Number(status));
          assert.equal(e.code, code);
          return true;
        });
      }
      t.emulator.faults.injectNext("users.me", 1, 502);
      const r = await raw(t, "/v1/users/me");
      assert.equal(r.status, 502);
      assert.match(r.text, /502 Bad Gateway/);
      assert.equal((await t.client.users.me({})).object, "user");
    } finally {
      await t.close();
    }
  });

  test("dropped connections get no answer; drop-after still performs the write", async () => {
    const t = await startEmulator({ client: { retry: false } });
    try {
      t.emulator.faults.injectNext("users.me", 1, "drop");
      await assert.rejects(raw(t, "/v1/users/me"));
      t.emulator.faults.injectNext("fileUploads.create", 1, "drop-after");
      await assert.rejects(raw(t, "/v1/file_uploads", { method: "POST", body: "{}" }));
      const list = await t.client.fileUploads.list({});
      assert.equal(list.results.length, 1, "the upload was created although its answer was lost");
      assert.equal(t.log.count("users.me", "dropped"), 1);
    } finally {
      await t.close();
    }
  });

  test("random faults follow the configured share, reproducibly for a seed", async () => {
    const run = async () => {
      const t = await startEmulator({ faults: { seed: 7, errorRate: 0.5, statuses: [500, 503] } });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 40; i++) statuses.push((await raw(t, "/v1/users/me")).status);
        return statuses;
      } finally {
        await t.close();
      }
    };
    const first = await run();
    assert.deepEqual(await run(), first);
    const failed = first.filter((s) => s !== 200);
    assert.ok(failed.length > 5 && failed.length < 35, `failed ${failed.length}/40`);
    assert.ok(failed.every((s) => s === 500 || s === 503));
  });
});

describe("hosted files", () => {
  test("a fresh signed URL serves the bytes; an expired or tampered one answers 403", async () => {
    const t = await startEmulator({ fileUrlTtlMs: 60_000 });
    try {
      const bytes = Buffer.from("a tiny png, honestly");
      t.ws.files.set("f1", { id: "f1", name: "cover image.png", contentType: "image/png", bytes });
      const page = t.ws.pages.get(HOME_PAGE_ID)!;
      page.cover = { type: "file", file: { file_id: "f1" } };
      const found = await t.client.search({ filter: { property: "object", value: "page" } });
      const cover = (
        found.results[0] as { cover: { type: string; file: { url: string; expiry_time: string } } }
      ).cover;
      assert.equal(cover.type, "file");
      assert.deepEqual(page.cover, { type: "file", file: { file_id: "f1" } }, "the store is not mutated");
      const expiry = Date.parse(cover.file.expiry_time);
      assert.ok(Math.abs(expiry - (Date.now() + 60_000)) < 5_000);

      const ok = await fetch(cover.file.url);
      assert.equal(ok.status, 200);
      assert.equal(ok.headers.get("content-type"), "image/png");
      assert.equal(ok.headers.get("content-length"), String(bytes.length));
      assert.deepEqual(Buffer.from(await ok.arrayBuffer()), bytes);

      const tampered = await fetch(cover.file.url.replace(/sig=[0-9a-f]+/, "sig=deadbeef"));
      assert.equal(tampered.status, 403);

      const realNow = t.ws.now;
      t.ws.now = () => new Date(realNow().getTime() + 61_000);
      const expired = await fetch(cover.file.url);
      assert.equal(expired.status, 403);
      const xml = await expired.text();
      assert.match(xml, /<Code>AccessDenied<\/Code>/);
      assert.match(xml, /Request has expired/);
      assert.equal(t.log.count("files.download", 403), 2);
    } finally {
      await t.close();
    }
  });
});
