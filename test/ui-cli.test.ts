// `nvault ui` through the real binary: prints its address (and token off loopback), serves, stops cleanly on Ctrl-C.
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { finished, makeTempStore, type TempStore } from "./helpers/store.ts";

/** Starts `nvault ui ... --json` and waits for the line it prints once it listens. */
async function startUi(
  store: TempStore,
  args: string[],
): Promise<{ child: ChildProcess; info: Record<string, any> }> {
  const child = store.start(["ui", "--port", "0", "--json", ...args]);
  const info = await new Promise<Record<string, any>>((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr!.on("data", (d: Buffer) => {
      err += d.toString();
    });
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("\n")) resolve(JSON.parse(out.slice(0, out.indexOf("\n"))));
    });
    child.on("close", (code) => reject(new Error(`nvault ui exited ${code}: ${err}`)));
  });
  return { child, info };
}

describe("nvault ui (CLI)", { timeout: 120_000 }, () => {
  let store: TempStore;
  before(async () => {
    store = await makeTempStore();
    const src = await store.scratch("src");
    await writeFile(join(src, "notes.txt"), "hello\n");
    await store.ok(["backup", "--source", src, "--tag", "daily"]);
  });
  after(() => store?.close());

  it("has help with examples", async () => {
    const help = await store.ok(["ui", "--help"]);
    assert.match(help, /--port/);
    assert.match(help, /--host/);
    assert.match(help, /Examples:/);
  });

  it("serves loopback without a token and stops on SIGINT", async () => {
    const { child, info } = await startUi(store, []);
    assert.equal(info.token, undefined);
    assert.match(info.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(info.url);
    const text = await res.text();
    assert.equal(res.status, 200);
    assert.match(text, /daily/, "the directory snapshot with its tag");
    assert.ok(!text.includes(store.env.NVAULT_PASSPHRASE!));
    const done = finished(child);
    child.kill("SIGINT");
    const r = await done;
    assert.equal(r.code, 0, r.stderr);
  });

  it("prints an access token off loopback and requires it", async () => {
    const { child, info } = await startUi(store, ["--host", "0.0.0.0"]);
    const done = finished(child);
    try {
      assert.ok(typeof info.token === "string" && info.token.length >= 32);
      assert.equal(info.open, `${info.url}?token=${encodeURIComponent(info.token)}`);
      assert.equal((await fetch(info.url)).status, 401);
      const ok = await fetch(info.url, { headers: { authorization: `Bearer ${info.token}` } });
      assert.equal(ok.status, 200);
    } finally {
      child.kill("SIGINT");
      await done;
    }
  });

  it("refuses a bad port", async () => {
    const r = await store.run(["ui", "--port", "70000"]);
    assert.equal(r.code, 2);
  });
});
