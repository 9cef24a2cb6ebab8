// A temporary store in a temp dir, driven through the real `nvault` CLI in child processes.
import { type ChildProcess, spawn } from "node:child_process";
import type { Dirent } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The `nvault` entry point (bin/nvault.js), run with the current node. */
export const NVAULT_BIN = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "bin", "nvault.js");

/** What one finished CLI run produced. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A store in a temp dir plus the environment that points the CLI at it. */
export interface TempStore {
  /** The temp dir holding the store, its cache and any scratch dirs made by `scratch`. */
  root: string;
  /** The store's location (a local directory). */
  dir: string;
  /** Environment for CLI runs: NVAULT_STORE, NVAULT_PASSPHRASE, NVAULT_CACHE_DIR. */
  env: NodeJS.ProcessEnv;
  /** Runs `nvault <args>` to completion. */
  run(args: string[]): Promise<CliResult>;
  /** Runs `nvault <args>`, failing with its stderr unless it exits 0; returns stdout. */
  ok(args: string[]): Promise<string>;
  /** Runs `nvault <args> --json` successfully and parses its stdout. */
  json<T = unknown>(args: string[]): Promise<T>;
  /** Starts `nvault <args>` without waiting (for kill tests). */
  start(args: string[]): ChildProcess;
  /** A fresh empty directory under `root`. */
  scratch(name: string): Promise<string>;
  /** Bytes of every file under the store (or under one of its sub-folders, e.g. "data"). */
  size(sub?: string): Promise<number>;
  /** Removes everything. */
  close(): Promise<void>;
}

/** Options for `makeTempStore`. */
export interface TempStoreOptions {
  /** Run `nvault init` (default true). */
  init?: boolean;
  /** Passphrase for the store (a fixed test value by default). */
  passphrase?: string;
  /** Extra arguments for `nvault init`. */
  initArgs?: string[];
  /** Extra environment for every run. */
  env?: NodeJS.ProcessEnv;
}

/** Collects a child's output and waits for it to end. */
export function finished(child: ChildProcess): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (s: string) => {
    stdout += s;
  });
  child.stderr?.setEncoding("utf8").on("data", (s: string) => {
    stderr += s;
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Starts `nvault <args>` as a child process with the given environment. */
export function startNvault(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [NVAULT_BIN, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
}

/** Sums the sizes of all files below `dir` (0 when it does not exist). */
export async function dirSize(dir: string): Promise<number> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch {
    return 0;
  }
  let total = 0;
  for (const e of entries) {
    if (!e.isFile()) continue;
    // A concurrent writer may rename or delete a file between listing and stat.
    total += await stat(join(e.parentPath, e.name)).then(
      (s) => s.size,
      () => 0,
    );
  }
  return total;
}

/** Makes a temp dir with a (by default initialised) store and a CLI runner bound to it. */
export async function makeTempStore(options: TempStoreOptions = {}): Promise<TempStore> {
  const root = await mkdtemp(join(tmpdir(), "nvault-store-"));
  const dir = join(root, "store");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NVAULT_STORE: dir,
    NVAULT_PASSPHRASE: options.passphrase ?? "correct horse battery staple (test)",
    NVAULT_CACHE_DIR: join(root, "cache"),
    ...options.env,
  };
  const run = (args: string[]) => finished(startNvault(args, env));
  const ok = async (args: string[]) => {
    const r = await run(args);
    if (r.code !== 0) {
      throw new Error(`nvault ${args.join(" ")} exited ${r.code ?? r.signal}: ${r.stderr.trim()}`);
    }
    return r.stdout;
  };
  const store: TempStore = {
    root,
    dir,
    env,
    run,
    ok,
    json: async <T>(args: string[]) => JSON.parse(await ok([...args, "--json"])) as T,
    start: (args) => startNvault(args, env),
    scratch: async (name) => {
      const path = join(root, name);
      await rm(path, { recursive: true, force: true });
      await mkdir(path, { recursive: true });
      return path;
    },
    size: (sub) => dirSize(sub ? join(dir, sub) : dir),
    close: () => rm(root, { recursive: true, force: true }),
  };
  if (options.init ?? true) {
    try {
      await ok(["init", ...(options.initArgs ?? [])]);
    } catch (err) {
      await store.close();
      throw err;
    }
  }
  return store;
}
