// `nvault snapshots`: lists the store's snapshots, oldest first.
import type { Command } from "commander";
import { listSnapshots } from "../store/browse.ts";
import { formatBytes, shortId } from "./human-format.ts";
import { printResult } from "./output.ts";
import { addStoreOptions, collect, type StoreCliOptions, withStore } from "./store-options.ts";

/** Registers `snapshots`. */
export function register(program: Command): void {
  const cmd = program.command("snapshots").description("list snapshots");
  addStoreOptions(cmd)
    .option("--host <name>", "only snapshots from this host")
    .option("--tag <tag>", "only snapshots carrying this tag (repeatable: all must match)", collect, [])
    .addHelpText("after", "\nExamples:\n  $ nvault snapshots\n  $ nvault snapshots --tag daily --json")
    .action((opts: StoreCliOptions & { host?: string; tag: string[] }) =>
      withStore(opts, async (repo, signal) => {
        const list = await listSnapshots(repo, {
          signal,
          host: opts.host,
          tags: opts.tag,
          onRejected: (id, err) =>
            process.stderr.write(`warning: snapshot ${shortId(id)} skipped: ${(err as Error).message}\n`),
        });
        const rows = list.map((s) => ({ id: s.id, ...s.manifest, signedBy: s.signature.keyId }));
        printResult(rows, opts.json, (r) =>
          r.length === 0
            ? "no snapshots"
            : r
                .map(
                  (s) =>
                    `${shortId(s.id)}  ${s.time.slice(0, 19).replace("T", " ")}  ${s.host}  ${formatBytes(s.summary.bytes).padStart(10)}  ${s.paths.join(",")}${s.tags.length ? `  [${s.tags.join(",")}]` : ""}`,
                )
                .join("\n"),
        );
      }),
    );
}
