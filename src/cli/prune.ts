// `nvault prune`: removes data no snapshot references, repacking mostly-empty packs.
import type { Command } from "commander";
import { type PruneResult, pruneRepository } from "../store/prune.ts";
import { formatBytes } from "./human-format.ts";
import { printResult } from "./output.ts";
import { addStoreOptions, type StoreCliOptions, usageError, withStore } from "./store-options.ts";

/** Text for a prune result (also used by `forget --prune`). */
export function pruneText(r: PruneResult): string {
  return [
    `${r.dryRun ? "would remove" : "removed"} ${r.unusedBlobs} unused blobs: ${r.deletedPacks} packs deleted, ${r.repackedPacks} repacked (${r.repackedBlobs} blobs kept), ${r.unindexedPacks} unindexed packs deleted`,
    `${r.dryRun ? "would free" : "freed"} ${formatBytes(r.freedBytes)}${r.rewrittenBytes ? `, rewrote ${formatBytes(r.rewrittenBytes)}` : ""}`,
  ].join("\n");
}

/** Parses --max-unused (a fraction 0..1, or a percentage like "30%"). */
export function maxUnusedOption(value: string): number {
  const n = value.endsWith("%") ? Number(value.slice(0, -1)) / 100 : Number(value);
  if (!(n >= 0 && n <= 1)) throw usageError(`--max-unused wants 0..1 or 0%..100%, got ${value}`);
  return n;
}

/** Registers `prune`. */
export function register(program: Command): void {
  const cmd = program
    .command("prune")
    .description("remove data no snapshot references (takes the exclusive lock)");
  addStoreOptions(cmd)
    .option("--dry-run", "only report what would be removed")
    .option(
      "--max-unused <share>",
      "repack packs with more unused bytes than this (default 30%)",
      maxUnusedOption,
    )
    .addHelpText("after", "\nExamples:\n  $ nvault prune --dry-run\n  $ nvault prune --max-unused 10% --json")
    .action((opts: StoreCliOptions & { dryRun?: boolean; maxUnused?: number }) =>
      withStore(opts, async (repo, signal) => {
        const result = await pruneRepository(repo, {
          dryRun: opts.dryRun,
          maxUnused: opts.maxUnused,
          signal,
        });
        printResult(result, opts.json, pruneText);
      }),
    );
}
