import assert from "node:assert/strict";
import { appendFile, readFile, stat } from "node:fs/promises";
import { test } from "node:test";
import { tempDir } from "../../../test/helpers/memory-repo.ts";
import { CrawlJournal, type JournalEntry, type JournalScope } from "./journal.ts";

const scope: JournalScope = {
  workspaceId: "w",
  parent: null,
  comments: "all",
  externalFiles: false,
  full: false,
};
const blocks = [{ block: { object: "block", id: "b1", type: "child_page" }, children: [] }];
const blob = new TextEncoder().encode(JSON.stringify(blocks));
const store = { hasBlob: (id: string) => id === "blob-1", loadBlob: async () => blob };
const entry = (id: string): JournalEntry => ({
  id,
  last_edited_time: "2026-01-01T00:00:00.000Z",
  blocks: { content: ["blob-1"], size: blob.length },
  files: [],
});

test("entries are appended after the store is flushed, and read back by the next run of the same scope only", async () => {
  const { dir, cleanup } = await tempDir("nvault-journal-");
  try {
    const file = CrawlJournal.path(dir, "store", "w");
    const flushes: number[] = [];
    const started = Date.parse("2026-02-01T00:00:00Z");
    const first = await CrawlJournal.open({
      file,
      scope,
      started,
      flush: async () => void flushes.push(1),
      checkpointMs: 0,
    });
    first.add(entry("p1"));
    first.add(entry("p2"));
    await first.maybeCheckpoint();
    assert.equal(flushes.length, 1);
    await first.close();
    await appendFile(file, '{"id":"p3","last_ed'); // torn by a kill
    assert.equal((await stat(file)).mode & 0o077, 0);

    const second = await CrawlJournal.open({ file, scope, started: Date.now(), flush: async () => {} });
    assert.deepEqual([...second.previous.keys()], ["p1", "p2"]);
    const q = { id: "p1", last_edited_time: "2026-01-01T00:00:00.000Z" };
    const got = await second.resume(q, store, 120_000);
    assert.deepEqual(got?.blocks, blocks);
    assert.equal(
      await second.resume({ ...q, last_edited_time: "2026-01-02T00:00:00.000Z" }, store, 0),
      undefined,
    );
    assert.equal(await second.resume(q, { ...store, hasBlob: () => false }, 0), undefined, "blobs gone");
    assert.equal(
      await second.resume(q, store, 40 * 86_400_000),
      undefined,
      "edited too close to the capture",
    );
    await second.close();

    const other = await CrawlJournal.open({
      file,
      scope: { ...scope, parent: "s1" },
      started: 0,
      flush: async () => {},
    });
    assert.equal(other.previous.size, 0, "another parent snapshot: discarded");
    await other.discard();
    await assert.rejects(readFile(file));
  } finally {
    await cleanup();
  }
});
