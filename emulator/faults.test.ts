// Unit tests of fault decisions: targeted faults, shares and reproducibility.
import assert from "node:assert/strict";
import { test } from "node:test";
import { FaultInjector, type FaultOptions, faultError } from "./faults.ts";

test("targeted faults hit the named endpoint the given number of times", () => {
  const f = new FaultInjector(() => undefined);
  f.injectNext("pages.retrieve", 2, 503);
  assert.deepEqual(f.decide("blocks.retrieve"), { delayMs: 0 });
  assert.deepEqual(f.decide("pages.retrieve"), { fault: 503, delayMs: 0 });
  assert.deepEqual(f.decide("pages.retrieve"), { fault: 503, delayMs: 0 });
  assert.deepEqual(f.decide("pages.retrieve"), { delayMs: 0 });
  f.injectNext("*", 1, { delayMs: 50 });
  assert.deepEqual(f.decide("anything"), { delayMs: 50 });
});

test("random faults are reproducible for a seed and respect the shares", () => {
  const cfg: FaultOptions = { seed: 42, errorRate: 0.2, dropRate: 0.1, statuses: [500, 529] };
  const plans = (c: FaultOptions) => {
    const f = new FaultInjector(() => c);
    return Array.from({ length: 2000 }, () => f.decide("search").fault);
  };
  const a = plans(cfg);
  assert.deepEqual(plans({ ...cfg }), a);
  const drops = a.filter((x) => x === "drop").length;
  const errors = a.filter((x) => x === 500 || x === 529).length;
  assert.ok(drops > 120 && drops < 280, `drops ${drops}`);
  assert.ok(errors > 300 && errors < 500, `errors ${errors}`);
  assert.ok(a.every((x) => x === undefined || x === "drop" || x === 500 || x === 529));
});

test("random faults can be limited to some endpoints and skipped where only targeted ones apply", () => {
  const f = new FaultInjector(() => ({ errorRate: 1, endpoints: ["search"] }));
  assert.equal(f.decide("users.me").fault, undefined);
  assert.notEqual(f.decide("search").fault, undefined);
  assert.equal(f.decide("search", false).fault, undefined);
});

test("slow answers get the configured delay", () => {
  const f = new FaultInjector(() => ({ delayMs: 30 }));
  assert.deepEqual(f.decide("search"), { delayMs: 30 });
});

test("fault errors carry Notion's codes and Retry-After where Notion sends it", () => {
  assert.equal(faultError(429).code, "rate_limited");
  assert.equal(faultError(429).headers["Retry-After"], "1");
  assert.equal(faultError(529).code, "service_overload");
  assert.equal(faultError(503).code, "service_unavailable");
  assert.equal(faultError(500).code, "internal_server_error");
});
