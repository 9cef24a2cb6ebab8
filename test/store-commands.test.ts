// The store commands end to end through the real `nvault` CLI in child processes, on temp dirs.
import assert from "node:assert/strict";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { seededRng } from "./helpers/random.ts";
import { startS3 } from "./helpers/s3.ts";
import { finished, makeTempStore, startNvault } from "./helpers/store.ts";
import { diffDigests, hashTree, writeRandomTree } from "./helpers/tree.ts";

interface Summary {
  id: string;
  files: number;
  newBlobs: number;
  parent: string | null;
}

test("init, backup --source, snapshots, ls, cat, restore, check, forget --prune", async (t) => {
  const store = await makeTempStore();
  t.after(() => store.close());
  const src = await store.scratch("src");
  await writeRandomTree(src, seededRng("cli"), { files: 20, size: (r) => r.int(0, 50_000), dirs: 4 });
  await mkdir(join(src, "notes"), { recursive: true });
  await writeFile(join(src, "notes", "todo ✓.md"), "- [ ] ship\n");

  const first = await store.json<Summary>(["backup", "--source", src, "--tag", "daily"]);
  assert.equal(first.files, 21);
  assert.equal(first.parent, null);
  const second = await store.json<Summary>(["backup", "--source", src]);
  assert.equal(second.parent, first.id);
  assert.equal(second.newBlobs, 0, "an unchanged tree adds nothing");

  const list = await store.json<Array<{ id: string; tags: string[] }>>(["snapshots"]);
  assert.deepEqual(
    list.map((s) => s.id),
    [first.id, second.id],
  );
  assert.deepEqual(list[0]!.tags, ["daily"]);
  const ls = await store.json<{ entries: Array<{ path: string }> }>(["ls", `${first.id.slice(0, 8)}:notes`]);
  assert.deepEqual(
    ls.entries.map((e) => e.path),
    ["notes/todo ✓.md"],
  );
  assert.equal(await store.ok(["cat", "latest:notes/todo ✓.md"]), "- [ ] ship\n");

  const out = await store.scratch("out");
  await store.ok(["restore", "latest", "--to", out]);
  assert.deepEqual(diffDigests(await hashTree(src), await hashTree(out)), []);

  const check = await store.json<{ ok: boolean; snapshots: Array<{ trusted: boolean }> }>([
    "check",
    "--read-data",
  ]);
  assert.equal(check.ok, true);
  assert.ok(check.snapshots.every((s) => s.trusted));

  const forgot = await store.json<{ removed: string[]; prune: { dryRun: boolean } }>([
    "forget",
    "--keep-last",
    "1",
    "--prune",
  ]);
  assert.deepEqual(forgot.removed, [first.id]);
  assert.equal(forgot.prune.dryRun, false);
  const after = await store.json<Array<{ id: string }>>(["snapshots"]);
  assert.deepEqual(
    after.map((s) => s.id),
    [second.id],
  );
});

test("errors: wrong passphrase exits 3, a missing snapshot exits 6, a damaged pack makes check exit 5", async (t) => {
  const store = await makeTempStore();
  t.after(() => store.close());
  const src = await store.scratch("src");
  await writeFile(join(src, "a.bin"), seededRng("dmg").bytes(40_000));
  await store.ok(["backup", "--source", src]);

  const wrong = await store.run(["snapshots", "--passphrase-file", join(store.root, "nope")]);
  assert.equal(wrong.code, 2, wrong.stderr);
  await writeFile(join(store.root, "wrong.txt"), "not it\n");
  const bad = await store.run(["snapshots", "--passphrase-file", join(store.root, "wrong.txt")]);
  assert.equal(bad.code, 3, bad.stderr);
  assert.match(bad.stderr, /wrong passphrase/);
  assert.doesNotMatch(bad.stderr + bad.stdout, /not it/);

  const missing = await store.run(["ls", "ffffffff"]);
  assert.equal(missing.code, 6, missing.stderr);

  const packs = (await readdir(join(store.dir, "data"), { recursive: true, withFileTypes: true })).filter(
    (e) => e.isFile(),
  );
  const pack = join(packs[0]!.parentPath, packs[0]!.name);
  const bytes = await readFile(pack);
  bytes[100]! ^= 0x01;
  await writeFile(pack, bytes);
  const check = await store.run(["check", "--read-data"]);
  assert.equal(check.code, 5, check.stderr);
  assert.match(check.stdout, /used by snapshot [0-9a-f]{8} at a\.bin/);
});

