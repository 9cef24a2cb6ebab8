// `nvault backup` (Notion mode) and `nvault demo` run as child processes against the emulator, into real stores.
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { generateWorkspace } from "../emulator/generator/index.ts";
import { startEmulator, type TestEmulator } from "./helpers/emulator.ts";
import { makeTempStore, type TempStore } from "./helpers/store.ts";

let t: TestEmulator;
let store: TempStore;

before(async () => {
  t = await startEmulator({
    workspace: generateWorkspace({ seed: 3, pages: 6, rowsPerDatabase: 8, mediaFiles: 2 }),
  });
  store = await makeTempStore({ env: { NOTION_BASE_URL: t.url, NOTION_TOKEN: t.token } });
});

after(async () => {
  await store?.close();
  await t?.close();
});

interface BackupJson {
  id: string;
  parent: string | null;
  report: { counts: Record<string, number>; reusedPages: number; requests: { totalRequests: number } };
}

test("nvault backup captures the workspace the token sees and never prints the token", async () => {
  const r = await store.run(["backup", "--rate", "500"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /snapshot [0-9a-f]{8} of workspace/);
  assert.match(r.stdout, /requests: \d+/);
  for (const out of [r.stdout, r.stderr]) assert.ok(!out.includes(t.token), "the token is not printed");

  const second = await store.json<BackupJson>(["backup", "--rate", "500"]);
  assert.ok(second.parent, "the second snapshot names its parent");
  assert.ok(second.report.reusedPages > 0);
  const ls = await store.ok(["ls", "latest", "--raw"]);
  assert.match(ls, /index\.json/);
  assert.match(ls, /users\.json/);
});

test("the token may come from a file; a rejected token fails clearly without being echoed", async () => {
  const file = join(await store.scratch("token"), "token");
  await writeFile(file, `${t.token}\n`);
  const fromFile = await store.json<BackupJson>([
    "backup",
    "--token-file",
    file,
    "--full",
    "--comments",
    "none",
  ]);
  assert.equal(fromFile.report.reusedPages, 0);
  assert.equal(fromFile.report.counts.comment ?? 0, 0);

  const wrong = "ntn_not_a_real_token_0123456789abcdef";
  const r = await store.run(["backup", "--token-file", "/nonexistent/token"]);
  assert.equal(r.code, 2);
  await writeFile(file, wrong);
  const bad = await store.run(["backup", "--token-file", file]);
  assert.notEqual(bad.code, 0);
  assert.ok(bad.stderr.length > 0);
  for (const out of [bad.stdout, bad.stderr])
    assert.ok(!out.includes(wrong), "the rejected token is not printed");
});

test("nvault demo backs up the sample workspace into a new store and says how to look inside", async () => {
  const demoStore = await makeTempStore({ init: false, env: { NVAULT_PASSPHRASE: "", NOTION_TOKEN: "" } });
  try {
    const r = await demoStore.run(["demo"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Created the store/);
    assert.match(r.stdout, /demo passphrase/);
    assert.match(r.stdout, /nvault ls latest/);
    const again = await demoStore.run(["demo", "--json"]);
    assert.equal(again.code, 0, again.stderr);
    const result = JSON.parse(again.stdout) as BackupJson & { created: boolean };
    assert.equal(result.created, false);
    assert.ok(result.report.reusedPages > 0);
  } finally {
    await demoStore.close();
  }
});

test("Ctrl-C stops a backup cleanly: exit 130, no snapshot, no stale lock", async () => {
  const intStore = await makeTempStore({ env: { NOTION_BASE_URL: t.url, NOTION_TOKEN: t.token } });
  try {
    t.log.reset();
    const child = intStore.start(["backup", "--rate", "40"]);
    let stderr = "";
    child.stderr?.on("data", (d) => {
      stderr += String(d);
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    while (t.log.count("blocks.children.list") < 5 && child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill("SIGINT");
    assert.equal(await exited, 130);
    assert.match(stderr, /interrupted/);
    assert.equal((await intStore.json<unknown[]>(["snapshots"])).length, 0);
    // Every lock file, live or not, would be removed here: there must be none left.
    const { removed } = await intStore.json<{ removed: unknown[] }>(["unlock", "--all"]);
    assert.deepEqual(removed, []);
  } finally {
    await intStore.close();
  }
});

test("a killed backup leaves no snapshot, and the next run completes", async () => {
  const killStore = await makeTempStore({ env: { NOTION_BASE_URL: t.url, NOTION_TOKEN: t.token } });
  try {
    t.log.reset();
    const child = killStore.start(["backup", "--rate", "40"]);
    const exited = new Promise((resolve) => child.once("exit", resolve));
    while (t.log.count("blocks.children.list") < 5 && child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill("SIGKILL");
    await exited;
    const none = await killStore.json<unknown[]>(["snapshots"]);
    assert.equal(none.length, 0, "no snapshot after the kill");
    const resumed = await killStore.json<BackupJson>(["backup", "--rate", "500"]);
    assert.equal(resumed.parent, null);
    assert.equal((await killStore.json<unknown[]>(["snapshots"])).length, 1);
    assert.equal((await killStore.run(["check"])).code, 0);
  } finally {
    await killStore.close();
  }
});
