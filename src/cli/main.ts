// The `nvault` command: registers every sub-command and maps errors to exit codes.
import { Command, CommanderError } from "commander";
import { ExitCode } from "../errors.ts";
import { reportError } from "./output.ts";

type CommandModule = { register(program: Command): void };

/**
 * Sub-command modules by the command each registers. Loaded lazily: `nvault backup ...` loads only
 * backup's module (the others pull in the UI, search and export layers: ~0.3 s of start-up).
 */
const modules: Record<string, () => Promise<CommandModule>> = {
  // sub-commands register here, one line each: name: () => import("./name.ts"),
  init: () => import("./init.ts"),
  key: () => import("./key.ts"),
  backup: () => import("./backup.ts"),
  snapshots: () => import("./snapshots.ts"),
  ls: () => import("./ls.ts"),
  cat: () => import("./cat.ts"),
  restore: () => import("./restore.ts"),
  check: () => import("./check.ts"),
  verify: () => import("./verify.ts"),
  forget: () => import("./forget.ts"),
  prune: () => import("./prune.ts"),
  sync: () => import("./sync.ts"),
  unlock: () => import("./unlock.ts"),
  emulator: () => import("./emulator.ts"),
  demo: () => import("./demo.ts"),
  search: () => import("./search.ts"),
  ui: () => import("./ui.ts"),
  diff: () => import("./diff.ts"),
};

/** Builds the command tree; given a known sub-command name, only that command is registered. */
export async function buildProgram(only?: string): Promise<Command> {
  const program = new Command("nvault")
    .description("Deduplicated, encrypted, signed backups of Notion workspaces")
    .version("0.1.0")
    .showHelpAfterError()
    .exitOverride();
  const wanted =
    only !== undefined && Object.hasOwn(modules, only) ? [modules[only]!] : Object.values(modules);
  for (const m of await Promise.all(wanted.map((load) => load()))) m.register(program);
  return program;
}

async function main(argv: string[]): Promise<number> {
  // Any other first argument (an option, `help`, a typo) loads every command for help and errors.
  const program = await buildProgram(argv[2]);
  try {
    await program.parseAsync(argv);
    return ExitCode.ok;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    return reportError(err, argv.includes("--json"));
  }
}

// A reader that stops early (`nvault ls latest | head`) closes the pipe: that is not an error.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw err;
});

process.exitCode = await main(process.argv);
