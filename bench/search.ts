// Search benchmark: index build, cold load + query and warm query on a 10,000-page snapshot, then --all over 101 snapshots.
// Usage: npx tsx bench/search.ts [--store DIR] [--pages N] [--history N] [--per-snapshot N] [--runs N]
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { SearchSession } from "../src/search/search.ts";
import { listSnapshots } from "../src/store/browse.ts";
import { NVAULT_BIN } from "../test/helpers/store.ts";
import { measure } from "./measure.ts";
import { BENCH_PASSPHRASE, benchStore } from "./search-fixture.ts";
import { deriveHistory } from "./search-history.ts";

const { values: args } = parseArgs({
  options: {
    store: { type: "string", default: join(tmpdir(), "nvault-search-bench", "store") },
    pages: { type: "string", default: "10000" },
    history: { type: "string", default: "100" },
    "per-snapshot": { type: "string", default: "100" },
    runs: { type: "string", default: "5" },
  },
});
const PAGES = Number(args.pages);
const HISTORY = Number(args.history);
const PER_SNAPSHOT = Number(args["per-snapshot"]);
const RUNS = Number(args.runs);
const QUERIES = ["launch", "stable launch", '"critical policy"', "migr", "nonexistentword"];

const log = (line: string) => process.stderr.write(`${line}\n`);
const ms = (start: number) => performance.now() - start;
const fmt = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const { repo, builtSeconds } = await benchStore(args.store, { seed: 13, pages: PAGES }, log);
if (builtSeconds) log(`store built in ${builtSeconds.toFixed(0)} s`);
const cacheDir = await mkdtemp(join(tmpdir(), "nvault-search-bench-cache-"));
const lines: string[] = [];
const out = (line: string) => {
  lines.push(line);
  log(line);
};

try {
  let snapshots = await listSnapshots(repo);
  const base = snapshots[0]!;
  out(
    `Machine: ${cpus().length} cores (${cpus()[0]?.model}), load ${loadavg()[0]!.toFixed(1)}; store ${args.store}`,
  );
  out(`Workspace: generator seed=13,pages=${PAGES}; snapshot ${base.id.slice(0, 8)}`);

  // 1. One snapshot: build from nothing, then cold (new session: read + decrypt + decode) and warm queries.
  let t = performance.now();
  const builder = await SearchSession.open(repo, { cacheDir });
  const built = await builder.search("launch", { snapshot: base.id });
  const buildMs = ms(t);
  const file = (await import("node:fs/promises")).stat(builder.path!);
  out(
    `Index build (1 snapshot): ${(buildMs / 1000).toFixed(1)} s; ${built.indexed.versions} object versions, ${built.indexed.trees} folders read; file ${((await file).size / 2 ** 20).toFixed(1)} MiB`,
  );
  for (const q of QUERIES) {
    const colds: number[] = [];
    const opens: number[] = [];
    let total = 0;
    for (let i = 0; i < RUNS; i++) {
      t = performance.now();
      const session = await SearchSession.open(repo, { cacheDir });
      opens.push(ms(t));
      total = (await session.search(q, { snapshot: base.id })).total;
      colds.push(ms(t));
    }
    const warm = await SearchSession.open(repo, { cacheDir });
    await warm.search(q, { snapshot: base.id });
    const warms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      t = performance.now();
      await warm.search(q, { snapshot: base.id });
      warms.push(ms(t));
    }
    out(
      `  query ${q.padEnd(18)} ${String(total).padStart(6)} hits: cold ${fmt(median(colds))} (open ${fmt(median(opens))}), warm ${fmt(median(warms))}`,
    );
  }

  // 2. A history of a mostly unchanged workspace: each later snapshot retitles PER_SNAPSHOT pages.
  if (snapshots.length < HISTORY + 1) {
    log(`deriving ${HISTORY + 1 - snapshots.length} snapshots ...`);
    await deriveHistory(repo, snapshots.at(-1)!, HISTORY + 1 - snapshots.length, PER_SNAPSHOT, log);
    snapshots = await listSnapshots(repo);
  }
  t = performance.now();
  const history = await SearchSession.open(repo, { cacheDir });
  const all = await history.search("launch", { all: true });
  out(
    `Index update (${all.indexed.snapshots} more snapshots, ${PER_SNAPSHOT} pages retitled in each): ${(ms(t) / 1000).toFixed(1)} s; ${all.indexed.versions} new object versions, ${all.indexed.trees} folders read`,
  );
  for (const q of QUERIES) {
    const colds: number[] = [];
    let total = 0;
    for (let i = 0; i < RUNS; i++) {
      t = performance.now();
      total = (await (await SearchSession.open(repo, { cacheDir })).search(q, { all: true })).total;
      colds.push(ms(t));
    }
    const warm = await SearchSession.open(repo, { cacheDir });
    const warms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      t = performance.now();
      await warm.search(q, { all: true });
      warms.push(ms(t));
    }
    out(
      `  --all (${snapshots.length} snapshots) ${q.padEnd(18)} ${String(total).padStart(6)} hits: cold ${fmt(median(colds))}, warm ${fmt(median(warms))}`,
    );
  }

  // 3. What a user waits for: the whole `nvault search` process (start-up, passphrase KDF, index, query).
  const env = {
    ...process.env,
    NVAULT_STORE: args.store,
    NVAULT_PASSPHRASE: BENCH_PASSPHRASE,
    NVAULT_CACHE_DIR: cacheDir,
  };
  for (const extra of [[], ["--all"]]) {
    const m = await measure(process.execPath, [NVAULT_BIN, "search", "stable", "launch", ...extra], env);
    out(
      `nvault search stable launch ${extra.join(" ")}: ${m.seconds.toFixed(2)} s wall, peak RSS ${((m.maxRss ?? 0) / 2 ** 20).toFixed(0)} MB`,
    );
  }
} finally {
  await repo.close();
  await rm(cacheDir, { recursive: true, force: true });
}
process.stdout.write(`${lines.join("\n")}\n`);
