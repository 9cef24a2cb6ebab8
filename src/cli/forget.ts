// `nvault forget --keep-...`: removes snapshots a retention policy does not keep (and prunes with --prune).
import type { Command } from "commander";
import { forgetSnapshots, type RetentionPolicy } from "../store/forget.ts";
import { pruneRepository } from "../store/prune.ts";
import { shortId } from "./human-format.ts";
import { printResult } from "./output.ts";
import { maxUnusedOption, pruneText } from "./prune.ts";
import { addStoreOptions, collect, countOption, type StoreCliOptions, withStore } from "./store-options.ts";

interface ForgetCliOptions extends StoreCliOptions {
  keepLast?: number;
  keepHourly?: number;
  keepDaily?: number;
  keepWeekly?: number;
  keepMonthly?: number;
  keepYearly?: number;
  keepTag: string[];
  keepWithin?: string;
  host?: string;
  groupBy: string;
  dryRun?: boolean;
  prune?: boolean;
  maxUnused?: number;
}

/** Registers `forget`. */
export function register(program: Command): void {
  const cmd = program.command("forget").description("remove snapshots according to a retention policy");
  addStoreOptions(cmd)
    .option("--keep-last <n>", "keep the n newest snapshots", countOption)
    .option(
      "--keep-hourly <n>",
      "keep the newest snapshot of each of the last n hours that have one",
      countOption,
    )
    .option("--keep-daily <n>", "... of the last n days", countOption)
    .option("--keep-weekly <n>", "... of the last n ISO weeks", countOption)
    .option("--keep-monthly <n>", "... of the last n months", countOption)
    .option("--keep-yearly <n>", "... of the last n years", countOption)
    .option("--keep-within <duration>", "keep every snapshot within this long of the newest (e.g. 2y5m7d3h)")
    .option("--keep-tag <tags>", "keep snapshots with this tag ('a,b' = both; repeatable)", collect, [])
    .option("--host <name>", "only consider snapshots from this host")
    .option(
      "--group-by <keys>",
      "group snapshots by host, paths and/or tags before applying the policy",
      "host,paths",
    )
    .option("--dry-run", "only show what would be removed")
    .option("--prune", "run prune afterwards")
    .option("--max-unused <share>", "with --prune: repack threshold (default 30%)", maxUnusedOption)
    .addHelpText(
      "after",
      `
Buckets (hour, day, ISO week, month, year) follow UTC; n = "all" keeps every bucket.

Examples:
  $ nvault forget --keep-daily 7 --keep-weekly 5 --keep-monthly 12 --dry-run
  $ nvault forget --keep-last 10 --keep-tag important --prune --json`,
    )
    .action((opts: ForgetCliOptions) =>
      withStore(opts, async (repo, signal) => {
        const policy: RetentionPolicy = {
          last: opts.keepLast,
          hourly: opts.keepHourly,
          daily: opts.keepDaily,
          weekly: opts.keepWeekly,
          monthly: opts.keepMonthly,
          yearly: opts.keepYearly,
          tags: opts.keepTag,
          within: opts.keepWithin,
        };
        const groupBy = opts.groupBy
          .split(",")
          .filter((g): g is "host" | "paths" | "tags" => ["host", "paths", "tags"].includes(g));
        const forgot = await forgetSnapshots(repo, policy, {
          dryRun: opts.dryRun,
          host: opts.host,
          groupBy,
          signal,
        });
        const pruned = opts.prune
          ? await pruneRepository(repo, { dryRun: opts.dryRun, maxUnused: opts.maxUnused, signal })
          : undefined;
        printResult({ ...forgot, prune: pruned }, opts.json, (r) => {
          const lines: string[] = [];
          for (const g of r.groups) {
            lines.push(`group ${g.key}: keep ${g.keep.length}, remove ${g.remove.length}`);
            for (const s of g.keep)
              lines.push(`  keep   ${shortId(s.id)}  ${s.time}  (${(g.reasons[s.id] ?? []).join(", ")})`);
            for (const s of g.remove) lines.push(`  remove ${shortId(s.id)}  ${s.time}`);
          }
          lines.push(r.dryRun ? "dry run: nothing removed" : `removed ${r.removed.length} snapshots`);
          if (r.prune) lines.push(pruneText(r.prune));
          return lines.join("\n");
        });
      }),
    );
}
