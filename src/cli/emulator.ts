// `nvault emulator`: serves a fake Notion API over a workspace file, a generated or the sample workspace.
import { type Command, InvalidArgumentError, Option } from "commander";
import { ExitCode, VaultError } from "../errors.ts";
import { printResult } from "./output.ts";

interface EmulatorCommandOptions {
  port: number;
  host: string;
  workspace?: string;
  generate?: string;
  sample?: boolean;
  rate: number;
  burst: number;
  rateLimit: boolean;
  faultRate?: number;
  dropRate?: number;
  delayMs?: number;
  seed?: number;
  fileUrlTtl?: number;
  token?: string;
  json?: boolean;
}

function number(min: number, max = Number.POSITIVE_INFINITY) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a number between ${min} and ${max}`);
    }
    return n;
  };
}

/** Adds the `emulator` command. */
export function register(program: Command): void {
  program
    .command("emulator")
    .description("Run a local, stateful emulator of the Notion API (version 2025-09-03)")
    .option("-p, --port <n>", "port to listen on (0 picks a free one)", number(0, 65535), 4010)
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .addOption(
      new Option("--workspace <file>", "serve the workspace JSON file").conflicts(["generate", "sample"]),
    )
    .addOption(
      new Option("--generate <options>", "serve a generated workspace (e.g. seed=1,pages=200)").conflicts(
        "sample",
      ),
    )
    .option("--sample", "serve the small hand-made sample workspace (the default)")
    .option("--rate <n>", "average requests per second per token", number(0.001), 3)
    .option("--burst <n>", "requests a token may send at once", number(1), 10)
    .option("--no-rate-limit", "answer every request, never 429")
    .option("--fault-rate <x>", "share of answers replaced by 429/500/502/503/529", number(0, 1))
    .option("--drop-rate <x>", "share of connections dropped without an answer", number(0, 1))
    .option("--delay-ms <n>", "delay every answer by this many milliseconds", number(0))
    .option("--seed <n>", "seed of the random faults", number(0))
    .option("--file-url-ttl <seconds>", "how long hosted-file URLs stay valid", number(1), 3600)
    .option("--token <token>", "token the first integration answers to")
    .option("--json", "print the connection details as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ nvault emulator --sample --port 4010
  $ nvault emulator --generate seed=7,pages=200,databases=5 --no-rate-limit
  $ nvault emulator --workspace ws.json --fault-rate 0.05 --file-url-ttl 60

Point a client at it with baseUrl http://127.0.0.1:<port> and the printed token.
Ctrl-C stops it and prints the number of requests per endpoint.`,
    )
    .action((opts: EmulatorCommandOptions) => runEmulator(opts));
}

async function runEmulator(opts: EmulatorCommandOptions): Promise<void> {
  const emulator = await import("../../emulator/index.ts");
  let ws: Awaited<ReturnType<typeof emulator.loadWorkspace>>;
  try {
    ws = await emulator.loadWorkspace({
      file: opts.workspace,
      generate: opts.generate,
      sample: opts.sample,
      token: opts.token,
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new VaultError("emulator_workspace", `cannot load the workspace: ${message}`, {
      cause: err,
      exitCode: ExitCode.usage,
    });
  }
  const random = opts.faultRate !== undefined || opts.dropRate !== undefined || opts.delayMs !== undefined;
  const server = await emulator.createEmulator({
    workspace: ws,
    port: opts.port,
    host: opts.host,
    rateLimit: opts.rateLimit ? { ratePerSecond: opts.rate, burst: opts.burst } : false,
    faults: random
      ? { errorRate: opts.faultRate, dropRate: opts.dropRate, delayMs: opts.delayMs, seed: opts.seed }
      : undefined,
    fileUrlTtlMs: (opts.fileUrlTtl ?? 3600) * 1000,
  });
  const token = ws.integrations.keys().next().value ?? "";
  const details = { url: server.url, token, notion_version: emulator.NOTION_VERSION, workspace: ws.name };
  printResult(details, opts.json, (d) =>
    [
      `Notion API emulator serving "${d.workspace}" at ${d.url}`,
      `Token:          ${d.token}`,
      `Notion-Version: ${d.notion_version}`,
      "Press Ctrl-C to stop.",
    ].join("\n"),
  );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await server.close();
  printResult(server.log.snapshot(), opts.json, () => `\n${server.log.format()}`);
}
