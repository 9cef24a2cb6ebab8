// `nvault demo`: the README's main command — the bundled emulator serving the sample workspace, toured.
import type { Command } from "commander";
import { printResult } from "./output.ts";

interface DemoOptions {
  serve?: boolean;
  port: string;
  json?: boolean;
}

/** Adds the `demo` command. */
export function register(program: Command): void {
  program
    .command("demo")
    .description("Start the bundled Notion emulator on the sample workspace and walk it through the API")
    .option("--serve", "keep the emulator running after the walk (Ctrl-C stops it)")
    .option("-p, --port <n>", "port for the emulator (0 picks a free one)", "0")
    .option("--json", "print the walk as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ npm start                     # same as: nvault demo
  $ nvault demo --serve --port 4010`,
    )
    .action((opts: DemoOptions) => runDemo(opts));
}

async function runDemo(opts: DemoOptions): Promise<void> {
  const emulator = await import("../../emulator/index.ts");
  const { tour } = await import("../../emulator/tour.ts");
  const ws = await emulator.loadWorkspace({ sample: true });
  const server = await emulator.createEmulator({ workspace: ws, port: Number(opts.port), rateLimit: false });
  const token = ws.integrations.keys().next().value ?? "";
  try {
    const report = await tour(server.url, token);
    printResult({ url: server.url, ...report, requests: server.log.snapshot() }, opts.json, (r) =>
      [
        `Notion API emulator serving the sample workspace at ${r.url}`,
        `Walked it as integration "${r.bot}" with the official SDK:`,
        "",
        ...r.lines,
        "",
        `${r.pages} pages, ${r.databases} databases, ${r.rows} rows, ${r.blocks} blocks`,
        "",
        server.log.format(),
      ].join("\n"),
    );
    if (opts.serve) {
      process.stdout.write(`\nServing at ${server.url} with token ${token}; Ctrl-C stops it.\n`);
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
    }
  } finally {
    await server.close();
  }
}
