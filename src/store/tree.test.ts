// Trees: canonical encoding, validation of names, lookup and walking on a real repository.
import assert from "node:assert/strict";
import { test } from "node:test";
import { memoryRepo } from "../../test/helpers/memory-repo.ts";
import { IntegrityError } from "./errors.ts";
import {
  canonicalJson,
  decodeTree,
  encodeTree,
  findEntry,
  saveTree,
  splitPath,
  type TreeEntry,
  walkTree,
} from "./tree.ts";

const file = (name: string, content: string[] = []): TreeEntry => ({
  name,
  type: "file",
  mode: 0o644,
  mtime: "2026-01-01T00:00:00.000000000Z",
  size: content.length,
  content,
});

test("canonical JSON sorts keys, drops undefined and is stable", () => {
  assert.equal(
    canonicalJson({ b: 1, a: [true, null, { d: "x", c: undefined }] }),
    '{"a":[true,null,{"d":"x"}],"b":1}',
  );
  assert.throws(() => canonicalJson({ n: Number.NaN }));
});

test("a tree encodes the same whatever the entry order, and round-trips", () => {
  const a = encodeTree({ entries: [file("b"), file("a"), file("é")] });
  const b = encodeTree({ entries: [file("é"), file("a"), file("b")] });
  assert.deepEqual(a, b);
  assert.deepEqual(
    decodeTree(a).entries.map((e) => e.name),
    ["a", "b", "é"],
  );
});

test("unsafe or duplicate names are refused on write and on read", () => {
  for (const bad of ["", ".", "..", "a/b", "a\\b", "nul\0"]) {
    assert.throws(() => encodeTree({ entries: [file(bad)] }), IntegrityError, bad);
    const forged = new TextEncoder().encode(JSON.stringify({ version: 1, entries: [file(bad)] }));
    assert.throws(() => decodeTree(forged), IntegrityError);
  }
  assert.throws(() => encodeTree({ entries: [file("x"), file("x")] }), /duplicate/);
  assert.throws(() => splitPath("a/../b"), /may not contain/);
  assert.deepEqual(splitPath("/a//b/./c/"), ["a", "b", "c"]);
});

test("trees dedupe by content, and findEntry/walkTree navigate them", async () => {
  const repo = await memoryRepo();
  const leaf = await saveTree(repo, { entries: [file("x.txt")] });
  const again = await saveTree(repo, { entries: [file("x.txt")] });
  assert.equal(again.id, leaf.id);
  assert.equal(again.isNew, false);
  const dir: TreeEntry = {
    name: "sub",
    type: "dir",
    mode: 0o755,
    mtime: "2026-01-01T00:00:00Z",
    subtree: leaf.id,
  };
  const root = await saveTree(repo, { entries: [dir, file("top")] });
  assert.equal((await findEntry(repo, root.id, "sub/x.txt")).entry?.name, "x.txt");
  assert.equal((await findEntry(repo, root.id, "sub")).treeId, leaf.id);
  await assert.rejects(findEntry(repo, root.id, "top/x"), /not a directory/);
  await assert.rejects(findEntry(repo, root.id, "nope"), /no such path/);
  const paths: string[] = [];
  for await (const w of walkTree(repo, root.id)) paths.push(w.path);
  assert.deepEqual(paths, ["sub", "sub/x.txt", "top"]);
});
