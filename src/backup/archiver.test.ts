import assert from "node:assert/strict";
import { test } from "node:test";
import { memoryRepo } from "../../test/helpers/memory-repo.ts";
import { readSnapshotFiles } from "../../test/helpers/snapshot-files.ts";
import { archiveSource } from "./archiver.ts";
import type { Placement, Source, SourceItem } from "./source.ts";

function source(items: SourceItem[], finish?: (p: Placement) => SourceItem[]): Source {
  return {
    async *items() {
      yield* items;
    },
    ...(finish ? { finish } : {}),
  };
}

test("folders are placed by parent id once all items are read, whatever the order", async () => {
  const repo = await memoryRepo();
  let seen: string[] | undefined;
  const result = await archiveSource(
    repo,
    source(
      [
        { kind: "file", dir: "child", name: "a.json", json: { a: 1 } },
        { kind: "dir", id: "child", parent: "alias-of-top", name: "Child" },
        { kind: "file", dir: "orphan", name: "b.txt", bytes: new TextEncoder().encode("bee") },
        { kind: "dir", id: "orphan", parent: "never-declared", name: "Orphan" },
        { kind: "dir", id: "top", parent: null, name: "Top" },
        { kind: "alias", id: "alias-of-top", of: "top" },
      ],
      (p) => {
        seen = p.pathOf("child");
        return [{ kind: "file", dir: "", name: "index.json", json: { child: p.pathOf("child")?.join("/") } }];
      },
    ),
  );
  assert.deepEqual(seen, ["Top", "Child"]);
  const files = await readSnapshotFiles(repo, result.tree);
  assert.deepEqual([...files.keys()].sort(), [
    "Orphan/",
    "Orphan/b.txt",
    "Top/",
    "Top/Child/",
    "Top/Child/a.json",
    "index.json",
  ]);
  assert.equal(files.get("Orphan/b.txt")!.bytes.toString(), "bee");
  assert.deepEqual(JSON.parse(files.get("Top/Child/a.json")!.bytes.toString()), { a: 1 });
  assert.deepEqual(JSON.parse(files.get("index.json")!.bytes.toString()), { child: "Top/Child" });
  assert.equal(result.summary.files, 3);
  assert.deepEqual(result.warnings, []);
});

test("clashing names are settled by id, cycles go to the root, content keys store bytes once", async () => {
  const repo = await memoryRepo();
  const bytes = new Uint8Array(5000).fill(7);
  const result = await archiveSource(
    repo,
    source([
      { kind: "dir", id: "b", parent: null, name: "Same" },
      { kind: "dir", id: "a", parent: null, name: "Same" },
      { kind: "dir", id: "x", parent: "y", name: "X" },
      { kind: "dir", id: "y", parent: "x", name: "Y" },
      { kind: "file", dir: "a", name: "f.bin", bytes, contentKey: "k" },
      { kind: "file", dir: "b", name: "f.bin", contentKey: "k" },
    ]),
  );
  const files = await readSnapshotFiles(repo, result.tree);
  assert.ok(files.has("Same/f.bin") && files.has("Same (2)/f.bin"));
  assert.deepEqual(files.get("Same/f.bin")!.content, files.get("Same (2)/f.bin")!.content);
  assert.ok(files.has("X/") || files.has("Y/"), "a cycle is broken at the root");
  assert.equal([...files.keys()].filter((k) => k.endsWith(".bin")).length, 2);
});

test("reuse copies entries from the parent snapshot by path; identical captures give the same tree", async () => {
  const repo = await memoryRepo();
  const items: SourceItem[] = [
    { kind: "dir", id: "p", parent: null, name: "Page", mtime: "2025-01-01T00:00:00.000Z" },
    { kind: "file", dir: "p", name: "blocks.json", json: [1, 2, 3] },
    { kind: "dir", id: "m", parent: "p", name: "media" },
    { kind: "file", dir: "m", name: "x.png", bytes: new Uint8Array([1, 2]) },
  ];
  const first = await archiveSource(repo, source(items));
  assert.equal((await archiveSource(repo, source(items))).tree, first.tree);
  const second = await archiveSource(
    repo,
    source([
      { kind: "dir", id: "p2", parent: null, name: "Moved Page" },
      { kind: "reuse", dir: "p2", name: "blocks.json", from: ["Page", "blocks.json"] },
      { kind: "reuse", dir: "p2", name: "media", from: ["Page", "media"], optional: true },
      { kind: "reuse", dir: "p2", name: "gone.json", from: ["Page", "gone.json"], optional: true },
      { kind: "reuse", dir: "p2", name: "missing.json", from: ["Nope", "missing.json"] },
    ]),
    { parentTree: first.tree },
  );
  const before = await readSnapshotFiles(repo, first.tree);
  const files = await readSnapshotFiles(repo, second.tree);
  assert.deepEqual(files.get("Moved Page/blocks.json")!.content, before.get("Page/blocks.json")!.content);
  assert.deepEqual(files.get("Moved Page/media/")!.content, before.get("Page/media/")!.content);
  assert.ok(!files.has("Moved Page/gone.json"));
  assert.equal(second.warnings.length, 1);
  assert.match(second.warnings[0]!, /Nope\/missing\.json/);
});

test("a file may name content already stored, and a source is told where each file's content went", async () => {
  const repo = await memoryRepo();
  const seen: Array<{ content: string[]; size: number }> = [];
  const first = await archiveSource(
    repo,
    source([{ kind: "file", dir: "", name: "a.json", json: { a: 1 }, onSaved: (s) => seen.push(s) }]),
  );
  assert.equal(seen.length, 1);
  const stored = seen[0]!;
  const again = await archiveSource(
    repo,
    source([
      { kind: "file", dir: "", name: "a.json", stored, contentKey: "k" },
      { kind: "file", dir: "", name: "b.json", contentKey: "k", onSaved: (s) => seen.push(s) },
    ]),
  );
  assert.deepEqual(seen[1], stored);
  assert.equal(again.summary.newBlobs, 1, "only the new root tree");
  const files = await readSnapshotFiles(repo, again.tree);
  assert.equal(
    files.get("a.json")!.bytes.toString(),
    (await readSnapshotFiles(repo, first.tree)).get("a.json")!.bytes.toString(),
  );
  assert.deepEqual(files.get("b.json")!.content, stored.content);
});
