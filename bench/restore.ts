// Restore benchmark: requests to restore the generated 1,000-page workspace into Notion (the emulator) beside the lower bound.
// Usage: npx tsx bench/restore.ts [--pages N] [--seed S]   (defaults: the 1,000-page workspace of bench/backup.ts)
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { restoreToNotion } from "../src/notion/restore/restore.ts";
import { fastClient } from "../test/helpers/crawl.ts";
import { emptyTarget } from "../test/helpers/restore-compare.ts";
import { backedUpWorkspace } from "../test/helpers/workspace-snapshot.ts";
import { restoreLowerBound } from "./restore-lower-bound.ts";

const { values: args } = parseArgs({
  options: { pages: { type: "string", default: "1000" }, seed: { type: "string", default: "11" } },
});

const gen = { seed: Number(args.seed), pages: Number(args.pages) };
const w = await backedUpWorkspace(gen);
const dir = await mkdtemp(join(tmpdir(), "nvault-bench-restore-"));
try {
  const target = await emptyTarget(w, "Bench restore target");
  const bound = await restoreLowerBound(w.reader);
  const client = () => fastClient(w.emulator, { ratePerSecond: 10_000, burst: 1_000 });
  const dry = await restoreToNotion(w.reader, { client: client(), target, dryRun: true });
  w.emulator.log.reset();
  const started = performance.now();
  const report = await restoreToNotion(w.reader, {
    client: client(),
    target,
    journalPath: join(dir, "journal.jsonl"),
  });
  const seconds = (performance.now() - started) / 1000;
  const rejected = Object.entries(w.emulator.log.snapshot().statuses).filter(([s]) => s.startsWith("4"));
  const by = report.requests.byEndpoint;
  const structural =
    (by["pages.create"] ?? 0) +
    (by["databases.create"] ?? 0) +
    (by["dataSources.create"] ?? 0) +
    (by["blocks.children.append"] ?? 0);
  const issueBound = bound.creates + bound.appends;
  const fullBound = issueBound + bound.comments + bound.uploads;
  const ratio = (a: number, b: number) => (b === 0 ? "n/a" : `${(a / b).toFixed(3)}`);
  const lines = [
    `Restore of the generated workspace (seed=${gen.seed},pages=${gen.pages}) into the emulator`,
    `  objects: ${report.plan.pages} pages, ${report.plan.rows} rows, ${report.plan.databases} databases, ${report.plan.dataSources} data sources, ${report.plan.blocks} blocks`,
    `  created: ${JSON.stringify(report.created)}`,
    `  requests: ${report.requests.total} in ${seconds.toFixed(1)} s (dry run predicted ${dry.requests.total}); rejected (4xx): ${rejected.length}`,
    `  per endpoint: ${Object.entries(by)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
    `  lower bound (issue: one create per page/row/database/extra data source, one append per 100 children and 2 levels): ${issueBound} (${bound.creates} creates + ${bound.appends} appends)`,
    `  creates + appends sent: ${structural}  ratio ${ratio(structural, issueBound)}`,
    `  all requests: ${report.requests.total}  vs bound + comments (${bound.comments}) + uploads (${bound.uploads}) = ${fullBound}  ratio ${ratio(report.requests.total, fullBound)}`,
    `  over the bound: blocks.children.list ${by["blocks.children.list"] ?? 0} (ids of nested blocks), blocks.update ${by["blocks.update"] ?? 0} (references to pages created later), pages.update ${by["pages.update"] ?? 0} (relations to rows created later), dataSources.update ${by["dataSources.update"] ?? 0} (relations, rollups, formulas)`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
} finally {
  await w.close();
  await rm(dir, { recursive: true, force: true });
}
