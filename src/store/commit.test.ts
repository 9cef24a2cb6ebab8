// commitSnapshot: any source can write a snapshot; parents are found by host and paths; locks are released.
import assert from "node:assert/strict";
import { test } from "node:test";
import { memoryRepo } from "../../test/helpers/memory-repo.ts";
import { commitSnapshot } from "./commit.ts";
import { listLocks } from "./lock.ts";
import { loadSnapshot } from "./snapshot.ts";
import { saveTree } from "./tree.ts";

const summary = { files: 1, dirs: 0, bytes: 2, newBlobs: 1, addedBytes: 2 };

test("a synthetic source commits snapshots whose parent follows host and paths", async () => {
  const repo = await memoryRepo();
  const build = async () => {
    const data = await repo.saveBlob("tree", new TextEncoder().encode('{"object":"page"}'));
    const entry = {
      name: "page.json",
      type: "file" as const,
      mode: 0o644,
      mtime: "2026-01-01T00:00:00Z",
      size: 17,
      content: [data.id],
    };
    return { tree: (await saveTree(repo, { entries: [entry] })).id, summary };
  };
  const a = await commitSnapshot(
    repo,
    { paths: ["notion:ws"], host: "h", meta: { apiVersion: "2025-09-03" } },
    build,
  );
  const b = await commitSnapshot(repo, { paths: ["notion:ws"], host: "h" }, async (ctx) => {
    assert.equal(ctx.parent?.id, a.id);
    return build();
  });
  const other = await commitSnapshot(repo, { paths: ["notion:other"], host: "h" }, async (ctx) => {
    assert.equal(ctx.parent, undefined);
    return build();
  });
  assert.equal((await loadSnapshot(repo, b.id)).manifest.parent, a.id);
  assert.equal((await loadSnapshot(repo, a.id)).manifest.meta?.apiVersion, "2025-09-03");
  assert.equal(other.manifest.parent, undefined);
  assert.deepEqual(await listLocks(repo), []);
});

test("a failing build writes no snapshot and releases its lock", async () => {
  const repo = await memoryRepo();
  await assert.rejects(
    commitSnapshot(repo, { paths: ["x"] }, async () => {
      throw new Error("source failed");
    }),
    /source failed/,
  );
  assert.deepEqual(await listLocks(repo), []);
  let snapshots = 0;
  for await (const _ of repo.backend.list("snapshots")) snapshots++;
  assert.equal(snapshots, 0);
});
