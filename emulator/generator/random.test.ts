import assert from "node:assert/strict";
import { test } from "node:test";
import { Random } from "./random.ts";

test("a seed always yields the same sequence, another seed another one", () => {
  const a = new Random(42);
  const b = new Random(42);
  const c = new Random(43);
  const seqA = Array.from({ length: 20 }, () => a.u32());
  assert.deepEqual(
    seqA,
    Array.from({ length: 20 }, () => b.u32()),
  );
  assert.notDeepEqual(
    seqA,
    Array.from({ length: 20 }, () => c.u32()),
  );
});

test("ids look like UUID v4 and do not repeat", () => {
  const rng = new Random(1);
  const ids = new Set<string>();
  for (let i = 0; i < 5000; i++) {
    const id = rng.uuid();
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    ids.add(id);
  }
  assert.equal(ids.size, 5000);
});

test("helpers stay within their bounds", () => {
  const rng = new Random(9);
  for (let i = 0; i < 1000; i++) {
    const n = rng.range(3, 5);
    assert.ok(n >= 3 && n <= 5);
    assert.ok(rng.around(2) <= 4);
  }
  const picked = rng.sample([1, 2, 3, 4, 5], 3);
  assert.equal(new Set(picked).size, 3);
  assert.equal(rng.sample([1, 2], 5).length, 2);
});
