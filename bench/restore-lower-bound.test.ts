import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { test } from "node:test";
import type { BlockNode } from "../src/notion/model.ts";
import { appendsFor } from "./restore-lower-bound.ts";

const block = (type: string, children: BlockNode[] = []): BlockNode => ({
  block: { object: "block", id: randomUUID(), type, [type]: {} } as never,
  children,
});
const many = (n: number, make: () => BlockNode = () => block("paragraph")) => Array.from({ length: n }, make);

test("one append per 100 siblings, each carrying two levels below", () => {
  assert.equal(appendsFor([]), 0);
  assert.equal(appendsFor(many(100)), 1);
  assert.equal(appendsFor(many(250)), 3);
  const three = block("toggle", [block("toggle", [block("paragraph")])]);
  assert.equal(appendsFor([three]), 1);
  const four = block("toggle", [block("toggle", [block("toggle", [block("paragraph")])])]);
  assert.equal(appendsFor([four]), 2);
  // A carried block with 150 children needs a second request for the last 50.
  assert.equal(appendsFor([block("toggle", many(150))]), 2);
});

test("child pages, databases and blocks the API cannot create cost no append", () => {
  assert.equal(appendsFor([block("child_page"), block("child_database"), block("unsupported")]), 0);
  assert.equal(appendsFor([block("child_page"), block("paragraph")]), 1);
});
