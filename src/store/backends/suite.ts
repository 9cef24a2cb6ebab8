// The one conformance suite every Backend passes (run by fs.test.ts, memory.test.ts, s3.test.ts).
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { Backend, FileType } from "../backend.ts";
import { isStoreError } from "../errors.ts";

/** Makes a fresh, empty backend for each test and cleans it up afterwards. */
export interface BackendFactory {
  create(): Promise<Backend>;
  cleanup?(): Promise<void>;
  /**
   * Set when the server under test (not the backend) writes objects in place, so a listing may
   * show a growing object mid-upload; s3rver does, real S3 never does (PUT is atomic there).
   */
  serverWritesInPlace?: boolean;
}

const hex = (n = 32): string => randomBytes(n).toString("hex");

async function listAll(b: Backend, type: FileType): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for await (const f of b.list(type)) out.set(f.name, f.size);
  return out;
}

const notFound = (err: unknown): boolean => isStoreError(err, "not_found");

/** Registers the shared backend tests under `name`. */
export function backendSuite(name: string, factory: BackendFactory): void {
  describe(`backend conformance: ${name}`, () => {
    let b: Backend;
    before(async () => {
      b = await factory.create();
    });
    after(async () => {
      await b.close();
      await factory.cleanup?.();
    });

    test("save then load returns the same bytes, for every type", async () => {
      for (const type of ["keys", "data", "index", "snapshots", "locks"] as const) {
        const data = randomBytes(1000 + Math.floor(Math.random() * 1000));
        const n = hex();
        await b.save(type, n, data);
        assert.deepEqual(Buffer.from(await b.load(type, n)), data);
        assert.deepEqual(await b.stat(type, n), { size: data.length });
      }
      const cfg = Buffer.from("config bytes");
      await b.save("config", "config", cfg);
      assert.deepEqual(Buffer.from(await b.load("config", "config")), cfg);
    });

    test("a range load returns exactly that slice; past the end is not_found", async () => {
      const data = randomBytes(5000);
      const n = hex();
      await b.save("data", n, data);
      assert.deepEqual(
        Buffer.from(await b.load("data", n, { offset: 100, length: 333 })),
        data.subarray(100, 433),
      );
      assert.deepEqual(
        Buffer.from(await b.load("data", n, { offset: 4990, length: 10 })),
        data.subarray(4990),
      );
      await assert.rejects(b.load("data", n, { offset: 4990, length: 11 }), notFound);
    });

    test("missing files: stat is undefined, load and remove are not_found", async () => {
      const n = hex();
      assert.equal(await b.stat("snapshots", n), undefined);
      await assert.rejects(b.load("snapshots", n), notFound);
      await assert.rejects(b.remove("snapshots", n), notFound);
    });

    test("list reports every file with its size, and removed files disappear", async () => {
      const names = Array.from({ length: 12 }, () => hex());
      for (const [i, n] of names.entries()) await b.save("index", n, randomBytes(i + 1));
      const listed = await listAll(b, "index");
      for (const [i, n] of names.entries()) assert.equal(listed.get(n), i + 1);
      await b.remove("index", names[0]!);
      const after = await listAll(b, "index");
      assert.equal(after.has(names[0]!), false);
      assert.equal(after.has(names[1]!), true);
      assert.equal(await b.stat("index", names[0]!), undefined);
    });

    test("data files spread over sub-folders are all listed", async () => {
      const names = ["00", "ff", "a0"].map((p) => p + hex(31));
      for (const n of names) await b.save("data", n, Buffer.from(n));
      const listed = await listAll(b, "data");
      for (const n of names) assert.equal(listed.get(n), n.length);
    });

    test("list of config reports the single config file", async () => {
      await b.save("config", "config", Buffer.from("x"));
      assert.deepEqual([...(await listAll(b, "config")).keys()], ["config"]);
    });

    test("concurrent saves of different names all land intact", async () => {
      const files = Array.from({ length: 24 }, () => ({ n: hex(), d: randomBytes(20_000) }));
      await Promise.all(files.map((f) => b.save("locks", f.n, f.d)));
      const loaded = await Promise.all(files.map((f) => b.load("locks", f.n)));
      for (const [i, f] of files.entries()) assert.deepEqual(Buffer.from(loaded[i]!), f.d);
    });

    test("readers never see a partial file while it is being saved or replaced", async (t) => {
      if (factory.serverWritesInPlace) t.diagnostic("server writes in place: checking final bytes only");
      const n = hex();
      const big = randomBytes(8 * 1024 * 1024);
      const saving = b.save("data", n, big);
      let done = false;
      void saving.finally(() => {
        done = true;
      });
      // Polling a growing object on such a server can also reset the connection; skip it there.
      while (!done && !factory.serverWritesInPlace) {
        const st = await b.stat("data", n);
        if (st) assert.equal(st.size, big.length);
        for await (const f of b.list("data")) if (f.name === n) assert.equal(f.size, big.length);
        await new Promise((r) => setImmediate(r));
      }
      await saving;
      assert.deepEqual(Buffer.from(await b.load("data", n)), big);
      // Replacing (config and locks may be rewritten) is atomic too: old or new bytes, never a mix.
      const next = randomBytes(big.length);
      const replacing = b.save("data", n, next);
      if (!factory.serverWritesInPlace) {
        const during = Buffer.from(await b.load("data", n));
        assert.ok(during.equals(big) || during.equals(next));
      }
      await replacing;
      assert.deepEqual(Buffer.from(await b.load("data", n)), next);
    });

    test("names that could escape their folder are refused", async () => {
      for (const bad of ["../x", "a/b", ".hidden", ""]) {
        await assert.rejects(b.save("snapshots", bad, Buffer.from("x")), (e) =>
          isStoreError(e, "invalid_argument"),
        );
      }
      await assert.rejects(b.save("config", "other", Buffer.from("x")), (e) =>
        isStoreError(e, "invalid_argument"),
      );
    });

    test("an aborted signal rejects the call", async () => {
      const ac = new AbortController();
      ac.abort(new Error("stop"));
      await assert.rejects(b.save("snapshots", hex(), Buffer.from("x"), ac.signal), /stop/);
      await assert.rejects(b.stat("snapshots", hex(), ac.signal), /stop/);
    });
  });
}
