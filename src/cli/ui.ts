// `nvault ui`: serves the read-only web UI over the store until Ctrl-C.
import { spawn } from "node:child_process";
import type { Command } from "commander";
import { startUiServer } from "../ui/server.ts";
import { printResult } from "./output.ts";
import {
  addStoreOptions,
  countOption,
  type StoreCliOptions,
  usageError,
  withStore,
} from "./store-options.ts";

interface UiOptions extends StoreCliOptions {
  port: string;
  host: string;
  requireToken?: boolean;
  open?: boolean;
}

function openBrowser(url: string): void {
  const cmd = process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : "xdg-open";
  const child = spawn(cmd, [url], { stdio: "ignore", detached: true });
  child.on("error", () => process.stderr.write(`could not start a browser; open ${url}\n`));
  child.unref();
}

/** Registers `ui`. */
export function register(program: Command): void {
  const cmd = program
    .command("ui")
    .description("browse, search, diff and verify snapshots in a web browser (read-only)");
  addStoreOptions(cmd)
    .option("--port <n>", "port to listen on (0: any free port)", "8642")
    .option(
      "--host <address>",
      "address to bind; anything but loopback requires the access token",
      "127.0.0.1",
    )
    .option("--require-token", "require the access token on loopback too (a shared machine)")
    .option("--open", "open the address in the default browser")
    .addHelpText(
      "after",
      `
The server never talks to Notion and never writes to the store. On 127.0.0.1 it needs no token;
bound to any other address it prints an access token and refuses every request without it (open
the printed address once: the token moves into a cookie). NVAULT_UI_TOKEN fixes the token.

Examples:
  $ nvault ui                       # http://127.0.0.1:8642/
  $ nvault ui --port 9000 --open
  $ nvault ui --host 0.0.0.0        # reachable from the network, token required
  $ nvault ui --port 0 --json       # {"url": ..., "token": ...} on one line, for scripts`,
    )
    .action((opts: UiOptions) =>
      withStore(opts, async (repo, signal) => {
        const port = countOption(opts.port);
        if (port < 0 || port > 65535) throw usageError(`--port must be 0..65535, got ${opts.port}`);
        const server = await startUiServer({
          repo,
          host: opts.host,
          port,
          requireToken: opts.requireToken,
          token: process.env.NVAULT_UI_TOKEN || undefined,
        });
        const open = server.token ? `${server.url}?token=${encodeURIComponent(server.token)}` : server.url;
        const info = { url: server.url, host: server.host, port: server.port, token: server.token, open };
        if (opts.json) process.stdout.write(`${JSON.stringify(info)}\n`);
        else
          printResult(info, false, (i) =>
            [
              `nvault ui: serving the store read-only at ${i.url}`,
              i.token ? `access token: ${i.token}\nopen: ${i.open}` : "",
              "press Ctrl-C to stop",
            ]
              .filter(Boolean)
              .join("\n"),
          );
        if (opts.open) openBrowser(open);
        await new Promise<void>((resolve) => {
          if (signal.aborted) resolve();
          signal.addEventListener("abort", () => resolve(), { once: true });
        });
        await server.close();
      }),
    );
}
