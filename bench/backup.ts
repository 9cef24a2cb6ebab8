// Notion backup benchmark: requests per endpoint, time, rate-budget use and memory against the emulator, beside the lower bound.
// Usage: npx tsx bench/backup.ts [--quick] [--scale K] [--only 1k|10k|rows] [--out FILE] [--render saved.json ...]
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { generateWorkspace } from "../emulator/generator/index.ts";
import type { GenerateOptions } from "../emulator/generator/options.ts";
import { createEmulator, DEFAULT_TOKEN } from "../emulator/index.ts";
import type { NotionObject, Workspace } from "../emulator/workspace.ts";
import { NVAULT_BIN } from "../test/helpers/store.ts";
import { type BoundComments, lowerBound, total } from "./backup-lower-bound.ts";
import {
  type BenchContext,
  budgetUsed,
  fullRunFor,
  type RunResult,
  renderSection,
  type ScenarioResult,
} from "./backup-report.ts";
import { measure } from "./measure.ts";

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    scale: { type: "string", default: "100" },
    only: { type: "string", multiple: true },
    out: { type: "string", default: "/tmp/bench-backup.md" },
    /** Saved results (the .json written beside --out) to render again instead of running. */
    render: { type: "string", multiple: true },
  },
});

const K = Number(args.scale);
const RATE = 3 * K;
const BURST = 10 * K;
const PASSPHRASE = "bench-passphrase-not-secret";

interface Scenario {
  key: string;
  name: string;
  gen: Partial<GenerateOptions>;
  /** Comments modes of the runs: all of them by default; "pages" alone keeps a large case short. */
  comments?: "pages";
}

const SCENARIOS: Scenario[] = args.quick
  ? [
      { key: "1k", name: "100 pages (quick)", gen: { seed: 11, pages: 100 } },
      {
        key: "rows",
        name: "a database of 2,000 rows (quick)",
        gen: { seed: 12, pages: 5, databases: 1, rowsPerDatabase: 2000 },
      },
    ]
  : [
      { key: "1k", name: "1,000 pages", gen: { seed: 11, pages: 1000 } },
      {
        key: "rows",
        name: "a database of 20,000 rows",
        gen: { seed: 12, pages: 5, databases: 1, rowsPerDatabase: 20000 },
      },
      // With --comments all, 10,000 pages need ~240,000 requests (over 13 min at 300 req/s here).
      { key: "10k", name: "10,000 pages", gen: { seed: 13, pages: 10000 }, comments: "pages" },
    ];

function specOf(gen: Partial<GenerateOptions>): string {
  return Object.entries(gen)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
}

/** Edits a paragraph (or the title) of 1% of the pages and rows, stamped at the emulator's clock. */
function changeOnePercent(ws: Workspace): number {
  const templates = new Set<string>();
  for (const ds of ws.dataSources.values()) for (const t of ds.templates ?? []) templates.add(t.id);
  const pages = [...ws.pages.values()].filter((p) => p.in_trash !== true && !templates.has(p.id));
  const step = 100;
  let changed = 0;
  for (let i = 0; i < pages.length; i += step) {
    const page = pages[i] as NotionObject;
    const stamp = ws.timestamp();
    const blockId = (ws.children.get(page.id) ?? []).find((id) => {
      const b = ws.blocks.get(id);
      return b && Array.isArray(b[b.type]?.rich_text) && b[b.type].rich_text.length > 0;
    });
    const block = blockId ? ws.blocks.get(blockId) : undefined;
    if (block) {
      const first = block[block.type].rich_text[0];
      if (first.text) first.text.content = `${first.text.content} (edited)`;
      first.plain_text = `${first.plain_text ?? ""} (edited)`;
      block.last_edited_time = stamp;
    }
    page.last_edited_time = stamp;
    changed++;
  }
  return changed;
}

