// `nvault diff SNAP_A SNAP_B [PATH]`: what changed in the workspace between two snapshots; exit 10 on a mass change.
import type { Command } from "commander";
import { ExitCode, VaultError } from "../errors.ts";
import { diffSnapshots } from "../inspect/diff.ts";
import { massChangeLine, renderDiff } from "../inspect/diff-render.ts";
import { resolveSnapshotRef } from "../inspect/snapshot-ref.ts";
import { WorkspaceSnapshot } from "../notion/snapshot-reader.ts";
import { printResult } from "./output.ts";
import { addStoreOptions, type StoreCliOptions, usageError, withStore } from "./store-options.ts";

interface DiffCliOptions extends StoreCliOptions {
  stat?: boolean;
  threshold?: string;
  context?: string;
}

/** "10", "10%" or "2.5" (percent) -> 0.1, 0.1, 0.025. */
function parseThreshold(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const pct = Number(text.replace(/%$/, ""));
  if (text.trim() === "" || !Number.isFinite(pct) || pct < 0 || pct > 100) {
    throw usageError(`--threshold takes a percentage from 0 to 100, got ${JSON.stringify(text)}`);
  }
  return pct / 100;
}

function parseContext(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw usageError(`--context takes a whole number, got ${JSON.stringify(text)}`);
  return n;
}

/** Registers `diff`. */
export function register(program: Command): void {
  const cmd = program
    .command("diff")
    .description("show what changed in the workspace between two snapshots (matched by Notion id)")
    .argument("<snapshot-a>", "the older snapshot: id prefix, 'latest' or 'latest~N'")
    .argument("<snapshot-b>", "the newer snapshot: id prefix, 'latest' or 'latest~N'")
    .argument(
      "[path]",
      "limit the diff to this page or database and everything below it (path, Notion id or URL)",
    );
  addStoreOptions(cmd)
    .option("--stat", "only the summary table, no block hunks or property values")
    .option(
      "--threshold <pct>",
      "percent of pages and rows deleted, emptied or cleared that is a mass change",
      "10",
    )
    .option("--context <n>", "unchanged blocks shown around each change", "3")
    .addHelpText(
      "after",
      `
Pages, rows, databases and data sources are matched by Notion id: a moved or renamed page is one
change, not a removal and an addition. Changed pages show their blocks as a unified diff ("type: text"
lines), rows their property values (old → new), and comments and files added or removed.

Exit code 10 when more than --threshold percent of the pages and rows of SNAPSHOT_A are removed or
emptied, or of its rows have property values cleared (also with --json, so cron can alarm); 0 otherwise,
even when something changed.

Examples:
  $ nvault diff latest~1 latest
  $ nvault diff latest~1 latest --stat
  $ nvault diff 1a2b3c4d latest "Acme Wiki 08fa3b69/Engineering dea7b1c8"
  $ nvault diff 1a2b3c4d 5e6f7a8b 08fa3b69-0000-4000-8000-000000000000 --json
  $ nvault diff latest~1 latest --threshold 5 --stat || echo "mass change!"`,
    )
    .action((refA: string, refB: string, path: string | undefined, opts: DiffCliOptions) => {
      const massThreshold = parseThreshold(opts.threshold);
      const context = parseContext(opts.context);
      return withStore(opts, async (repo, signal) => {
        const [sa, sb] = await Promise.all([
          resolveSnapshotRef(repo, refA, { workspace: true, signal }),
          resolveSnapshotRef(repo, refB, { workspace: true, signal }),
        ]);
        const [a, b] = await Promise.all([
          WorkspaceSnapshot.open(repo, sa, signal),
          WorkspaceSnapshot.open(repo, sb, signal),
        ]);
        const diff = await diffSnapshots(a, b, { path, signal, massThreshold, context });
        const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
        printResult(diff, opts.json, (d) => renderDiff(d, { stat: opts.stat, color }));
        const mass = massChangeLine(diff);
        if (mass) throw new VaultError("mass_change", mass, { exitCode: ExitCode.massChange });
      });
    });
}
