// `nvault restore SNAPSHOT[:PATH] --to DIR`: restores a snapshot or part of it, byte-identical.
import type { Command } from "commander";
import { parseSnapshotRef, resolveSnapshot } from "../store/browse.ts";
import { restoreSnapshot } from "../store/restorer.ts";
import { formatBytes, shortId } from "./human-format.ts";
import { printResult } from "./output.ts";
import { addStoreOptions, type StoreCliOptions, usageError, withStore } from "./store-options.ts";

/** Registers `restore`. */
export function register(program: Command): void {
  const cmd = program
    .command("restore")
    .description("restore a snapshot, or a path inside it, to a directory")
    .argument("<snapshot>", "snapshot id prefix or 'latest', optionally :PATH");
  addStoreOptions(cmd)
    .option("--to <dir>", "directory to restore into (created if missing)")
    .option("-v, --verbose", "list each restored file on stderr")
    .addHelpText(
      "after",
      `
The whole snapshot lands as DIR's contents; SNAPSHOT:PATH lands as DIR/<last part of PATH>.

Examples:
  $ nvault restore latest --to /tmp/restored
  $ nvault restore 1a2b3c4d:docs/handbook --to ./out --json`,
    )
    .action((arg: string, opts: StoreCliOptions & { to?: string; verbose?: boolean }) => {
      if (!opts.to) throw usageError("where to? pass --to DIR");
      const target = opts.to;
      return withStore(opts, async (repo, signal) => {
        const { ref, path } = parseSnapshotRef(arg);
        const snapshot = await resolveSnapshot(repo, ref, { signal });
        const result = await restoreSnapshot(repo, snapshot, {
          target,
          path,
          signal,
          onProgress: (e) => {
            if (opts.verbose) process.stderr.write(`${e.path}\n`);
          },
        });
        printResult(
          { snapshot: snapshot.id, ...result },
          opts.json,
          (r) =>
            `restored ${shortId(r.snapshot)}${path ? `:${path}` : ""} to ${r.target}: ${r.files} files, ${r.dirs} dirs, ${r.symlinks} symlinks, ${formatBytes(r.bytes)}`,
        );
      });
    });
}