async function runScenario(s: Scenario): Promise<ScenarioResult> {
  const ws = generateWorkspace(s.gen);
  const emulator = await createEmulator({ workspace: ws, rateLimit: { ratePerSecond: RATE, burst: BURST } });
  const dir = await mkdtemp(join(tmpdir(), "nvault-bench-backup-"));
  const env = {
    ...process.env,
    NVAULT_STORE: join(dir, "store"),
    NVAULT_PASSPHRASE: PASSPHRASE,
    NVAULT_CACHE_DIR: join(dir, "cache"),
    NOTION_TOKEN: DEFAULT_TOKEN,
    NOTION_BASE_URL: emulator.url,
  };
  const bounds: Record<string, Record<string, number>> = {};
  for (const c of ["all", "pages"] as BoundComments[]) bounds[c] = lowerBound(ws, c);
  const runs: RunResult[] = [];
  const run = async (label: string, comments: string, extra: string[] = []) => {
    emulator.log.reset();
    const m = await measure(
      process.execPath,
      [NVAULT_BIN, "backup", "--rate", String(RATE), "--comments", comments, "--json", ...extra],
      env,
    );
    const snap = emulator.log.snapshot();
    const out = JSON.parse(m.stdout) as { report: { durationMs: number; reusedPages: number } };
    const result: RunResult = {
      label,
      comments,
      requests: { ...snap.endpoints },
      total: snap.total,
      rateLimited: snap.statuses["429"] ?? 0,
      wallSeconds: m.seconds,
      crawlSeconds: out.report.durationMs / 1000,
      maxRss: m.maxRss,
      reusedPages: out.report.reusedPages,
    };
    runs.push(result);
    console.error(
      `  ${label} (comments ${comments}): ${result.total} requests, ${result.rateLimited} × 429, crawl ${result.crawlSeconds.toFixed(1)} s, RSS ${((m.maxRss ?? 0) / 2 ** 20).toFixed(0)} MB`,
    );
  };
  try {
    await measure(process.execPath, [NVAULT_BIN, "init"], env);
    console.error(
      `${s.name}: lower bound ${total(bounds.all ?? {})} (comments all), ${total(bounds.pages ?? {})} (pages)`,
    );
    const main = s.comments ?? "all";
    await run("full", main);
    await run("incremental, unchanged", main);
    // Edits happen on the emulator's clock, set to a fixed instant after the generated history and
    // well before the real clock the backup stamps its capture with, so the 2-minute margin is met.
    ws.now = () => new Date(Date.UTC(2026, 0, 1));
    const changed = changeOnePercent(ws);
    await run(`incremental, ${changed} pages changed (1%)`, main);
    // Unchanged pages' comments are listed again once per --comments-refresh period (7 days by
    // default, so hardly any here); with 0 every backup lists them all: the cost of that choice.
    await run("incremental, unchanged, --comments-refresh 0", main, ["--comments-refresh", "0"]);
    // A second full crawl only where it is cheap: it checks the `--comments pages` lower bound.
    // A switch of comments mode lists every page's comments again, so "pages" runs follow it.
    if (main === "all" && total(bounds.pages ?? {}) <= 30_000) {
      await run("full, comments pages", "pages", ["--full"]);
      await run("incremental, unchanged", "pages");
    }
  } finally {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
  const livePages = [...ws.pages.values()].filter((p) => p.in_trash !== true);
  const rows = livePages.filter((p) => p.parent?.type === "data_source_id").length;
  return {
    name: s.name,
    key: s.key,
    spec: specOf(s.gen),
    objects: `${livePages.length - rows} pages, ${rows} rows and templates, ${ws.blocks.size} blocks, ${ws.databases.size} databases, ${ws.comments.size} comments, ${ws.files.size} hosted files`,
    bounds,
    runs,
  };
}

/** Endpoints still needed to see that nothing changed (listing, search, databases); see targets(). */
const INCREMENTAL_FLOOR_ENDPOINTS = new Set([
  "users.me",
  "users.list",
  "search",
  "databases.retrieve",
  "views.list",
  "views.retrieve",
  "dataSources.retrieve",
  "dataSources.query",
  "dataSources.listTemplates",
]);

function targets(results: ScenarioResult[], ctx: BenchContext): string[] {
  const lines: string[] = [];
  for (const s of results) {
    const full = s.runs.find((r) => r.label === "full");
    if (!full) continue;
    const bound = total(s.bounds[full.comments] ?? {});
    const over = full.total / bound - 1;
    const budget = budgetUsed(full, ctx);
    lines.push(
      `${s.name}: full backup (comments ${full.comments}) ${(over * 100).toFixed(1)}% over the lower bound (target ≤ 5%: ${over <= 0.05 ? "met" : "not met"}); rate budget used ${(budget * 100).toFixed(1)}% (target ≥ 95%: ${budget >= 0.95 ? "met" : "not met"}).`,
    );
    for (const r of s.runs.filter((x) => x.label === "incremental, unchanged")) {
      const ref = fullRunFor(s, r) ?? full;
      const share = r.total / ref.total;
      lines.push(
        `${s.name}: unchanged incremental (comments ${r.comments}) ${(share * 100).toFixed(2)}% of the full backup's requests (comments ${ref.comments}; target < 2%: ${share < 0.02 ? "met" : "not met"}).`,
      );
    }
    // What noticing "nothing changed" needs at least if search's page objects (they carry
    // last_edited_time) stood in for pages.retrieve and unchanged pages' comments were not listed.
    const floor = total(
      Object.fromEntries(
        Object.entries(s.bounds[full.comments] ?? {}).filter(([e]) => INCREMENTAL_FLOOR_ENDPOINTS.has(e)),
      ),
    );
    lines.push(
      `${s.name}: an unchanged incremental could go as low as ${floor} requests (${((floor / full.total) * 100).toFixed(2)}% of full): ${[...INCREMENTAL_FLOOR_ENDPOINTS].map((e) => `\`${e}\``).join(", ")} only.`,
    );
    const peak = Math.max(...s.runs.map((r) => r.maxRss ?? 0));
    lines.push(
      `${s.name}: peak RSS ${(peak / 2 ** 20).toFixed(0)} MB (target < 300 MB${s.name.startsWith("10,000") ? "" : ", set for 10,000 pages"}: ${peak < 300 * 2 ** 20 ? "met" : "not met"}).`,
    );
  }
  return lines;
}

/** Bounds of a saved result, computed again (the generator is deterministic) with today's formula. */
function refreshBounds(r: ScenarioResult): ScenarioResult {
  const s = SCENARIOS.find((x) => x.key === r.key || x.name === r.name);
  if (!s) return r;
  const ws = generateWorkspace(s.gen);
  return { ...r, key: s.key, bounds: { all: lowerBound(ws, "all"), pages: lowerBound(ws, "pages") } };
}

/** Runs the scenarios, or (--render) merges saved results; returns the context and results. */
async function collect(): Promise<{ ctx: BenchContext; results: ScenarioResult[] }> {
  if (args.render?.length) {
    const saved = await Promise.all(
      args.render.map(
        async (f) =>
          JSON.parse(await readFile(f, "utf8")) as { ctx: BenchContext; results: ScenarioResult[] },
      ),
    );
    const first = saved[0];
    if (!first) throw new Error("--render needs a results file");
    const command =
      saved.length > 1 ? `npx tsx bench/backup.ts${args.quick ? " --quick" : ""}` : first.ctx.command;
    const load = saved.map((x) => x.ctx.load).join("; ");
    return {
      ctx: { ...first.ctx, command, load },
      results: saved.flatMap((x) => x.results.map(refreshBounds)),
    };
  }
  const load = loadavg()
    .map((x) => x.toFixed(2))
    .join(", ");
  const results: ScenarioResult[] = [];
  for (const s of SCENARIOS) {
    if (args.only && !args.only.includes(s.key)) continue;
    results.push(await runScenario(s));
  }
  const ctx: BenchContext = {
    command: `npx tsx bench/backup.ts${args.quick ? " --quick" : ""}${K !== 100 ? ` --scale ${K}` : ""}${args.only ? args.only.map((o) => ` --only ${o}`).join("") : ""}`,
    scale: K,
    rate: RATE,
    burst: BURST,
    clientBurst: Math.max(1, Math.floor(RATE)),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}`,
    load,
    date: new Date().toISOString().slice(0, 16).replace("T", " "),
  };
  await writeFile(args.out.replace(/\.md$/, ".json"), JSON.stringify({ ctx, results }, null, 2));
  return { ctx, results };
}

const { ctx, results } = await collect();
const md = renderSection(ctx, results, targets(results, ctx));
await writeFile(args.out, md);
console.log(md);
