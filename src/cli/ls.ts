// `nvault ls SNAPSHOT[:PATH]`: lists a directory (or everything below it) inside a snapshot.
import type { Command } from "commander";
import { listPath, parseSnapshotRef, resolveSnapshot } from "../store/browse.ts";
import { formatBytes } from "./human-format.ts";
import { printResult } from "./output.ts";
import { addStoreOptions, type StoreCliOptions, withStore } from "./store-options.ts";

/** Registers `ls`. */
export function register(program: Command): void {
  const cmd = program
    .command("ls")
    .description("list files in a snapshot")
    .argument("<snapshot>", "snapshot id prefix or 'latest', optionally :PATH");
  addStoreOptions(cmd)
    .option("-r, --recursive", "list everything below the path")
    .option("-l, --long", "show type, mode, size and mtime")
    .addHelpText("after", "\nExamples:\n  $ nvault ls latest\n  $ nvault ls 1a2b3c4d:docs -r --json")
    .action((arg: string, opts: StoreCliOptions & { recursive?: boolean; long?: boolean }) =>
      withStore(opts, async (repo, signal) => {
        const { ref, path } = parseSnapshotRef(arg);
        const snapshot = await resolveSnapshot(repo, ref, { signal });
        const entries = await listPath(repo, snapshot, path, { recursive: opts.recursive });
        printResult({ snapshot: snapshot.id, entries }, opts.json, (r) =>
          r.entries
            .map((e) => {
              const name = `${e.path}${e.type === "dir" ? "/" : ""}${e.type === "symlink" ? ` -> ${e.target}` : ""}`;
              if (!opts.long) return name;
              const mode = e.mode.toString(8).padStart(4, "0");
              return `${e.type.padEnd(7)} ${mode} ${formatBytes(e.size ?? 0).padStart(10)} ${e.mtime.slice(0, 19)}  ${name}`;
            })
            .join("\n"),
        );
      }),
    );
}
