// `nvault demo`: the README's main job — the bundled emulator on the sample workspace, backed up into a local store.
import type { Command } from "commander";
import { initRepository, openRepository, type Repository } from "../store/repository.ts";
import { runNotionBackup } from "./backup-notion.ts";
import { backupResultJson, formatBackupReport } from "./notion-report.ts";
import { printResult } from "./output.ts";
import { interruptSignal, openStoreBackend } from "./store-options.ts";

/** Where the demo keeps its store unless NVAULT_STORE names one. */
export const DEMO_STORE = "./nvault-demo-store";
/** The demo store's passphrase unless NVAULT_PASSPHRASE is set: a demo value, not a secret. */
export const DEMO_PASSPHRASE = "nvault demo passphrase";

interface DemoOptions {
  serve?: boolean;
  port: string;
  rate: string;
  json?: boolean;
}

/** Adds the `demo` command. */
export function register(program: Command): void {
  program
    .command("demo")
    .description("Back up the sample workspace, served by the bundled Notion emulator, into a local store")
    .option("--serve", "keep the emulator running afterwards (Ctrl-C stops it)")
    .option("-p, --port <n>", "port for the emulator (0 picks a free one)", "0")
    .option("--rate <n>", "API requests per second the backup keeps to", "50")
    .option("--json", "print the backup's result as JSON")
    .addHelpText(
      "after",
      `
The store is ${DEMO_STORE} (or NVAULT_STORE), created on first run with the passphrase
"${DEMO_PASSPHRASE}" (or NVAULT_PASSPHRASE). Run it twice: the second backup reuses every
unchanged page.

Examples:
  $ npm start                     # same as: nvault demo
  $ nvault demo --serve --port 4010`,
    )
    .action((opts: DemoOptions) => runDemo(opts));
}

async function openOrInit(
  location: string,
  passphrase: string,
): Promise<{ repo: Repository; created: boolean }> {
  const backend = await openStoreBackend(location);
  if (await backend.stat("config", "config"))
    return { repo: await openRepository(backend, passphrase), created: false };
  return { repo: await initRepository(backend, passphrase), created: true };
}

async function runDemo(opts: DemoOptions): Promise<void> {
  const emulator = await import("../../emulator/index.ts");
  const ws = await emulator.loadWorkspace({ sample: true });
  const server = await emulator.createEmulator({ workspace: ws, port: Number(opts.port), rateLimit: false });
  const token = ws.integrations.keys().next().value ?? "";
  const location = process.env.NVAULT_STORE || DEMO_STORE;
  const ownPassphrase = Boolean(process.env.NVAULT_PASSPHRASE);
  const { repo, created } = await openOrInit(location, process.env.NVAULT_PASSPHRASE || DEMO_PASSPHRASE);
  const { signal, dispose } = interruptSignal();
  try {
    const result = await runNotionBackup(repo, { token, baseUrl: server.url, rate: opts.rate }, signal);
    if (opts.json)
      printResult(
        { emulator: server.url, store: location, created, ...backupResultJson(result) },
        true,
        () => "",
      );
    else process.stdout.write(`${guide(result, server.url, location, created, ownPassphrase)}\n`);
    if (opts.serve) {
      process.stderr.write(`\nServing the sample at ${server.url}; Ctrl-C stops it.\n`);
      await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
    }
  } finally {
    dispose();
    await repo.close();
    await server.close();
  }
}

function guide(
  result: Parameters<typeof formatBackupReport>[0],
  url: string,
  location: string,
  created: boolean,
  ownPassphrase: boolean,
): string {
  const env = [
    ...(process.env.NVAULT_STORE ? [] : [`NVAULT_STORE=${location}`]),
    ...(ownPassphrase ? [] : [`NVAULT_PASSPHRASE='${DEMO_PASSPHRASE}'`]),
  ];
  const prefix = env.length > 0 ? `export ${env.join(" ")}\n  ` : "";
  const real = process.env.NOTION_TOKEN
    ? "NOTION_TOKEN is set: `npx nvault backup --store ./my-vault` backs up your real workspace the same way."
    : "With a real integration token, `NOTION_TOKEN=ntn_... npx nvault backup --store ./my-vault` backs up your workspace the same way.";
  return [
    `Notion API emulator serving the sample workspace at ${url}`,
    `${created ? "Created" : "Opened"} the store ${location}${ownPassphrase ? "" : ` (demo passphrase "${DEMO_PASSPHRASE}" — not a secret)`}`,
    "",
    formatBackupReport(result),
    "",
    "Look inside:",
    `  ${prefix}npx nvault snapshots`,
    "  npx nvault ls latest -l                          # the workspace as a tree",
    '  npx nvault cat "latest:Acme Wiki 08fa3b69"       # a page as Markdown (--format html|json)',
    "  npx nvault search roadmap                        # full text over the snapshot",
    "  npx nvault restore latest --to ./sample-restored # Markdown, CSV and media in a folder",
    "  npx nvault ui                                    # browse, search and diff in a browser",
    "Run `npm start` again: the second backup reuses every unchanged page; then",
    "  npx nvault diff latest~1 latest",
    "",
    real,
  ].join("\n");
}
