// `nvault check [--read-data]`: verifies the store's structure, signatures and (optionally) every byte.
import type { Command } from "commander";
import { type CheckResult, checkRepository } from "../store/check.ts";
import { IntegrityError } from "../store/errors.ts";
import { shortId } from "./human-format.ts";
import { printResult } from "./output.ts";
import { addStoreOptions, type StoreCliOptions, withStore } from "./store-options.ts";

function text(r: CheckResult): string {
  const lines = [
    `checked ${r.snapshots.length} snapshots, ${r.trees} trees, ${r.blobs} blobs in ${r.packs} packs${r.readData ? " (all data read)" : ""}`,
  ];
  for (const s of r.snapshots) {
    const state = !s.valid ? "INVALID signature" : s.trusted ? "signed" : "signed by a FOREIGN key";
    lines.push(`  snapshot ${shortId(s.id)}: ${state} (key ${s.fingerprint}, key file ${shortId(s.keyId)})`);
  }
  for (const w of r.warnings) lines.push(`warning: ${w.message}`);
  for (const e of r.errors) {
    lines.push(`error: ${e.message}`);
    for (const u of e.usedBy ?? []) lines.push(`  used by snapshot ${shortId(u.snapshot)} at ${u.path}`);
  }
  lines.push(r.ok ? "no errors found" : `${r.errors.length} errors found`);
  return lines.join("\n");
}

/** Registers `check`. */
export function register(program: Command): void {
  const cmd = program
    .command("check")
    .description("verify the store: structure, index, signatures (and data)");
  addStoreOptions(cmd)
    .option("--read-data", "decrypt and re-hash every blob of every pack")
    .addHelpText(
      "after",
      `
Exit code 5 when a problem is found; damaged blobs are reported with the snapshots and paths using them.

Examples:
  $ nvault check
  $ nvault check --read-data --json`,
    )
    .action((opts: StoreCliOptions & { readData?: boolean }) =>
      withStore(opts, async (repo, signal) => {
        const result = await checkRepository(repo, { readData: opts.readData, signal });
        printResult(result, opts.json, text);
        if (!result.ok) throw new IntegrityError(`check found ${result.errors.length} errors`);
      }),
    );
}
