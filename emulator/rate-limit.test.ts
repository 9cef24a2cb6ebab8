// Unit tests of the token bucket, with a hand-driven clock.
import assert from "node:assert/strict";
import { test } from "node:test";
import { RateLimiter, type RateLimitOptions } from "./rate-limit.ts";

function limiter(config: RateLimitOptions | false) {
  const clock = { now: 0 };
  const cfg = { value: config };
  return {
    clock,
    cfg,
    rl: new RateLimiter(
      () => cfg.value,
      () => clock.now,
    ),
  };
}

test("a full bucket allows the burst, then asks to wait whole seconds", () => {
  const { rl } = limiter({ ratePerSecond: 3, burst: 10 });
  for (let i = 0; i < 10; i++) assert.deepEqual(rl.take("a"), { ok: true });
  assert.deepEqual(rl.take("a"), { ok: false, retryAfterSeconds: 1 });
});

test("tokens refill at the average rate", () => {
  const { rl, clock } = limiter({ ratePerSecond: 2, burst: 1 });
  assert.equal(rl.take("a").ok, true);
  assert.equal(rl.take("a").ok, false);
  clock.now = 499;
  assert.equal(rl.take("a").ok, false);
  clock.now = 1000;
  assert.equal(rl.take("a").ok, true);
});

test("Retry-After is the ceiling of the wait for one token", () => {
  const { rl } = limiter({ ratePerSecond: 0.25, burst: 1 });
  rl.take("a");
  assert.deepEqual(rl.take("a"), { ok: false, retryAfterSeconds: 4 });
});

test("each token has its own bucket; false disables the limit at run time", () => {
  const { rl, cfg } = limiter({ ratePerSecond: 1, burst: 1 });
  assert.equal(rl.take("a").ok, true);
  assert.equal(rl.take("b").ok, true);
  assert.equal(rl.take("a").ok, false);
  cfg.value = false;
  assert.equal(rl.take("a").ok, true);
});
