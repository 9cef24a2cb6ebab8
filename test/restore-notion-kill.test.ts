// A restore stopped at any moment (before a request, after a write whose answer is lost, in a 5xx storm) and re-run ends equal to an uninterrupted one.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { generateWorkspace } from "../emulator/generator/index.ts";
import type { Workspace } from "../emulator/workspace.ts";
import type { NotionClient } from "../src/notion/client.ts";
import { type RestoreReport, restoreToNotion } from "../src/notion/restore/restore.ts";
import type { WorkspaceSnapshot } from "../src/notion/snapshot-reader.ts";
import { fastClient } from "./helpers/crawl.ts";
import { startEmulator, type TestEmulator } from "./helpers/emulator.ts";
import { assertRestoredEqual, emptyTarget, journalMap } from "./helpers/restore-compare.ts";
import { finished, makeTempStore, type TempStore } from "./helpers/store.ts";
import { type BackedUpWorkspace, backedUpWorkspace } from "./helpers/workspace-snapshot.ts";

/** A client that stops the run at its n-th call: before sending it, or after Notion applied it (answer lost). */
function stoppingClient(
  inner: NotionClient,
  n: number,
  mode: "before" | "after",
  ctl: AbortController,
): NotionClient {
  let calls = 0;
  return {
    baseUrl: inner.baseUrl,
    stats: () => inner.stats(),
    downloadFile: (url, opts) => inner.downloadFile(url, opts),
    call: (async (name, args, opts) => {
      calls++;
      if (calls === n && mode === "before") ctl.abort(new Error(`stopped before call ${n} (${name})`));
      if (ctl.signal.aborted) throw ctl.signal.reason;
      const res = await inner.call(name, args, opts);
      if (calls === n && mode === "after") {
        ctl.abort(new Error(`stopped after call ${n} (${name})`));
        throw ctl.signal.reason;
      }
      return res;
    }) as NotionClient["call"],
  };
}

/** Objects and blocks under a restored root in a snapshot. */
async function census(reader: WorkspaceSnapshot, roots: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = { page: 0, row: 0, database: 0, data_source: 0, blocks: 0 };
  const visit = async (id: string) => {
    const type = reader.entry(id)!.type;
    out[type] = (out[type] ?? 0) + 1;
    if (type === "page" || type === "row") {
      const count = (nodes: Awaited<ReturnType<WorkspaceSnapshot["blocks"]>>): number =>
        nodes.reduce((n, b) => n + 1 + count(b.children), 0);
      out.blocks! += count(await reader.blocks(id));
    }
    for (const c of reader.childrenOf(id)) await visit(c);
  };
  for (const r of roots) await visit(r);
  return out;
}

