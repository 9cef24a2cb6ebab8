// Locks: stale detection by age and by dead pid, refresh replaces the file, conflicts between kinds.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { test } from "node:test";
import { memoryRepo } from "../../test/helpers/memory-repo.ts";
import { isStoreError } from "./errors.ts";
import { acquireLock, isStale, listLocks, removeLocks } from "./lock.ts";

function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}

test("a lock is stale when too old or when its holder's pid on this host is gone", () => {
  const now = Date.parse("2026-01-01T01:00:00Z");
  const live = { time: "2026-01-01T00:59:00Z", host: hostname(), pid: process.pid };
  assert.equal(isStale(live, { now }), false);
  assert.equal(isStale({ ...live, time: "2026-01-01T00:00:00Z" }, { now }), true);
  assert.equal(isStale({ ...live, pid: deadPid() }, { now }), true);
  assert.equal(
    isStale({ ...live, host: "elsewhere", pid: deadPid() }, { now }),
    false,
    "a remote pid is not checked",
  );
});

test("stale locks do not block an exclusive lock and can be removed", async () => {
  const repo = await memoryRepo();
  const old = {
    kind: "exclusive",
    time: "2020-01-01T00:00:00Z",
    host: "elsewhere",
    pid: 1,
    username: "x",
    purpose: "prune",
  };
  await repo.saveUnpacked("locks", new TextEncoder().encode(JSON.stringify(old)));
  await repo.saveUnpacked(
    "locks",
    new TextEncoder().encode(
      JSON.stringify({ ...old, time: new Date().toISOString(), host: hostname(), pid: deadPid() }),
    ),
  );
  const locks = await listLocks(repo);
  assert.equal(locks.length, 2);
  assert.ok(locks.every((l) => l.stale));

  const lock = await acquireLock(repo, "exclusive");
  await assert.rejects(acquireLock(repo, "shared"), (err) => isStoreError(err, "locked"));
  await lock.release();
  assert.equal((await removeLocks(repo)).length, 2);
  assert.deepEqual(await listLocks(repo), []);
});

test("refresh writes a new lock file and removes the old one; waitMs retries until released", async () => {
  const repo = await memoryRepo();
  const lock = await acquireLock(repo, "exclusive");
  const first = lock.name;
  await lock.refresh();
  assert.notEqual(lock.name, first);
  assert.deepEqual(
    (await listLocks(repo)).map((l) => l.name),
    [lock.name],
  );
  setTimeout(() => void lock.release(), 100);
  const next = await acquireLock(repo, "shared", { waitMs: 60_000 });
  assert.equal(next.kind, "shared");
  await next.release();
});
