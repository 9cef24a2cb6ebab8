// A killed `nvault backup` resumes: the next run does not fetch again what the killed one stored, and its snapshot equals a clean run's.
import assert from "node:assert/strict";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { generateWorkspace } from "../emulator/generator/index.ts";
import type { JournalEntry } from "../src/notion/crawl/journal.ts";
import { FsBackend } from "../src/store/backends/fs.ts";
import { resolveSnapshot } from "../src/store/browse.ts";
import { openRepository } from "../src/store/repository.ts";
import { startEmulator, type TestEmulator } from "./helpers/emulator.ts";
import { comparableFiles } from "./helpers/snapshot-files.ts";
import { makeTempStore, type TempStore } from "./helpers/store.ts";

let t: TestEmulator;
const stores: TempStore[] = [];

before(async () => {
  t = await startEmulator({
    workspace: generateWorkspace({
      seed: 31,
      pages: 30,
      rowsPerDatabase: 12,
      commentsPerPage: 2,
      mediaFiles: 4,
    }),
  });
  t.log.trace();
});

after(async () => {
  for (const s of stores) await s.close();
  await t?.close();
});

async function newStore(): Promise<TempStore> {
  const s = await makeTempStore({
    env: { NOTION_BASE_URL: t.url, NOTION_TOKEN: t.token, NVAULT_JOURNAL_SECONDS: "0" },
  });
  stores.push(s);
  return s;
}

/** The journal files under the store's cache folder. */
async function journals(store: TempStore): Promise<string[]> {
  const root = store.env.NVAULT_CACHE_DIR!;
  const out: string[] = [];
  for (const id of await readdir(root).catch(() => [] as string[])) {
    const dir = join(root, id, "notion-journal");
    for (const f of await readdir(dir).catch(() => [] as string[])) out.push(join(dir, f));
  }
  return out;
}

async function journalEntries(store: TempStore): Promise<JournalEntry[]> {
  const out: JournalEntry[] = [];
  for (const f of await journals(store)) {
    for (const line of (await readFile(f, "utf8")).split("\n").slice(1)) {
      try {
        if (line) out.push(JSON.parse(line) as JournalEntry);
      } catch {
        // a torn last line
      }
    }
  }
  return out;
}

/** The latest snapshot's files as comparable text (JSON without signed URLs, other files as base64). */
async function latestFiles(store: TempStore): Promise<Map<string, string>> {
  const repo = await openRepository(new FsBackend(store.dir), store.env.NVAULT_PASSPHRASE!, {
    cacheDir: false,
  });
  try {
    const snap = await resolveSnapshot(repo, "latest");
    return await comparableFiles(repo, snap.manifest.tree);
  } finally {
    await repo.close();
  }
}

test("a backup killed with SIGKILL resumes without fetching again what it stored, and equals a clean run", async () => {
  const clean = await newStore();
  await clean.json(["backup", "--rate", "500"]);
  assert.deepEqual(await journals(clean), [], "a finished backup leaves no journal");
  const expected = await latestFiles(clean);

  const store = await newStore();
  const child = store.start(["backup", "--rate", "60"]);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  // Killed once some pages are journaled (their blobs flushed to the store), well before the end.
  while ((await journalEntries(store)).length < 8 && child.exitCode === null) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  child.kill("SIGKILL");
  await exited;
  assert.equal((await store.json<unknown[]>(["snapshots"])).length, 0, "no snapshot after the kill");
  const stored = await journalEntries(store);
  assert.ok(stored.length >= 8, `${stored.length} pages journaled before the kill`);
  for (const f of await journals(store)) {
    assert.equal((await stat(f)).mode & 0o077, 0, "the journal is readable by its owner only");
    assert.doesNotMatch(await readFile(f, "utf8"), new RegExp(t.token), "no token in the journal");
  }

  t.log.reset();
  const resumed = await store.json<{ report: { reusedPages: number } }>(["backup", "--rate", "500"]);
  const ids = new Set(stored.map((e) => e.id));
  assert.ok(resumed.report.reusedPages >= ids.size);
  for (const endpoint of ["blocks.children.list", "comments.list", "pages.retrieve"]) {
    const again = t.log.targets(endpoint).filter((id) => ids.has(id));
    assert.deepEqual(again, [], `${endpoint} not sent again for journaled pages`);
  }
  assert.deepEqual(await journals(store), [], "the journal is gone once the snapshot is written");
  const got = await latestFiles(store);
  assert.deepEqual([...got.keys()].sort(), [...expected.keys()].sort());
  for (const [path, text] of expected) assert.equal(got.get(path), text, path);
  assert.equal((await store.run(["check"])).code, 0);
});
