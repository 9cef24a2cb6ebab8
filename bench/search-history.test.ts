// The search benchmark's derived history: each snapshot retitles a few pages and shares everything else.
import assert from "node:assert/strict";
import { test } from "node:test";
import { searchSnapshots } from "../src/search/search.ts";
import { tempDir } from "../test/helpers/memory-repo.ts";
import { backedUpWorkspace } from "../test/helpers/workspace-snapshot.ts";
import { deriveHistory } from "./search-history.ts";

test("derived snapshots retitle a few pages each and index as a few new versions", async () => {
  const w = await backedUpWorkspace({ seed: 5, pages: 10, rowsPerDatabase: 3, mediaFiles: 0 });
  const { dir, cleanup } = await tempDir("nvault-search-history-");
  try {
    const first = await searchSnapshots(w.repo, "rev1", { cacheDir: dir });
    assert.equal(first.total, 0);
    const derived = await deriveHistory(w.repo, w.result.snapshot, 2, 3, () => {});
    assert.equal(derived.length, 2);
    assert.equal(derived[1]!.manifest.parent, derived[0]!.id);
    const r = await searchSnapshots(w.repo, "rev2", { cacheDir: dir, all: true });
    assert.equal(r.scope.length, 3);
    assert.equal(r.total, 3);
    for (const hit of r.hits)
      assert.deepEqual(
        hit.snapshots.map((s) => s.id),
        [derived[1]!.id],
      );
    assert.equal(r.indexed.snapshots, 2);
    assert.ok(r.indexed.versions <= 6, `only retitled pages are new versions (${r.indexed.versions})`);
  } finally {
    await w.close();
    await cleanup();
  }
});
