// `nvault unlock`: removes stale lock files (all of them with --all) left by crashed processes.
import type { Command } from "commander";
import { removeLocks } from "../store/lock.ts";
import { printResult } from "./output.ts";
import { addStoreOptions, type StoreCliOptions, withStore } from "./store-options.ts";

/** Registers `unlock`. */
export function register(program: Command): void {
  const cmd = program
    .command("unlock")
    .description("remove stale locks (too old, or whose process on this host is gone)");
  addStoreOptions(cmd)
    .option("--all", "remove every lock, even live ones (only when you know nothing runs)")
    .addHelpText("after", "\nExamples:\n  $ nvault unlock\n  $ nvault unlock --all --json")
    .action((opts: StoreCliOptions & { all?: boolean }) =>
      withStore(opts, async (repo, signal) => {
        const removed = await removeLocks(repo, { all: opts.all, signal });
        printResult({ removed }, opts.json, (r) => `removed ${r.removed.length} locks`);
      }),
    );
}
