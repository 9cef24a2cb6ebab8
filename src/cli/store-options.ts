// Options every store command shares: where the store is, how to get the passphrase, and opening it safely.
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { ExitCode, VaultError } from "../errors.ts";
import type { Backend } from "../store/backend.ts";
import { formatLocation, openBackend, parseLocation } from "../store/location.ts";
import { openRepository, type Repository } from "../store/repository.ts";

/** The store used when neither --store nor NVAULT_STORE names one. */
export const defaultStore = "./nvault-store";

/** Parsed values of the shared options. */
export interface StoreCliOptions {
  store?: string;
  passphraseFile?: string;
  json?: boolean;
}

/** Adds --store, --passphrase-file and --json to a command. */
export function addStoreOptions(cmd: Command): Command {
  return cmd
    .option(
      "--store <location>",
      `store location: PATH, s3:https://host/bucket/prefix, s3://bucket/prefix (env NVAULT_STORE; default ${defaultStore})`,
    )
    .option(
      "--passphrase-file <file>",
      "read the passphrase from this file (env NVAULT_PASSPHRASE; else prompted on a terminal)",
    )
    .option("--json", "print the result as JSON");
}

/** The store location the options name. */
export function storeLocation(opts: StoreCliOptions): string {
  return opts.store ?? process.env.NVAULT_STORE ?? defaultStore;
}

/** A usage error (exit code 2). */
export function usageError(message: string): VaultError {
  return new VaultError("usage", message, { exitCode: ExitCode.usage });
}

/** Reads a secret from the terminal without echoing it. */
export async function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding("utf8");
  return new Promise((resolve, reject) => {
    let value = "";
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off("data", onData);
      process.stderr.write("\n");
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n" || ch === "\u0004") return done();
        if (ch === "\u0003") return done(new VaultError("aborted", "aborted", { exitCode: 130 }));
        if (ch === "\u007f" || ch === "\b") value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on("data", onData);
  });
}

async function fromFile(file: string): Promise<string> {
  const text = await readFile(file, "utf8").catch((cause) => {
    throw usageError(`cannot read passphrase file ${file}: ${(cause as Error).message}`);
  });
  // Only the line ending is dropped: leading or inner spaces may be part of the passphrase.
  return text.replace(/\r?\n$/, "");
}

/** The passphrase: from a file, then the environment variable, then a hidden prompt on a terminal. */
export async function readPassphrase(
  file: string | undefined,
  envVar = "NVAULT_PASSPHRASE",
  opts: { prompt?: string; confirm?: boolean } = {},
): Promise<string> {
  if (file) return fromFile(file);
  const env = process.env[envVar];
  if (env !== undefined && env !== "") return env;
  if (!process.stdin.isTTY) throw usageError(`no passphrase: use --passphrase-file or set ${envVar}`);
  const first = await promptHidden(opts.prompt ?? "Passphrase: ");
  if (opts.confirm && (await promptHidden("Repeat passphrase: ")) !== first) {
    throw usageError("the passphrases do not match");
  }
  return first;
}

/** Opens the backend the options name. */
export async function openStoreBackend(location: string): Promise<Backend> {
  return openBackend(parseLocation(location));
}

/** Opens the store the options name with its passphrase. */
export async function openStore(opts: StoreCliOptions): Promise<Repository> {
  const backend = await openStoreBackend(storeLocation(opts));
  const passphrase = await readPassphrase(opts.passphraseFile);
  return openRepository(backend, passphrase);
}

/** An AbortSignal that fires on Ctrl-C or SIGTERM, so locks are released before exiting. */
export function interruptSignal(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSignal = (name: string) => () => {
    controller.abort(new VaultError("interrupted", `interrupted by ${name}`, { exitCode: 130 }));
  };
  const onInt = onSignal("SIGINT");
  const onTerm = onSignal("SIGTERM");
  process.once("SIGINT", onInt);
  process.once("SIGTERM", onTerm);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
    },
  };
}

/** Opens the store, runs `fn` with an interrupt signal, and always closes the store. */
export async function withStore<T>(
  opts: StoreCliOptions,
  fn: (repo: Repository, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const repo = await openStore(opts);
  const { signal, dispose } = interruptSignal();
  try {
    return await fn(repo, signal);
  } finally {
    dispose();
    await repo.close();
  }
}

/** Describes a location for output (never includes credentials: they only come from the environment). */
export function describeLocation(location: string): string {
  return formatLocation(parseLocation(location));
}

/** Collects a repeatable option into an array. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Parses a non-negative integer option ("all" or -1 meaning unlimited where allowed). */
export function countOption(value: string): number {
  if (value === "all" || value === "unlimited") return -1;
  const n = Number(value);
  if (!Number.isInteger(n) || n < -1) {
    throw usageError(`expected a whole number, got ${JSON.stringify(value)}`);
  }
  return n;
}
