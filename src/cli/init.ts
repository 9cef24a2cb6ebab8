// `nvault init`: creates a new store (config and a first key file) at the chosen location.
import type { Command } from "commander";
import { initRepository } from "../store/repository.ts";
import { printResult } from "./output.ts";
import {
  addStoreOptions,
  describeLocation,
  openStoreBackend,
  readPassphrase,
  type StoreCliOptions,
  storeLocation,
} from "./store-options.ts";

/** Registers `init`. */
export function register(program: Command): void {
  const cmd = program.command("init").description("create a new, empty store");
  addStoreOptions(cmd)
    .addHelpText(
      "after",
      `
Examples:
  $ nvault init --store ./backups
  $ NVAULT_STORE=s3:http://127.0.0.1:9000/bucket/nvault nvault init --passphrase-file pass.txt`,
    )
    .action(async (opts: StoreCliOptions) => {
      const location = storeLocation(opts);
      const backend = await openStoreBackend(location);
      const passphrase = await readPassphrase(opts.passphraseFile, "NVAULT_PASSPHRASE", { confirm: true });
      const repo = await initRepository(backend, passphrase);
      const result = { id: repo.config.id, location: describeLocation(location), keyId: repo.keyId };
      await repo.close();
      printResult(result, opts.json, (r) => `created store ${r.id.slice(0, 10)} at ${r.location}`);
    });
}
