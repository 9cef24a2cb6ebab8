import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { randomKey } from "../store/crypto.ts";
import { readSegmentFile, writeSegmentFile } from "./sealed-segments.ts";
import { SearchIndex } from "./search-index.ts";
import { doc, tree } from "./test-docs.ts";

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "nvault-search-index-"));
});
after(() => rm(dir, { recursive: true, force: true }));

/** Saves the index to a file and loads it back. */
async function roundTrip(index: SearchIndex, key: Uint8Array): Promise<SearchIndex> {
  const path = join(dir, "index.nvs");
  await writeSegmentFile(path, key, index.segments());
  return SearchIndex.load((await readSegmentFile(path, key))!);
}

test("documents, folders and snapshots survive a save and load; equal text is one document", async () => {
  const key = randomKey();
  const index = SearchIndex.empty();
  const a = index.addDoc(doc("p-a", "Alpha plan", "The stable launch"));
  const b = index.addDoc(doc("p-b", "Beta notes", "Nothing here"));
  assert.equal(index.addDoc(doc("p-a", "Alpha plan", "The stable launch")), a, "same text, same document");
  const b2 = index.addDoc(doc("p-b", "Beta notes", "Now a stable launch too"));
  // Snapshot 1: a > b; snapshot 2: a > b2 (b's folder changed, so a's folder did too).
  index.folders.add(tree(1), b, []);
  index.folders.add(tree(2), a, [tree(1)]);
  index.folders.add(tree(3), -1, [tree(2)]);
  index.folders.add(tree(4), b2, []);
  index.folders.add(tree(5), a, [tree(4)]);
  index.folders.add(tree(6), -1, [tree(5)]);
  assert.throws(() => index.folders.add(tree(7), -1, [tree(99)]), /recorded after/);
  index.snapshots.set("s1", { id: "s1", time: "2026-01-01T00:00:00Z", root: tree(3) });
  index.snapshots.set("s2", { id: "s2", time: "2026-01-02T00:00:00Z", root: tree(6) });

  for (const idx of [index, await roundTrip(index, key)]) {
    assert.equal(idx.docs.length, 3);
    assert.deepEqual(idx.dictionary().exact("stable").docs, [a, b2]);
    assert.deepEqual(idx.pairDictionary().exact("stable launch").docs, [a, b2]);
    assert.deepEqual(idx.pairDictionary().exact("launch stable").docs, []);
    assert.equal(idx.fields(b2)[1]!.text, "Now a stable launch too");
    const { holder, parent } = idx.firstHolders(["s2", "s1"]);
    assert.deepEqual([...holder].sort(), [
      [a, 0],
      [b, 1],
      [b2, 0],
    ]);
    assert.equal(parent.get(b2), a);
    assert.equal(parent.get(a), -1);
    assert.deepEqual(idx.holdersOf([a, b, b2], ["s2", "s1"]), [[0, 1], [1], [0]]);
  }

  // A loaded index takes more documents; untouched text segments are passed on sealed.
  const loaded = await roundTrip(index, key);
  const c = loaded.addDoc(doc("p-c", "Gamma", "stable again"));
  assert.deepEqual(loaded.dictionary().exact("stable").docs, [a, b2, c]);
  assert.deepEqual((await roundTrip(loaded, key)).dictionary().exact("gamma").docs, [c]);
});
