// resolveSnapshot: id prefixes, "latest" and "latest~N" within a host, a set of paths or what a caller accepts.
import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { memoryRepo, tempDir } from "../../test/helpers/memory-repo.ts";
import { backupDirectory } from "./archiver.ts";
import { latestOffset, resolveSnapshot } from "./browse.ts";

test("latest, latest~ and latest~N read as offsets; other text does not", () => {
  assert.equal(latestOffset("latest"), 0);
  assert.equal(latestOffset("latest~"), 1);
  assert.equal(latestOffset("latest~0"), 0);
  assert.equal(latestOffset("latest~12"), 12);
  assert.equal(latestOffset("latest~-1"), undefined);
  assert.equal(latestOffset("latest~1a"), undefined);
  assert.equal(latestOffset("1a2b3c"), undefined);
});

test("latest~N counts within the paths and the snapshots the caller accepts", async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const repo = await memoryRepo();
  t.after(() => repo.close());
  const [a, b] = [join(dir, "a"), join(dir, "b")];
  await mkdir(a);
  await mkdir(b);
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
  const snap = async (source: string, minute: number) => {
    await writeFile(join(source, "f.txt"), `${source} at ${minute}`);
    return (await backupDirectory(repo, { source, time: at(minute) })).snapshot.id;
  };
  const a1 = await snap(a, 1);
  const b1 = await snap(b, 2);
  const a2 = await snap(a, 3);
  const b2 = await snap(b, 4);
  const id = async (ref: string, filter = {}) => (await resolveSnapshot(repo, ref, filter)).id;

  assert.equal(await id("latest"), b2);
  assert.equal(await id("latest~1"), b1);
  assert.equal(await id("latest~1", { paths: [a] }), a1);
  assert.equal(await id("latest", { paths: [a] }), a2);
  const onlyA = { accept: (s: { manifest: { paths: string[] } }) => s.manifest.paths.includes(a), kind: "A" };
  assert.equal(await id("latest", onlyA), a2);
  assert.equal(await id("latest~1", onlyA), a1);
  await assert.rejects(resolveSnapshot(repo, "latest~2", onlyA), /latest~2: .* only 2 snapshots of this A/);
  await assert.rejects(
    resolveSnapshot(repo, "latest", { accept: () => false, kind: "Notion workspace" }),
    /the store holds no Notion workspace snapshot yet/,
  );
  await assert.rejects(resolveSnapshot(repo, "latest", { host: "elsewhere" }), /holds no snapshot yet/);
  assert.equal(await id(a1.slice(0, 10)), a1);
  await assert.rejects(resolveSnapshot(repo, "latest~x"), /is not a snapshot id/);
});
