// Unit tests of the token bucket and the limiter: pacing, order, no bunching after a stall, pauses, concurrency.
import assert from "node:assert/strict";
import { mock, test } from "node:test";
import { Limiter, TokenBucket } from "./limiter.ts";

function fakeClock() {
  let t = 1_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

test("tryTake spends the burst, then says how long until the next token", () => {
  const clock = fakeClock();
  const bucket = new TokenBucket({ ratePerSecond: 10, burst: 2, now: clock.now });
  assert.equal(bucket.tryTake(), 0);
  assert.equal(bucket.tryTake(), 0);
  assert.equal(bucket.tryTake(), 100);
  clock.advance(40);
  assert.equal(Math.round(bucket.tryTake()), 60);
  clock.advance(60);
  assert.equal(bucket.tryTake(), 0);
  clock.advance(60_000);
  assert.equal(bucket.tryTake(), 0);
  assert.equal(bucket.tryTake(), 0);
  assert.ok(bucket.tryTake() > 0, "the bucket holds at most `burst` tokens however long it rested");
});

test("a pause holds every taker until it ends, then the bucket starts empty", () => {
  const clock = fakeClock();
  const bucket = new TokenBucket({ ratePerSecond: 10, burst: 5, now: clock.now });
  assert.equal(bucket.pause(1_000), true);
  assert.equal(bucket.pause(500), false, "a shorter pause changes nothing");
  assert.equal(bucket.pausedFor(), 1_000);
  assert.equal(Math.round(bucket.tryTake()), 1_100);
  clock.advance(1_000);
  assert.equal(bucket.pausedFor(), 0);
  assert.equal(Math.round(bucket.tryTake()), 100);
  clock.advance(100);
  assert.equal(bucket.tryTake(), 0);
});

test("acquire serves waiters in call order and never more than `burst` at once after a stall", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  try {
    const clock = fakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 2, now: clock.now });
    const granted: number[] = [];
    const all = Array.from({ length: 6 }, (_, i) => bucket.acquire().then(() => granted.push(i)));
    await settle();
    assert.deepEqual(granted, [0, 1]);
    // The event loop was busy for a whole second: the bucket refilled to its burst, not beyond.
    clock.advance(1_000);
    mock.timers.tick(1_000);
    await settle();
    assert.deepEqual(granted, [0, 1, 2, 3]);
    clock.advance(100);
    mock.timers.tick(100);
    await settle();
    assert.deepEqual(granted, [0, 1, 2, 3, 4]);
    clock.advance(100);
    mock.timers.tick(100);
    await Promise.all(all);
    assert.deepEqual(granted, [0, 1, 2, 3, 4, 5]);
  } finally {
    mock.timers.reset();
  }
});

test("an aborted waiter leaves the line with the signal's reason; the others still get through", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  try {
    const clock = fakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 1, now: clock.now });
    await bucket.acquire();
    const controller = new AbortController();
    const reason = new Error("cancelled");
    const dropped = bucket.acquire(controller.signal);
    const kept = bucket.acquire();
    controller.abort(reason);
    await assert.rejects(dropped, (err) => err === reason);
    clock.advance(100);
    mock.timers.tick(100);
    assert.equal(typeof (await kept), "number");
  } finally {
    mock.timers.reset();
  }
});

test("the limiter never runs more than `concurrency` tasks at once and runs them all", async () => {
  const limiter = new Limiter({ ratePerSecond: Number.POSITIVE_INFINITY, burst: 1, concurrency: 3 });
  let running = 0;
  let peak = 0;
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      limiter.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await settle();
        running--;
        return i;
      }),
    ),
  );
  assert.deepEqual(results, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(peak, 3);
});

test("higher-priority tasks (retries) run before waiting first attempts", async () => {
  const limiter = new Limiter({ ratePerSecond: Number.POSITIVE_INFINITY, burst: 1, concurrency: 1 });
  const order: string[] = [];
  const task = (name: string) => async () => {
    order.push(name);
    await settle();
  };
  await Promise.all([
    limiter.run(task("running")),
    limiter.run(task("first attempt")),
    limiter.run(task("retry"), { priority: 1 }),
  ]);
  assert.deepEqual(order, ["running", "retry", "first attempt"]);
});

test("the limiter paces by its bucket and reports the waits", async () => {
  const waits: number[] = [];
  const limiter = new Limiter({
    ratePerSecond: 200,
    burst: 1,
    concurrency: 4,
    onWait: (ms) => waits.push(ms),
  });
  const results = await Promise.all(Array.from({ length: 4 }, (_, i) => limiter.run(async () => i)));
  assert.deepEqual(results, [0, 1, 2, 3]);
  assert.equal(waits.length, 3, "all but the first waited for a token");
});