test("sync copies to a second store with its own passphrase; a second sync transfers nothing", async (t) => {
  const a = await makeTempStore();
  t.after(() => a.close());
  const b = await makeTempStore({ passphrase: "the other store's passphrase" });
  t.after(() => b.close());
  const src = await a.scratch("src");
  await writeFile(join(src, "x.bin"), seededRng("sync").bytes(30_000));
  await a.ok(["backup", "--source", src]);
  const env = { NVAULT_TO_PASSPHRASE: b.env.NVAULT_PASSPHRASE };
  const args = ["sync", "--to", b.dir, "--json"];
  const run = async () => {
    const r = await finished(startNvault(args, { ...a.env, ...env }));
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as { copied: unknown[]; blobs: number; skipped: number };
  };
  const first = await run();
  assert.equal(first.copied.length, 1);
  assert.ok(first.blobs > 0);
  const second = await run();
  assert.deepEqual([second.copied.length, second.blobs, second.skipped], [0, 0, 1]);
  const verify = await b.json<Array<{ trusted: boolean }>>(["verify"]);
  assert.deepEqual(
    verify.map((v) => v.trusted),
    [true],
  );
});

test("the commands work on an S3 store (s3:http://host:port/bucket/prefix) the same way", async (t) => {
  const s3 = await startS3();
  t.after(() => s3.close());
  const store = await makeTempStore({
    env: {
      NVAULT_STORE: `s3:${s3.endpoint}/${s3.bucket}/team/nvault`,
      AWS_ACCESS_KEY_ID: s3.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
      AWS_REGION: s3.region,
    },
  });
  t.after(() => store.close());
  const src = await store.scratch("src");
  await writeRandomTree(src, seededRng("s3"), { files: 12, size: (r) => r.int(0, 40_000), dirs: 3 });
  const first = await store.json<Summary>(["backup", "--source", src]);
  await writeFile(join(src, "new.txt"), "new");
  await store.ok(["backup", "--source", src]);
  const out = await store.scratch("out");
  await store.ok(["restore", "latest", "--to", out]);
  assert.deepEqual(diffDigests(await hashTree(src), await hashTree(out)), []);
  await store.ok(["forget", "--keep-last", "1", "--prune"]);
  const check = await store.json<{ ok: boolean; snapshots: unknown[] }>(["check", "--read-data"]);
  assert.equal(check.ok, true);
  assert.equal(check.snapshots.length, 1);
  const gone = await store.run(["ls", first.id.slice(0, 12)]);
  assert.equal(gone.code, 6);
});

test("key add, passwd and remove manage passphrases without exposing them", async (t) => {
  const store = await makeTempStore();
  t.after(() => store.close());
  const run = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const r = await finished(startNvault([...args, "--json"], { ...store.env, ...env }));
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, /second secret|third secret/);
    return JSON.parse(r.stdout) as unknown;
  };
  const added = (await run(["key", "add"], { NVAULT_NEW_PASSPHRASE: "second secret" })) as { id: string };
  const keys = (await run(["key", "list"])) as Array<{ id: string; current: boolean }>;
  assert.equal(keys.length, 2);
  // The new passphrase opens the store; change it, then the old one no longer does.
  const changed = (await run(["key", "passwd"], {
    NVAULT_PASSPHRASE: "second secret",
    NVAULT_NEW_PASSPHRASE: "third secret",
  })) as { id: string; replaced: string };
  assert.equal(changed.replaced, added.id);
  const old = await finished(
    startNvault(["key", "list"], { ...store.env, NVAULT_PASSPHRASE: "second secret" }),
  );
  assert.equal(old.code, 3);
  const original = keys.find((k) => k.current)!;
  await run(["key", "remove", original.id.slice(0, 10)], { NVAULT_PASSPHRASE: "third secret" });
  const left = (await run(["key", "list"], { NVAULT_PASSPHRASE: "third secret" })) as Array<{ id: string }>;
  assert.deepEqual(
    left.map((k) => k.id),
    [changed.id],
  );
});
