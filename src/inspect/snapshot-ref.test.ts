// Snapshot references: id prefixes, "latest" and "latest~N" counted among snapshots of the same source.
import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { memoryRepo, tempDir } from "../../test/helpers/memory-repo.ts";
import { backupDirectory } from "../store/archiver.ts";
import { resolveSnapshotRef } from "./snapshot-ref.ts";

test("latest~N counts back among snapshots of the newest one's source", async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const repo = await memoryRepo();
  const [a, b] = [join(dir, "a"), join(dir, "b")];
  await mkdir(a);
  await mkdir(b);
  await writeFile(join(a, "x.txt"), "one");
  await writeFile(join(b, "y.txt"), "other source");
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
  const a1 = await backupDirectory(repo, { source: a, time: at(1) });
  await writeFile(join(a, "x.txt"), "two");
  const a2 = await backupDirectory(repo, { source: a, time: at(2) });
  await backupDirectory(repo, { source: b, time: at(3) });
  await writeFile(join(a, "x.txt"), "three");
  const a3 = await backupDirectory(repo, { source: a, time: at(4) });

  const id = async (ref: string) => (await resolveSnapshotRef(repo, ref)).id;
  assert.equal(await id("latest"), a3.snapshot.id);
  // The snapshot of the other folder in between does not count.
  assert.equal(await id("latest~1"), a2.snapshot.id);
  assert.equal(await id("latest~"), a2.snapshot.id);
  assert.equal(await id("latest~2"), a1.snapshot.id);
  assert.equal(await id(a1.snapshot.id.slice(0, 8)), a1.snapshot.id);
  await assert.rejects(resolveSnapshotRef(repo, "latest~3"), /holds only 3 snapshots of this source/);
  // No Notion workspace snapshot among them.
  await assert.rejects(
    resolveSnapshotRef(repo, "latest", { workspace: true }),
    /no Notion workspace snapshot/,
  );
});
