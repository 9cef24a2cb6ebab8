// Unit tests of the bounded record channel.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Channel } from "./channel.ts";

test("items arrive in order and producers wait while the buffer is full", async () => {
  const ch = new Channel<number>(2);
  let pushed = 0;
  const producer = (async () => {
    for (let i = 0; i < 5; i++) {
      await ch.push(i);
      pushed++;
    }
    ch.close();
  })();
  await new Promise((r) => setImmediate(r));
  assert.equal(pushed, 2, "the third push waits for room");
  const got: number[] = [];
  for await (const n of ch) got.push(n);
  await producer;
  assert.deepEqual(got, [0, 1, 2, 3, 4]);
});

test("fail ends the iteration with the error and releases waiting producers", async () => {
  const ch = new Channel<number>(1);
  await ch.push(1);
  const blocked = ch.push(2);
  ch.fail(new Error("boom"));
  await blocked;
  await assert.rejects(async () => {
    for await (const _ of ch) {
      // nothing is delivered after a failure
    }
  }, /boom/);
});
