// `nvault key list|add|remove|passwd`: manage the passphrases (key files) that unlock a store.
import type { Command } from "commander";
import { printResult } from "./output.ts";
import {
  addStoreOptions,
  readPassphrase,
  type StoreCliOptions,
  usageError,
  withStore,
} from "./store-options.ts";

interface NewPassOptions extends StoreCliOptions {
  newPassphraseFile?: string;
}

function newPassphrase(opts: NewPassOptions): Promise<string> {
  return readPassphrase(opts.newPassphraseFile, "NVAULT_NEW_PASSPHRASE", {
    prompt: "New passphrase: ",
    confirm: true,
  });
}

/** Registers `key` and its sub-commands. */
export function register(program: Command): void {
  const key = program
    .command("key")
    .description("manage the passphrases that unlock the store")
    .addHelpText(
      "after",
      "\nExamples:\n  $ nvault key list\n  $ NVAULT_NEW_PASSPHRASE=... nvault key add\n  $ nvault key passwd --new-passphrase-file new.txt",
    );

  addStoreOptions(key.command("list").description("list key files"))
    .addHelpText("after", "\nExample:\n  $ nvault key list --json")
    .action((opts: StoreCliOptions) =>
      withStore(opts, async (repo) => {
        const keys = (await repo.listKeys()).map((k) => ({ ...k, current: k.id === repo.keyId }));
        printResult(keys, opts.json, (list) =>
          list
            .map(
              (k) => `${k.current ? "*" : " "} ${k.id.slice(0, 10)}  ${k.created}  ${k.username}@${k.host}`,
            )
            .join("\n"),
        );
      }),
    );

  addStoreOptions(key.command("add").description("add a key file for another passphrase"))
    .option("--new-passphrase-file <file>", "the new passphrase (env NVAULT_NEW_PASSPHRASE; else prompted)")
    .addHelpText("after", "\nExample:\n  $ nvault key add --new-passphrase-file colleague.txt")
    .action((opts: NewPassOptions) =>
      withStore(opts, async (repo) => {
        const id = await repo.addKey(await newPassphrase(opts));
        printResult({ id }, opts.json, (r) => `added key ${r.id.slice(0, 10)}`);
      }),
    );

  addStoreOptions(
    key.command("remove").argument("<id>", "key id or unique prefix").description("remove a key file"),
  )
    .addHelpText("after", "\nExample:\n  $ nvault key remove 3f2a9c1d")
    .action((prefix: string, opts: StoreCliOptions) =>
      withStore(opts, async (repo) => {
        const matches = (await repo.listKeys()).filter((k) => k.id.startsWith(prefix));
        if (matches.length !== 1) {
          throw usageError(matches.length === 0 ? `no key ${prefix}` : `key prefix ${prefix} is ambiguous`);
        }
        await repo.removeKey(matches[0]!.id);
        printResult({ removed: matches[0]!.id }, opts.json, (r) => `removed key ${r.removed.slice(0, 10)}`);
      }),
    );

  addStoreOptions(key.command("passwd").description("change the passphrase of the key in use"))
    .option("--new-passphrase-file <file>", "the new passphrase (env NVAULT_NEW_PASSPHRASE; else prompted)")
    .addHelpText(
      "after",
      "\nExample:\n  $ nvault key passwd --passphrase-file old.txt --new-passphrase-file new.txt",
    )
    .action((opts: NewPassOptions) =>
      withStore(opts, async (repo) => {
        const old = repo.keyId;
        const id = await repo.changePassphrase(await newPassphrase(opts));
        printResult(
          { id, replaced: old },
          opts.json,
          (r) => `changed passphrase: key ${r.id.slice(0, 10)} replaces ${r.replaced.slice(0, 10)}`,
        );
      }),
    );
}
