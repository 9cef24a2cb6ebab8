// Unit tests of the request log's counts and table.
import assert from "node:assert/strict";
import { test } from "node:test";
import { RequestLog } from "./request-log.ts";

test("counts per endpoint and per status, and resets", () => {
  const log = new RequestLog();
  log.record("pages.retrieve", 200);
  log.record("pages.retrieve", 429);
  log.record("search", 200);
  log.record("search", "dropped");
  assert.deepEqual(log.snapshot(), {
    total: 4,
    endpoints: { "pages.retrieve": 2, search: 2 },
    statuses: { "200": 2, "429": 1, dropped: 1 },
    byEndpoint: { "pages.retrieve": { "200": 1, "429": 1 }, search: { "200": 1, dropped: 1 } },
  });
  assert.equal(log.count("pages.retrieve"), 2);
  assert.equal(log.count("pages.retrieve", 429), 1);
  const table = log.format();
  assert.match(table, /pages\.retrieve\s+2\s+200:1 429:1/);
  assert.match(table, /total\s+4/);
  log.reset();
  assert.equal(log.snapshot().total, 0);
  assert.equal(log.format(), "No requests.");
});

test("once tracing, keeps the object each request named, by endpoint and status", () => {
  const log = new RequestLog();
  log.record("pages.retrieve", 200, "a");
  log.trace();
  log.record("pages.retrieve", 200, "b");
  log.record("pages.retrieve", 429, "c");
  log.record("comments.list", 200, "d");
  assert.deepEqual(log.targets("pages.retrieve"), ["b", "c"]);
  assert.deepEqual(log.targets("pages.retrieve", 200), ["b"]);
  assert.deepEqual(log.targets("comments.list"), ["d"]);
  assert.deepEqual(log.sequence(), ["pages.retrieve", "pages.retrieve", "comments.list"]);
  log.reset();
  assert.deepEqual(log.targets("comments.list"), []);
});
