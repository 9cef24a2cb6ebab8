// Unit tests of synced-block bookkeeping and tree helpers.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { BlockObjectResponse } from "@notionhq/client";
import type { BlockNode } from "../model.ts";
import { blockIds, countBlocks, SyncedBlocks } from "./blocks.ts";

const synced = (id: string, from: string | null) =>
  ({
    object: "block",
    id,
    type: "synced_block",
    synced_block: { synced_from: from ? { type: "block_id", block_id: from } : null },
  }) as unknown as BlockObjectResponse;

test("references to originals never met are reported once, with one reference to read them through", () => {
  const s = new SyncedBlocks();
  assert.equal(s.note(synced("orig-1", null)), undefined);
  assert.equal(s.note(synced("ref-1", "orig-1")), "orig-1");
  assert.equal(s.note(synced("ref-2", "orig-2")), "orig-2");
  assert.equal(s.note(synced("ref-3", "orig-2")), "orig-2");
  assert.deepEqual(s.unreached(), [{ originalId: "orig-2", referenceId: "ref-2" }]);
  s.note(synced("orig-2", null));
  assert.deepEqual(s.unreached(), []);
});

test("tree helpers walk depth first", () => {
  const node = (id: string, children: BlockNode[] = []): BlockNode => ({
    block: { object: "block", id } as BlockObjectResponse,
    children,
  });
  const tree = [node("a", [node("b"), node("c", [node("d")])]), node("e")];
  assert.deepEqual([...blockIds(tree)], ["a", "b", "c", "d", "e"]);
  assert.equal(countBlocks(tree), 5);
});
