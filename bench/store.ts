// Store benchmark: nvault against restic on Notion-like JSON and media-like files.
// Usage: npx tsx bench/store.ts [--quick] [--runs N] [--only notion|media] [--no-restic] [--keep]
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { cpus, hostname, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { seededRng } from "../test/helpers/random.ts";
import { dirSize, NVAULT_BIN } from "../test/helpers/store.ts";
import { generateMediaFiles, mutateMediaFiles } from "./data/media-files.ts";
import { generateNotionDocs, mutateNotionDocs } from "./data/notion-docs.ts";
import { type Measurement, measure } from "./measure.ts";

/** A backup tool under test, driven as child processes against its own store. */
interface Tool {
  name: string;
  init(): Promise<void>;
  backup(source: string): Promise<Measurement>;
  storeSize(): Promise<number>;
}

/** One line of the results table. */
interface Row {
  dataset: string;
  tool: string;
  snapshot: string;
  sourceBytes: number;
  m: Measurement;
  storeBytes: number;
  addedBytes: number;
}

const PASSWORD = "bench-passphrase-not-secret";

function nvaultTool(dir: string): Tool {
  const store = join(dir, "store");
  const env = {
    ...process.env,
    NVAULT_STORE: store,
    NVAULT_PASSPHRASE: PASSWORD,
    NVAULT_CACHE_DIR: join(dir, "cache"),
  };
  return {
    name: "nvault",
    init: async () => {
      await measure(process.execPath, [NVAULT_BIN, "init"], env);
    },
    backup: (source) => measure(process.execPath, [NVAULT_BIN, "backup", "--source", source, "--json"], env),
    storeSize: () => dirSize(store),
  };
}

function resticTool(dir: string): Tool {
  const repo = join(dir, "repo");
  const env = { ...process.env, RESTIC_PASSWORD: PASSWORD, RESTIC_CACHE_DIR: join(dir, "cache") };
  return {
    name: `restic ${resticVersion()}`,
    init: async () => {
      await measure("restic", ["-r", repo, "init", "--repository-version", "2"], env);
    },
    backup: (source) =>
      measure("restic", ["-r", repo, "backup", "--json", "--compression", "auto", source], env),
    storeSize: () => dirSize(repo),
  };
}

function resticVersion(): string {
  try {
    return execFileSync("restic", ["version"], { encoding: "utf8" }).split(" ")[1] ?? "?";
  } catch {
    return "missing";
  }
}

/** A dataset: how to create it and how to change 1% of it. */
interface Dataset {
  name: string;
  generate(root: string): Promise<number>;
  mutate(root: string): Promise<number>;
}

function datasets(scale: number): Dataset[] {
  const docs = Math.round(20_000 * scale);
  const media = Math.round(1024 ** 3 * scale);
  return [
    {
      name: `notion-json (${docs} docs)`,
      generate: (root) => generateNotionDocs(root, seededRng("bench-notion"), docs),
      mutate: (root) => mutateNotionDocs(root, seededRng("bench-notion-change"), 0.01),
    },
    {
      name: `media (${(media / 1024 ** 2).toFixed(0)} MiB)`,
      generate: (root) => generateMediaFiles(root, seededRng("bench-media"), media),
      mutate: (root) => mutateMediaFiles(root, seededRng("bench-media-change"), 0.01),
    },
  ];
}

const mb = (n: number) => (n / 1e6).toFixed(1);

function table(rows: Row[]): string {
  const head = "| dataset | tool | snapshot | time s | MB/s | CPU s | peak RSS MB | store MB | added MB |";
  const lines = [head, "|---|---|---|--:|--:|--:|--:|--:|--:|"];
  for (const r of rows) {
    const rate = r.sourceBytes / 1e6 / r.m.seconds;
    lines.push(
      `| ${r.dataset} | ${r.tool} | ${r.snapshot} | ${r.m.seconds.toFixed(2)} | ${rate.toFixed(1)} | ` +
        `${r.m.cpuSeconds?.toFixed(1) ?? "?"} | ${r.m.maxRss ? mb(r.m.maxRss) : "?"} | ${mb(r.storeBytes)} | ` +
        `${mb(r.addedBytes)} |`,
    );
  }
  return lines.join("\n");
}

async function runDataset(
  base: string,
  set: Dataset,
  tools: Tool[],
  log: (s: string) => void,
): Promise<Row[]> {
  const source = join(base, "source");
  await mkdir(source, { recursive: true });
  const t0 = performance.now();
  const bytes = await set.generate(source);
  log(`${set.name}: generated ${mb(bytes)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const rows: Row[] = [];
  const sizes = new Map<Tool, number>();
  const snapshot = async (label: string) => {
    const sourceBytes = await dirSize(source);
    for (const tool of tools) {
      const m = await tool.backup(source);
      const storeBytes = await tool.storeSize();
      rows.push({
        dataset: set.name,
        tool: tool.name,
        snapshot: label,
        sourceBytes,
        m,
        storeBytes,
        addedBytes: storeBytes - (sizes.get(tool) ?? 0),
      });
      sizes.set(tool, storeBytes);
      log(`  ${tool.name} ${label}: ${m.seconds.toFixed(1)} s, store ${mb(storeBytes)} MB`);
    }
  };
  for (const tool of tools) {
    await tool.init();
    sizes.set(tool, await tool.storeSize());
  }
  await snapshot("1: initial");
  const changed = await set.mutate(source);
  log(`  changed ${changed} files`);
  await snapshot("2: 1% changed");
  await snapshot("3: unchanged");
  return rows;
}

/** Per tool, the run with the least total wall time (the machine is shared; noise only adds time). */
function fastest(runs: Row[][]): Row[] {
  const total = (rows: Row[], tool: string) =>
    rows.filter((r) => r.tool === tool).reduce((sum, r) => sum + r.m.seconds, 0);
  const best = new Map<string, Row[]>();
  for (const run of runs) {
    for (const tool of new Set(run.map((r) => r.tool))) {
      const current = best.get(tool);
      if (!current || total(run, tool) < total(current, tool)) best.set(tool, run);
    }
  }
  return (runs[0] ?? []).map((row, i) => best.get(row.tool)?.[i] ?? row);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
      "no-restic": { type: "boolean", default: false },
      only: { type: "string" },
      runs: { type: "string", default: "1" },
    },
  });
  const runCount = Math.max(1, Number(values.runs));
  const scale = values.quick ? 0.1 : 1;
  const log = (s: string) => process.stderr.write(`${s}\n`);
  if (!existsSync("/usr/bin/time"))
    log("warning: /usr/bin/time missing (apt-get install time); no peak memory");
  const withRestic = !values["no-restic"] && resticVersion() !== "missing";
  if (!withRestic && !values["no-restic"])
    log("warning: restic missing (apt-get install restic); nvault only");
  const loadBefore = loadavg()[0]!.toFixed(1);
  const root = await mkdtemp(join(tmpdir(), "nvault-bench-"));
  const rows: Row[] = [];
  try {
    for (const [i, set] of datasets(scale).entries()) {
      if (values.only && !set.name.startsWith(values.only)) continue;
      const runs: Row[][] = [];
      for (let run = 0; run < runCount; run++) {
        const base = join(root, `set-${i}-run-${run}`);
        const tools = [
          nvaultTool(join(base, "nvault")),
          ...(withRestic ? [resticTool(join(base, "restic"))] : []),
        ];
        runs.push(await runDataset(base, set, tools, log));
        // Each run's source and stores are dropped before the next so disk use stays bounded.
        if (!values.keep) await rm(base, { recursive: true, force: true });
      }
      rows.push(...fastest(runs));
    }
  } finally {
    if (!values.keep) await rm(root, { recursive: true, force: true });
    else log(`kept ${root}`);
  }
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? "?"}), ${(totalmem() / 1024 ** 3).toFixed(1)} GiB RAM`;
  process.stdout.write(
    `Store benchmark${values.quick ? " (--quick: data scaled 1/10)" : ""}` +
      `${runCount > 1 ? ` (per tool, the fastest of ${runCount} runs)` : ""} on ${hostname()}: ${machine}, ` +
      `node ${process.version}, ${new Date().toISOString()}; load average ${loadBefore} at start, ` +
      `${loadavg()[0]!.toFixed(1)} at end\n\n${table(rows)}\n\n` +
      "MB = 10^6 bytes; MB/s = source bytes / wall time of the backup process (startup included); " +
      "peak RSS = maxRSS of the backup process; store = bytes of all files in the store; added = store growth.\n",
  );
}

await main();
