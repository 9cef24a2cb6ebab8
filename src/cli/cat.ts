// `nvault cat SNAPSHOT[:PATH]`: writes a file from a snapshot to stdout, or a snapshot's manifest.
import type { Command } from "commander";
import { parseSnapshotRef, readFile, resolveSnapshot } from "../store/browse.ts";
import { checkSignature } from "../store/snapshot.ts";
import { printResult } from "./output.ts";
import { addStoreOptions, type StoreCliOptions, withStore } from "./store-options.ts";

function write(bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) =>
    process.stdout.write(bytes, (err) => (err ? reject(err) : resolve())),
  );
}

/** Registers `cat`. */
export function register(program: Command): void {
  const cmd = program
    .command("cat")
    .description("print a file from a snapshot (or, without :PATH, the snapshot's signed manifest)")
    .argument("<snapshot>", "snapshot id prefix or 'latest', optionally :PATH");
  addStoreOptions(cmd)
    .addHelpText(
      "after",
      "\nExamples:\n  $ nvault cat latest:notes/todo.md\n  $ nvault cat 1a2b3c4d > manifest.json",
    )
    .action((arg: string, opts: StoreCliOptions) =>
      withStore(opts, async (repo, signal) => {
        const { ref, path } = parseSnapshotRef(arg);
        const snapshot = await resolveSnapshot(repo, ref, { signal });
        if (path === "") {
          const doc = { ...snapshot, verified: checkSignature(repo, snapshot) };
          // A manifest is a document: always JSON.
          printResult(doc, true, () => "");
          return;
        }
        for await (const bytes of readFile(repo, snapshot, path, signal)) await write(bytes);
      }),
    );
}
