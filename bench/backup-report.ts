// The Markdown section "## Notion backup" of the benchmark's results.
import { LOWER_BOUND_FORMULA } from "./backup-lower-bound.ts";

/** One measured `nvault backup` run. */
export interface RunResult {
  label: string;
  comments: string;
  requests: Record<string, number>;
  total: number;
  /** Answers that were 429 (over the emulator's rate limit). */
  rateLimited: number;
  /** Wall seconds of the whole `nvault backup` process. */
  wallSeconds: number;
  /** Seconds of the crawl itself, from the backup's report. */
  crawlSeconds: number;
  maxRss?: number;
  reusedPages: number;
}

/** One workspace and the runs made against it. */
export interface ScenarioResult {
  name: string;
  spec: string;
  /** Which benchmark scenario (its key) produced it. */
  key: string;
  objects: string;
  bounds: Record<string, Record<string, number>>;
  runs: RunResult[];
}

/** How the benchmark ran. */
export interface BenchContext {
  command: string;
  scale: number;
  rate: number;
  burst: number;
  /** The client's bucket (nvault's default: one second's worth). */
  clientBurst: number;
  machine: string;
  load: string;
  date: string;
}

const mb = (bytes: number | undefined) =>
  bytes === undefined ? "n/a" : `${(bytes / 2 ** 20).toFixed(0)} MB`;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const sum = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);

function endpointTable(s: ScenarioResult): string[] {
  const names = new Set<string>();
  for (const b of Object.values(s.bounds)) for (const n of Object.keys(b)) names.add(n);
  for (const r of s.runs) for (const n of Object.keys(r.requests)) names.add(n);
  const boundCols = Object.keys(s.bounds);
  const head = ["endpoint", ...boundCols.map((c) => `lower bound (${c})`), ...s.runs.map((r) => r.label)];
  const lines = [`| ${head.join(" | ")} |`, `|${head.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`];
  for (const n of [...names].sort()) {
    const cells = [
      `\`${n}\``,
      ...boundCols.map((c) => String(s.bounds[c]?.[n] ?? 0)),
      ...s.runs.map((r) => String(r.requests[n] ?? 0)),
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  lines.push(
    `| **total** | ${[...boundCols.map((c) => `**${sum(s.bounds[c] ?? {})}**`), ...s.runs.map((r) => `**${r.total}**`)].join(" | ")} |`,
  );
  return lines;
}

function runTable(s: ScenarioResult, ctx: BenchContext): string[] {
  const lines = [
    "| run | comments | requests | vs lower bound | 429s | crawl time (measured) | scaled to 3 req/s | rate budget used | process wall | peak RSS | pages reused |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of s.runs) {
    const bound = s.bounds[r.comments];
    const full = fullRunFor(s, r);
    const vs =
      r.label.startsWith("full") && bound
        ? `${pct(r.total / sum(bound) - 1)} over`
        : full
          ? `${pct(r.total / full.total)} of full (${full.comments})`
          : "";
    const scaled = r.total / 3;
    const budget = budgetUsed(r, ctx);
    lines.push(
      `| ${r.label} | ${r.comments} | ${r.total} | ${vs} | ${r.rateLimited} | ${r.crawlSeconds.toFixed(1)} s | ${(scaled / 60).toFixed(1)} min | ${pct(budget)} | ${r.wallSeconds.toFixed(1)} s | ${mb(r.maxRss)} | ${r.reusedPages} |`,
    );
  }
  return lines;
}

/** The full run an incremental run compares with: the one with the same comments mode, else the first. */
export function fullRunFor(s: ScenarioResult, r: RunResult): RunResult | undefined {
  const fulls = s.runs.filter((x) => x.label.startsWith("full"));
  return fulls.find((x) => x.comments === r.comments) ?? fulls[0];
}

/** Requests over what the client's bucket allows in the crawl's time: rate × seconds plus its burst. */
export function budgetUsed(r: RunResult, ctx: BenchContext): number {
  return r.total / (r.crawlSeconds * ctx.rate + ctx.clientBurst);
}

/** The whole section, with figures, targets and the command that reproduces them. */
export function renderSection(ctx: BenchContext, scenarios: ScenarioResult[], targets: string[]): string {
  const out = [
    "## Notion backup",
    "",
    `Reproduce: \`${ctx.command}\` (${ctx.date}; ${ctx.machine}; load average before the run ${ctx.load}).`,
    "",
    `Time is scaled by K = ${ctx.scale}: the emulator allows ${ctx.rate} req/s with a burst of ${ctx.burst} (its default 3 req/s and burst 10, times K) and \`nvault backup --rate ${ctx.rate}\` keeps to the same budget. ` +
      '"Scaled to 3 req/s" is requests / 3, the time the same crawl takes against Notion\'s average limit. ' +
      `Rate budget used = requests / (crawl seconds × rate + the client's burst of ${ctx.clientBurst}), the most its limiter lets through in that time. ` +
      "Each backup runs as its own `nvault backup` process under `/usr/bin/time -v` (peak RSS); the emulator runs in the benchmark's process. " +
      "Requests are counted by the emulator (every answer, 429s included).",
    "",
    "Lower bound of requests (computed from the generated workspace's state, for a complete backup):",
    "",
    ...LOWER_BOUND_FORMULA.map((l) => `- ${l}`),
    "",
  ];
  for (const s of scenarios) {
    out.push(`### ${s.name}`, "", `Generator: \`${s.spec}\` — ${s.objects}.`, "");
    out.push(...runTable(s, ctx), "", ...endpointTable(s), "");
  }
  out.push("### Targets", "", ...targets.map((t) => `- ${t}`), "");
  return out.join("\n");
}
