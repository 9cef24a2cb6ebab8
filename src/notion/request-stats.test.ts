// Unit tests of the request counters behind NotionClient.stats().
import assert from "node:assert/strict";
import { test } from "node:test";
import { RequestStats } from "./request-stats.ts";

test("counts requests, retries per cause, pauses, waits and errors, sorted by endpoint", () => {
  const stats = new RequestStats();
  stats.request("search");
  stats.request("blocks.children.list");
  stats.request("blocks.children.list");
  stats.retry("blocks.children.list", "rate_limited");
  stats.retry("blocks.children.list", "connection");
  stats.retry("blocks.children.list", "rate_limited");
  stats.pause(1_000);
  stats.limiterWait(250);
  stats.backoff(30);
  stats.error("object_not_found");
  const snap = stats.snapshot();
  assert.deepEqual(Object.keys(snap.requests), ["blocks.children.list", "search"]);
  assert.equal(snap.totalRequests, 3);
  assert.deepEqual(snap.retries, { "blocks.children.list": { connection: 1, rate_limited: 2 } });
  assert.equal(snap.totalRetries, 3);
  assert.equal(snap.rateLimitedPauses, 1);
  assert.equal(snap.pausedMs, 1_000);
  assert.equal(snap.limiterWaits, 1);
  assert.equal(snap.totalWaitMs, 280);
  assert.deepEqual(snap.errors, { object_not_found: 1 });
});

test("a snapshot is a copy: later counts do not change it", () => {
  const stats = new RequestStats();
  stats.request("users.me");
  const before = stats.snapshot();
  stats.request("users.me");
  assert.equal(before.requests["users.me"], 1);
  assert.equal(stats.snapshot().requests["users.me"], 2);
});
