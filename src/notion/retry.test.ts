// Unit tests of the retry policy: what is retried, what is proven harmless to replay, how long to wait.
import assert from "node:assert/strict";
import { test } from "node:test";
import { classifyError, classifyStatus, mayRetry, parseRetryAfter, retryDelayMs } from "./retry.ts";

test("statuses: transient ones are retried, 429/529/409 prove nothing was applied, 429/529 pause everyone", () => {
  const cases: Array<[number, string | undefined, boolean, boolean, boolean]> = [
    // status, Notion code, transient, notApplied, pauseAll
    [429, "rate_limited", true, true, true],
    [529, "service_overload", true, true, true],
    [409, "conflict_error", true, true, false],
    [500, "internal_server_error", true, false, false],
    [502, undefined, true, false, false],
    [503, "service_unavailable", true, false, false],
    [504, "gateway_timeout", true, false, false],
    [400, "validation_error", false, false, false],
    [401, "unauthorized", false, false, false],
    [403, "restricted_resource", false, false, false],
    [404, "object_not_found", false, false, false],
  ];
  for (const [status, code, transient, notApplied, pauseAll] of cases) {
    const f = classifyStatus(status, code, "msg", undefined);
    assert.deepEqual(
      [f.transient, f.notApplied, f.pauseAll],
      [transient, notApplied, pauseAll],
      `status ${status}`,
    );
    assert.equal(f.cause, code ?? `http_${status}`);
  }
});

test("reads and idempotent writes retry every transient failure; additive writes only proven-unapplied ones", () => {
  const unavailable = classifyStatus(503, "service_unavailable", "down", undefined);
  const limited = classifyStatus(429, "rate_limited", "slow down", "1");
  const invalid = classifyStatus(400, "validation_error", "bad", undefined);
  assert.equal(mayRetry(unavailable, true), true);
  assert.equal(mayRetry(unavailable, false), false);
  assert.equal(mayRetry(limited, false), true);
  assert.equal(mayRetry(invalid, true), false);
});

test("Retry-After wins over backoff; backoff is full jitter under an exponential ceiling", () => {
  const limited = classifyStatus(429, "rate_limited", "", "2");
  assert.equal(retryDelayMs(1, limited), 2_000);
  const plain = classifyStatus(500, "internal_server_error", "", undefined);
  const opts = { baseDelayMs: 100, maxDelayMs: 1_000 };
  assert.equal(
    retryDelayMs(1, plain, opts, () => 0.999),
    99,
  );
  assert.equal(
    retryDelayMs(3, plain, opts, () => 0.999),
    399,
  );
  assert.equal(
    retryDelayMs(30, plain, opts, () => 0.999),
    999,
  );
  assert.equal(
    retryDelayMs(4, plain, opts, () => 0),
    0,
  );
});

test("parseRetryAfter reads seconds and HTTP dates", () => {
  assert.equal(parseRetryAfter("3"), 3_000);
  assert.equal(parseRetryAfter("0.5"), 500);
  const now = Date.parse("2026-01-01T00:00:00Z");
  assert.equal(parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", now), 5_000);
  assert.equal(parseRetryAfter(undefined), undefined);
  assert.equal(parseRetryAfter("soon"), undefined);
});

test("network failures: refused connections were never sent, resets and timeouts may have been", () => {
  const refused = classifyError(new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } }));
  assert.equal(refused?.cause, "connection");
  assert.equal(refused?.notApplied, true);
  const reset = classifyError(new TypeError("fetch failed", { cause: { cause: { code: "ECONNRESET" } } }));
  assert.equal(reset?.transient, true);
  assert.equal(reset?.notApplied, false);
  assert.match(reset?.message ?? "", /ECONNRESET/);
  const timeout = classifyError(new DOMException("The operation timed out.", "TimeoutError"));
  assert.equal(timeout?.cause, "timeout");
  assert.equal(timeout?.notApplied, false);
  assert.equal(classifyError(new RangeError("a bug")), undefined);
});
