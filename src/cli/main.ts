// The `nvault` command: registers every sub-command and maps errors to exit codes.
import { Command, CommanderError } from "commander";
import { ExitCode } from "../errors.ts";
import { reportError } from "./output.ts";

/** Builds the command tree; each sub-command module adds itself. */
export async function buildProgram(): Promise<Command> {
  const program = new Command("nvault")
    .description("Deduplicated, encrypted, signed backups of Notion workspaces")
    .version("0.1.0")
    .showHelpAfterError()
    .exitOverride();
  const modules = [
    // sub-commands register here, one line each
    import("./init.ts"),
    import("./key.ts"),
    import("./backup.ts"),
    import("./snapshots.ts"),
    import("./ls.ts"),
    import("./cat.ts"),
    import("./restore.ts"),
    import("./check.ts"),
    import("./verify.ts"),
    import("./forget.ts"),
    import("./prune.ts"),
    import("./sync.ts"),
    import("./unlock.ts"),
    import("./emulator.ts"),
    import("./demo.ts"),
  ] as Array<Promise<{ register(program: Command): void }>>;
  for (const m of await Promise.all(modules)) m.register(program);
  return program;
}

async function main(argv: string[]): Promise<number> {
  const program = await buildProgram();
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