describe("restore into Notion, interrupted and re-run", () => {
  let w: BackedUpWorkspace;
  let dir: string;
  const runs: Record<string, { target: string; journal: string; report?: RestoreReport; attempts: number }> =
    {};

  before(async () => {
    w = await backedUpWorkspace({ seed: 11, pages: 10, rowsPerDatabase: 6, mediaFiles: 3 });
    dir = await mkdtemp(join(tmpdir(), "nvault-restore-kill-"));
    for (const name of ["reference", "stopped", "lost-answers", "storm"]) {
      runs[name] = {
        target: await emptyTarget(w, `Target ${name}`),
        journal: join(dir, `${name}.jsonl`),
        attempts: 0,
      };
    }
    const client = fastClient(w.emulator);
    const ref = runs.reference!;
    ref.report = await restoreToNotion(w.reader, { client, target: ref.target, journalPath: ref.journal });
  });
  after(async () => {
    await w?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("stopped again and again, before a request or after a write, it resumes and creates nothing twice", async () => {
    const run = runs.stopped!;
    const total = runs.reference!.report!.requests.total;
    // Stop points spread over the whole run, alternating between the two kinds of stop.
    for (let n = 3, i = 0; ; n += 7, i++) {
      const ctl = new AbortController();
      const client = stoppingClient(fastClient(w.emulator), n, i % 2 === 0 ? "after" : "before", ctl);
      run.attempts++;
      try {
        run.report = await restoreToNotion(w.reader, {
          client,
          target: run.target,
          journalPath: run.journal,
          signal: ctl.signal,
        });
        break;
      } catch (err) {
        assert.ok(ctl.signal.aborted, `only the stop fails a run: ${(err as Error).message}`);
      }
      assert.ok(run.attempts < total, "the restore makes progress between stops");
    }
    assert.ok(run.attempts > 5, `stopped ${run.attempts - 1} times`);
  });

  it("finds the objects whose create answers were lost instead of creating them again", async () => {
    const run = runs["lost-answers"]!;
    const faults = w.emulator.emulator.faults;
    for (const endpoint of [
      "pages.create",
      "blocks.children.append",
      "databases.create",
      "dataSources.create",
      "comments.create",
    ]) {
      faults.injectNext(endpoint, 2, "drop-after");
    }
    run.attempts++;
    run.report = await restoreToNotion(w.reader, {
      client: fastClient(w.emulator),
      target: run.target,
      journalPath: run.journal,
    });
    assert.ok(run.report.recovered >= 8, `recovered ${run.report.recovered} lost creates`);
  });

  it("rides out a 5xx storm, re-run after each failure", async () => {
    const run = runs.storm!;
    const emulator = w.emulator.emulator;
    emulator.options.faults = { seed: 5, errorRate: 0.3, statuses: [500, 502, 503] };
    try {
      for (;;) {
        run.attempts++;
        try {
          run.report = await restoreToNotion(w.reader, {
            client: fastClient(w.emulator, { maxRetryTimeMs: 2_000 }),
            target: run.target,
            journalPath: run.journal,
          });
          break;
        } catch (err) {
          assert.ok(run.attempts < 20, `still failing after ${run.attempts} runs: ${(err as Error).message}`);
        }
      }
    } finally {
      emulator.options.faults = undefined as never;
    }
  });

  it("every interrupted restore ends equal to the uninterrupted one", async () => {
    const { reader: again } = await w.backupAgain();
    const counts: Record<string, Record<string, number>> = {};
    for (const [name, run] of Object.entries(runs)) {
      assert.ok(run.report, `${name} finished`);
      const { toOld, toNew } = await journalMap(run.journal);
      await assertRestoredEqual(w.reader, again, toOld, toNew);
      counts[name] = await census(again, again.childrenOf(run.target));
    }
    for (const name of ["stopped", "lost-answers", "storm"]) {
      assert.deepEqual(
        counts[name],
        counts.reference,
        `${name}: same objects and blocks as the uninterrupted restore`,
      );
    }
    assert.ok(counts.reference!.page! > 5 && counts.reference!.blocks! > 50);
  });
});

/** Pages, databases, rows and blocks under a page, counted inside the emulator (trash excluded). */
function emulatorCensus(ws: Workspace, root: string): Record<string, number> {
  const out: Record<string, number> = { pages: 0, databases: 0, rows: 0, blocks: 0, comments: 0 };
  const commentsOn = new Map<string, number>();
  for (const c of ws.comments.values()) {
    const on = c.parent?.page_id ?? c.parent?.block_id;
    commentsOn.set(on, (commentsOn.get(on) ?? 0) + 1);
  }
  const visit = (id: string) => {
    out.comments! += commentsOn.get(id) ?? 0;
    for (const child of ws.children.get(id) ?? []) {
      const block = ws.blocks.get(child);
      if (!block || block.in_trash) continue;
      if (block.type === "child_page") out.pages!++;
      else if (block.type === "child_database") {
        out.databases!++;
        for (const ds of ws.databases.get(child)?.data_sources ?? []) {
          for (const row of ws.pages.values()) {
            if (row.parent?.data_source_id !== ds.id || row.in_trash) continue;
            out.rows!++;
            visit(row.id);
          }
        }
      } else out.blocks!++;
      visit(child);
    }
  };
  visit(root);
  return out;
}

describe("nvault restore --to-notion through the CLI", () => {
  let t: TestEmulator;
  let store: TempStore;

  before(async () => {
    t = await startEmulator({
      workspace: generateWorkspace({ seed: 3, pages: 6, rowsPerDatabase: 6, mediaFiles: 2 }),
    });
    store = await makeTempStore({ env: { NOTION_BASE_URL: t.url, NOTION_TOKEN: t.token } });
    await store.ok(["backup", "--rate", "500"]);
  });
  after(async () => {
    await store?.close();
    await t?.close();
  });

  it("ends with the same pages, rows, blocks and comments as an uninterrupted restore", async () => {
    const root = [...t.ws.pages.values()].find((p) => p.parent?.type === "workspace")!;
    const makeTarget = async (title: string) =>
      (
        await t.client.pages.create({
          parent: { page_id: root.id },
          properties: { title: { title: [{ text: { content: title } }] } },
        })
      ).id;
    const [plainTarget, killedTarget] = [await makeTarget("Uninterrupted"), await makeTarget("Killed")];
    const plain = await store.json<{ created: { pages: number }; requests: { total: number } }>([
      "restore",
      "latest",
      "--to-notion",
      plainTarget,
      "--rate",
      "500",
    ]);
    assert.ok(plain.created.pages > 0);

    // Killed twice, part way through, at a pace slow enough to land in the middle.
    for (const stopAt of [4, 12]) {
      const creates = () => t.log.count("pages.create") + t.log.count("blocks.children.append");
      const base = creates();
      const child = store.start(["restore", "latest", "--to-notion", killedTarget, "--rate", "20"]);
      const ended = finished(child);
      while (creates() - base < stopAt && child.exitCode === null) await sleep(5);
      child.kill("SIGKILL");
      const r = await ended;
      assert.equal(r.signal, "SIGKILL", `the run was still going when killed: ${r.stderr}`);
    }
    const last = await store.json<{ alreadyRestored: number }>([
      "restore",
      "latest",
      "--to-notion",
      killedTarget,
      "--rate",
      "500",
    ]);
    assert.ok(last.alreadyRestored > 0, "the last run took over what the killed ones made");
    const census = emulatorCensus(t.ws, plainTarget);
    assert.ok(
      census.pages! > 3 && census.rows! > 3 && census.blocks! > 30 && census.comments! > 0,
      JSON.stringify(census),
    );
    assert.deepEqual(emulatorCensus(t.ws, killedTarget), census);
  });

  it("plans with --dry-run without writing, and fails clearly on a target it cannot see", async () => {
    const before = t.log.snapshot().total;
    const root = [...t.ws.pages.values()].find((p) => p.parent?.type === "workspace")!;
    const plan = await store.ok(["restore", "latest", "--to-notion", root.id, "--dry-run"]);
    assert.match(plan, /^plan: restore snapshot [0-9a-f]{8} under .*: would create \d+ pages/);
    assert.equal(t.log.snapshot().total, before, "a dry run sends no request");
    const missing = await store.run(["restore", "latest", "--to-notion", "0123456789abcdef0123456789abcdef"]);
    assert.equal(missing.code, 6, missing.stderr);
    assert.match(missing.stderr, /^nvault: .*object_not_found/m);
    assert.ok(!missing.stderr.includes(t.token));
    const help = await store.ok(["restore", "--help"]);
    assert.match(help, /--to-notion/);
  });
});
