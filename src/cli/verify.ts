// `nvault verify`: checks every snapshot's signature and names the key that signed it.
import type { Command } from "commander";
import { checkRepository } from "../store/check.ts";
import { IntegrityError } from "../store/errors.ts";
import { shortId } from "./human-format.ts";
import { printResult } from "./output.ts";
import { addStoreOptions, type StoreCliOptions, withStore } from "./store-options.ts";

/** Registers `verify`. */
export function register(program: Command): void {
  const cmd = program.command("verify").description("verify every snapshot's signature and name its key");
  addStoreOptions(cmd)
    .addHelpText(
      "after",
      "\nExit code 5 when a signature fails.\n\nExamples:\n  $ nvault verify\n  $ nvault verify --json",
    )
    .action((opts: StoreCliOptions) =>
      withStore(opts, async (repo, signal) => {
        const { snapshots } = await checkRepository(repo, { signal });
        printResult(
          snapshots,
          opts.json,
          (list) =>
            list
              .map(
                (s) =>
                  `${shortId(s.id)}  ${s.valid ? (s.trusted ? "ok     " : "FOREIGN") : "INVALID"}  key ${s.fingerprint}  key file ${shortId(s.keyId)}`,
              )
              .join("\n") || "no snapshots",
        );
        const bad = snapshots.filter((s) => !s.trusted).length;
        if (bad > 0) throw new IntegrityError(`${bad} snapshots fail signature verification`);
      }),
    );
}
