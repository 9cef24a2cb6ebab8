// Backup -> restore into an empty page -> backup again: the restored subtree equals the original modulo ids, stamps and authors.
import assert from "node:assert/strict";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { restoreLowerBound } from "../bench/restore-lower-bound.ts";
import { formatNotionRestore, runNotionRestore } from "../src/cli/restore-notion.ts";
import { type RestoreReport, restoreToNotion } from "../src/notion/restore/restore.ts";
import { fastClient } from "./helpers/crawl.ts";
import { assertRestoredEqual, EXCLUDED_BLOCKS, emptyTarget, journalMap } from "./helpers/restore-compare.ts";
import { type BackedUpWorkspace, backedUpWorkspace } from "./helpers/workspace-snapshot.ts";

describe("restore into Notion", () => {
  let w: BackedUpWorkspace;
  let dir: string;
  let report: RestoreReport;
  let target: string;
  let journalPath: string;

  before(async () => {
    w = await backedUpWorkspace({ seed: 7, pages: 12, rowsPerDatabase: 6, mediaFiles: 3 });
    dir = await mkdtemp(join(tmpdir(), "nvault-restore-"));
    target = await emptyTarget(w);
    journalPath = join(dir, "journal.jsonl");
    w.emulator.log.reset();
    report = await restoreToNotion(w.reader, { client: fastClient(w.emulator), target, journalPath });
  });
  after(async () => {
    await w?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("sends only requests the emulator accepts", () => {
    const snap = w.emulator.log.snapshot();
    const rejected = Object.entries(snap.statuses).filter(([s]) => s.startsWith("4"));
    assert.deepEqual(rejected, [], JSON.stringify(snap.byEndpoint));
    assert.ok(report.requests.total > 0);
    assert.equal(report.requests.total, snap.total);
  });

  it("creates and appends within 10% of the lower bound", async () => {
    const bound = await restoreLowerBound(w.reader);
    const by = report.requests.byEndpoint;
    const sent = ["pages.create", "databases.create", "dataSources.create", "blocks.children.append"].reduce(
      (n, e) => n + (by[e] ?? 0),
      0,
    );
    const floor = bound.creates + bound.appends;
    assert.ok(sent <= floor * 1.1, `${sent} creates and appends for a lower bound of ${floor}`);
    assert.equal(by["comments.create"], bound.comments, "one request per comment");
  });

  it("recreates every page, row, database, data source and block the API can create", async () => {
    const { reader: again } = await w.backupAgain();
    const { toOld, toNew } = await journalMap(journalPath);
    const compared = await assertRestoredEqual(w.reader, again, toOld, toNew);
    assert.ok(compared >= w.reader.ids().length - 2, `compared ${compared} objects`);
  });

  it("reports what it could not restore", () => {
    const lostTypes = new Set(report.notRestored.map((e) => e.type));
    for (const t of EXCLUDED_BLOCKS) assert.ok(lostTypes.has(t), `${t} blocks are listed as not restored`);
    assert.ok(report.readOnlyValues.some((r) => r.type === "formula"));
    assert.ok(report.created.pages > 0 && report.created.rows > 0 && report.created.databases > 0);
  });

  it("keeps the journal owner-only", async () => {
    const s = await stat(journalPath);
    assert.equal(s.mode & 0o077, 0);
  });

  it("--dry-run plans without writing and counts the requests of the real run", async () => {
    w.emulator.log.reset();
    // The first snapshot: "latest" is now the backup that holds the restored copy too.
    const dry = await runNotionRestore(w.repo, w.reader.snapshot.id.slice(0, 12), {
      toNotion: target,
      dryRun: true,
      client: fastClient(w.emulator),
    });
    assert.equal(w.emulator.log.snapshot().total, 0, "a dry run sends nothing");
    assert.equal(dry.mode, "to-notion");
    if (dry.mode !== "to-notion") return;
    for (const endpoint of [
      "pages.create",
      "databases.create",
      "blocks.children.append",
      "comments.create",
    ]) {
      assert.equal(dry.requests.byEndpoint[endpoint], report.requests.byEndpoint[endpoint], endpoint);
    }
    assert.deepEqual(dry.created, { ...report.created });
    assert.match(
      formatNotionRestore(dry),
      /^plan: restore snapshot [0-9a-f]{8} under .* would create 12 pages/,
    );
  });

  it("restores one page subtree (SNAPSHOT:PATH) and lists the links that point outside it", async () => {
    const { reader } = w;
    const sub = reader.ids().find((id) => {
      const e = reader.entry(id)!;
      return (
        e.type === "page" && e.parent && reader.childrenOf(id).some((c) => reader.entry(c)?.type === "page")
      );
    })!;
    const inside = new Set<string>();
    const collect = (id: string) => {
      inside.add(id);
      for (const c of reader.childrenOf(id)) collect(c);
    };
    collect(sub);
    const subTarget = await emptyTarget(w, "Subtree target");
    const res = await runNotionRestore(
      w.repo,
      `${reader.snapshot.id.slice(0, 12)}:${reader.entry(sub)!.path}`,
      {
        toNotion: subTarget,
        client: fastClient(w.emulator),
        journal: join(dir, "subtree.jsonl"),
      },
    );
    assert.equal(res.mode, "to-notion");
    if (res.mode !== "to-notion") return;
    assert.deepEqual(Object.keys(res.roots), [sub]);
    const pages = [...inside].filter((id) => reader.entry(id)?.type === "page").length;
    assert.equal(res.created.pages, pages);
    // Every mention or link_to_page of a page outside the subtree is kept and listed.
    const outside = new Set<string>();
    for (const id of inside) {
      const text = JSON.stringify(await reader.blocks(id));
      for (const m of text.matchAll(
        /"(?:page|database)":\{"id":"([0-9a-f-]{36})"|"(?:page|database)_id":"([0-9a-f-]{36})"/g,
      )) {
        const ref = (m[1] ?? m[2])!;
        if (!inside.has(ref) && ref !== id) outside.add(ref);
      }
    }
    const listed = new Set(res.outsideLinks.map((l) => l.to));
    for (const ref of outside) assert.ok(listed.has(ref), `link to ${ref} is listed`);
    assert.match(formatNotionRestore(res), /^restored snapshot/);
  });

  it("--in-place (SNAPSHOT:NOTION_ID) brings a trashed page back with its id", async () => {
    const id = w.reader.ids().find((i) => w.reader.entry(i)?.type === "page" && w.reader.entry(i)?.parent)!;
    await w.emulator.client.pages.update({ page_id: id, in_trash: true });
    const res = await runNotionRestore(w.repo, `${w.reader.snapshot.id.slice(0, 12)}:${id}`, {
      inPlace: true,
      client: fastClient(w.emulator),
      journal: join(dir, "in-place.jsonl"),
    });
    assert.equal(res.mode, "in-place");
    if (res.mode !== "in-place") return;
    assert.equal(res.untrashed, true);
    assert.equal(w.ws.pages.get(id)?.in_trash, false);
    assert.match(formatNotionRestore(res), /^rolled back page .* \(taken out of the trash\)/);
  });
});
