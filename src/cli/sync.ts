// `nvault sync --to LOCATION`: copies snapshots into another store (with its own keys).
import type { Command } from "commander";
import { openRepository } from "../store/repository.ts";
import { syncSnapshots } from "../store/sync.ts";
import { formatBytes, shortId } from "./human-format.ts";
import { printResult } from "./output.ts";
import {
  addStoreOptions,
  openStoreBackend,
  readPassphrase,
  type StoreCliOptions,
  usageError,
  withStore,
} from "./store-options.ts";

interface SyncCliOptions extends StoreCliOptions {
  to?: string;
  toPassphraseFile?: string;
}

/** Registers `sync`. */
export function register(program: Command): void {
  const cmd = program
    .command("sync")
    .description("copy snapshots to another store, uploading only what it lacks")
    .argument("[snapshots...]", "snapshot id prefixes or 'latest' (default: all)");
  addStoreOptions(cmd)
    .option("--to <location>", "destination store (must exist: nvault init --store ...)")
    .option("--to-passphrase-file <file>", "destination passphrase (env NVAULT_TO_PASSPHRASE; else prompted)")
    .addHelpText(
      "after",
      `
Copies are re-signed by the destination's key and record their origin; snapshots already copied are skipped.

Examples:
  $ nvault sync --to s3:https://minio.example:9000/offsite/nvault
  $ NVAULT_TO_PASSPHRASE=... nvault sync latest --to /mnt/usb/nvault --json`,
    )
    .action((refs: string[], opts: SyncCliOptions) => {
      if (!opts.to) throw usageError("where to? pass --to LOCATION");
      const to = opts.to;
      return withStore(opts, async (src, signal) => {
        const backend = await openStoreBackend(to);
        const passphrase = await readPassphrase(opts.toPassphraseFile, "NVAULT_TO_PASSPHRASE", {
          prompt: "Destination passphrase: ",
        });
        const dst = await openRepository(backend, passphrase, {}, signal);
        try {
          const result = await syncSnapshots(src, dst, {
            snapshots: refs.length > 0 ? refs : undefined,
            signal,
          });
          printResult(result, opts.json, (r) =>
            [
              ...r.copied.map((c) => `copied ${shortId(c.snapshot)} -> ${shortId(c.copy)}`),
              `${r.copied.length} copied, ${r.skipped} already there; uploaded ${r.blobs} blobs (${formatBytes(r.bytes)})`,
            ].join("\n"),
          );
        } finally {
          await dst.close();
        }
      });
    });
}
