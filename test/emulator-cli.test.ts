// `nvault emulator` as a user runs it: a real process serving a workspace file, stopped by SIGINT.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { Client, LogLevel } from "@notionhq/client";
import { defaultWorkspaceData } from "./helpers/emulator.ts";

const BIN = join(import.meta.dirname, "..", "bin", "nvault.js");

test("serves a workspace file under the given token and prints the request log on SIGINT", async () => {
  const dir = await mkdtemp(join(tmpdir(), "nvault-emulator-cli-"));
  try {
    const file = join(dir, "ws.json");
    await writeFile(file, JSON.stringify(defaultWorkspaceData()));
    const child = spawn(
      process.execPath,
      [BIN, "emulator", "--workspace", file, "--port", "0", "--token", "ntn_cli_test", "--no-rate-limit"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (c) => {
      out += c;
    });
    child.stderr.on("data", (c) => {
      err += c;
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    while (!/Press Ctrl-C/.test(out)) {
      if (child.exitCode !== null) assert.fail(`emulator exited early: ${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const url = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    assert.ok(url, out);
    assert.match(out, /Token:\s+ntn_cli_test/);

    const client = new Client({ auth: "ntn_cli_test", baseUrl: url, logLevel: LogLevel.ERROR });
    const found = await client.search({ query: "Home" });
    assert.equal(found.results.length, 1);

    child.kill("SIGINT");
    assert.equal(await exited, 0, err);
    assert.match(out, /search\s+1\s+200:1/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("an unreadable workspace file is a usage error", async () => {
  const child = spawn(process.execPath, [BIN, "emulator", "--workspace", "/nonexistent/ws.json"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr.on("data", (c) => {
    err += c;
  });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  assert.equal(code, 2);
  assert.match(err, /cannot load the workspace/);
});
