// Crash safety: SIGKILL `nvault backup` and `nvault prune` at seeded random moments; the store must stay whole.
//
// Tunable by environment: NVAULT_CRASH_ROUNDS (backup kills, default 12), NVAULT_CRASH_PRUNE_ROUNDS
// (prune kills, default 6), NVAULT_CRASH_SEED (default "store-crash-1"; printed so a failure can be replayed).
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { type Rng, seededRng } from "./helpers/random.ts";
import { finished, makeTempStore, type TempStore } from "./helpers/store.ts";
import {
  openTestRepository,
  restoreToDir,
  type StoreProbe,
  snapshotIds,
  storeFiles,
  storeProbe,
} from "./helpers/store-probe.ts";
import {
  deleteFile,
  diffDigests,
  editFile,
  hashTree,
  listFiles,
  type TreeDigest,
  writeRandomTree,
} from "./helpers/tree.ts";

const ROUNDS = Number(process.env.NVAULT_CRASH_ROUNDS ?? 12);
const PRUNE_ROUNDS = Number(process.env.NVAULT_CRASH_PRUNE_ROUNDS ?? 6);
const SEED = process.env.NVAULT_CRASH_SEED ?? "store-crash-1";
/** Small packs and chunks so a few MiB of new data spans many packs (several index writes per backup). */
const PACK_SIZE = 256 << 10;
const CHUNKER = { min: 16 << 10, avg: 64 << 10, max: 256 << 10 };
/** New incompressible bytes each backup round adds: about 24 packs. */
const ROUND_BYTES = 6 << 20;
/**
 * Packs a kill may leave uploaded but not yet indexed, which the next backup cannot know about and
 * uploads again: the pack writer indexes every 8 packs (pack-writer.ts `indexEvery`) and has up to
 * 2 uploads in flight.
 */
const INDEX_LAG_PACKS = 10;
/**
 * Store changes of a backup round: its packs (filled to a little over PACK_SIZE, as a pack is cut
 * after the chunk that crosses it), about one index file per 8 packs, and the snapshot.
 */
const ROUND_PACKS = Math.ceil(ROUND_BYTES / (PACK_SIZE + CHUNKER.avg));
const BACKUP_EVENTS = ROUND_PACKS + Math.ceil(ROUND_PACKS / 8) + 1;

/** The counts `prune --dry-run --json` reports that size a prune. */
interface PrunePlan {
  deletedPacks: number;
  repackedPacks: number;
  unindexedPacks: number;
}

let store: TempStore;
let source: string;
const rng: Rng = seededRng(SEED);
/** What each snapshot must restore to, by snapshot id. */
const expected = new Map<string, TreeDigest>();
/** Shortest full command run seen (ms): kills before any store write are spread over this. */
let startupMs = 3000;

before(async () => {
  store = await makeTempStore({ init: false });
  const repo = await openTestRepository(store, { packSize: PACK_SIZE, chunker: CHUNKER, init: true });
  await repo.close();
  source = await store.scratch("source");
  await writeRandomTree(source, rng.fork("base"), { files: 60, size: (r) => r.int(0, 96 << 10), dirs: 8 });
  await completeBackup();
});

after(async () => {
  await store?.close();
});

/** Runs a command to completion, timing it to refine the startup estimate. */
async function timed(args: string[]): Promise<string> {
  const started = performance.now();
  const out = await store.ok(args);
  startupMs = Math.min(startupMs, performance.now() - started);
  return out;
}

/** Backs up the source to completion and records what the new snapshot must restore to. */
async function completeBackup(): Promise<string> {
  const digest = await hashTree(source);
  const before = new Set(await snapshotIds(store));
  await timed(["backup", "--source", source]);
  const fresh = (await snapshotIds(store)).filter((id) => !before.has(id));
  assert.equal(fresh.length, 1, "a completed backup adds exactly one snapshot");
  expected.set(fresh[0]!, digest);
  return fresh[0]!;
}

/** How many files appeared in or vanished from the store's data, index and snapshots folders. */
function changes(before: Set<string>, now: Set<string>): number {
  let n = 0;
  for (const f of now) if (!before.has(f)) n++;
  for (const f of before) if (!now.has(f)) n++;
  return n;
}

/**
 * Starts `args` and SIGKILLs it once the store has seen `events` file changes (packs, index files,
 * snapshots written or removed), plus `jitterMs`; with `events` 0, `jitterMs` after the start.
 * Watching the store rather than the clock lands kills in every phase whatever the machine's speed.
 */
async function killAt(
  args: string[],
  events: number,
  jitterMs: number,
): Promise<{ killed: boolean; code: number | null }> {
  const before = await storeFiles(store);
  const child: ChildProcess = store.start(args);
  const done = finished(child);
  let ended = false;
  void done.then(() => {
    ended = true;
  });
  while (!ended && events > 0 && changes(before, await storeFiles(store)) < events) await sleep(2);
  if (!ended) {
    await sleep(jitterMs);
    child.kill("SIGKILL");
  }
  const result = await done;
  return { killed: result.signal === "SIGKILL", code: result.code };
}

/** The kill point of a round: spread from early to late over the rounds, seeded jitter inside each slot. */
function killPoint(round: number, rounds: number, totalEvents: number): { events: number; jitterMs: number } {
  const events = Math.floor(((round + rng.next()) / rounds) * (totalEvents + 1));
  // Before the first store write, the jitter spreads kills over start-up and the walk of the source.
  return { events, jitterMs: events === 0 ? rng.int(0, Math.round(startupMs)) : rng.int(0, 5) };
}

/** Verifies the whole store: `check --read-data` passes and every recorded snapshot restores byte-identical. */
async function verifyStore(label: string): Promise<void> {
  const check = await store.run(["check", "--read-data"]);
  assert.equal(check.code, 0, `${label}: check --read-data failed: ${check.stdout}${check.stderr}`);
  const ids = await snapshotIds(store);
  for (const id of expected.keys()) assert.ok(ids.includes(id), `${label}: snapshot ${id} disappeared`);
  const target = join(store.root, "restore");
  const repo = await openTestRepository(store);
  try {
    for (const [id, digest] of expected) {
      await rm(target, { recursive: true, force: true });
      await restoreToDir(repo, id, target);
      const diff = diffDigests(digest, await hashTree(target));
      assert.deepEqual(diff, [], `${label}: snapshot ${id.slice(0, 8)} does not restore byte-identical`);
    }
  } finally {
    await repo.close();
    await rm(target, { recursive: true, force: true });
  }
}

/** One round's change to the source: drop last round's bulk files, add new ones, edit and delete a few. */
async function changeSource(r: Rng, round: string): Promise<number> {
  const files = await listFiles(source);
  for (const f of files.filter((p) => p.startsWith("bulk-"))) await deleteFile(join(source, f));
  const small = files.filter((p) => !p.startsWith("bulk-"));
  for (let i = 0; i < 3 && small.length > 0; i++) await editFile(join(source, r.pick(small)), r);
  let added = await writeRandomTree(join(source, `bulk-${round}`), r, {
    files: 6,
    size: () => Math.floor(ROUND_BYTES / 6),
    textShare: 0,
    dirs: 1,
  });
  // The three edited files may each cost one chunk of new data, at most CHUNKER.max.
  added += 3 * CHUNKER.max;
  return added;
}

/** Describes how far a killed command got, from what it left in the store. */
function phaseOf(before: StoreProbe, afterKill: StoreProbe): string {
  if (afterKill.snapshots > before.snapshots) return "after snapshot write";
  if (afterKill.index > before.index) return "packs + index written";
  if (afterKill.data > before.data) return "packs written, no index yet";
  return "before any upload";
}

/** Describes how far a killed prune got. */
function prunePhase(before: StoreProbe, afterKill: StoreProbe): string {
  if (afterKill.data < before.data) return "killed while or after removing packs";
  if (afterKill.index !== before.index) return "killed after rewriting the index";
  if (afterKill.data > before.data) return "killed while repacking";
  return "killed before any change";
}

test("SIGKILL during backup leaves a valid store, and the next backup reuses what was uploaded", async (t) => {
  t.diagnostic(`seed ${SEED}, ${ROUNDS} rounds, pack size ${PACK_SIZE}, ${ROUND_BYTES} new bytes per round`);
  const phases = new Map<string, number>();
  let reusedRounds = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const r = rng.fork(`round-${round}`);
    const fullCost = await changeSource(r, String(round));
    const digest = await hashTree(source);
    const idsBefore = new Set(await snapshotIds(store));
    const before = await storeProbe(store);
    const point = killPoint(round, ROUNDS, BACKUP_EVENTS);
    const { killed, code } = await killAt(["backup", "--source", source], point.events, point.jitterMs);
    const delay = `${point.events} store changes + ${point.jitterMs} ms`;
    if (!killed) assert.equal(code, 0, `round ${round}: the backup ended on its own but failed`);
    const afterKill = await storeProbe(store);
    const phase = killed ? phaseOf(before, afterKill) : "finished before the kill";
    phases.set(phase, (phases.get(phase) ?? 0) + 1);
    // A snapshot written before the kill holds the source as it was when the backup started.
    for (const id of await snapshotIds(store)) if (!idsBefore.has(id)) expected.set(id, digest);

    await verifyStore(`round ${round} (killed after ${delay}, ${phase})`);

    await completeBackup();
    const afterResume = await storeProbe(store);
    const uploadedBeforeKill = afterKill.dataBytes - before.dataBytes;
    const addedByResume = afterResume.dataBytes - afterKill.dataBytes;
    t.diagnostic(
      `round ${round}: kill after ${delay} (${phase}); uploaded before kill ${uploadedBeforeKill} B, ` +
        `added by the resumed backup ${addedByResume} B, new data at most ${fullCost} B`,
    );
    // Packs flushed (and indexed) before the kill must be reused: together both runs add about one
    // backup's worth, plus the packs still waiting for their index file when the kill landed.
    const slack = INDEX_LAG_PACKS * PACK_SIZE + fullCost * 0.05;
    assert.ok(
      uploadedBeforeKill + addedByResume <= fullCost + slack,
      `round ${round}: packs uploaded before the kill were not reused ` +
        `(${uploadedBeforeKill} B before the kill + ${addedByResume} B after > ${fullCost} B + slack)`,
    );
    const interrupted = killed && afterKill.snapshots === before.snapshots;
    // Without reuse the resumed backup would upload the whole round's new data again.
    if (interrupted && addedByResume < ROUND_BYTES - 2 * PACK_SIZE) reusedRounds++;
  }
  t.diagnostic(
    `kill phases: ${JSON.stringify(Object.fromEntries(phases))}; rounds with reuse: ${reusedRounds}`,
  );
  // Kill moments reach the end of the backup, so some kills land after whole index files were written.
  if (ROUNDS >= 5)
    assert.ok(reusedRounds > 0, "no interrupted backup's packs were reused by the next backup");
  await verifyStore("after all backup rounds");
});

test("SIGKILL during prune leaves every remaining snapshot restorable", async (t) => {
  t.diagnostic(`seed ${SEED}, ${PRUNE_ROUNDS} prune rounds`);
  for (let round = 0; round < PRUNE_ROUNDS; round++) {
    const r = rng.fork(`prune-${round}`);
    await changeSource(r, `p${round}`);
    await completeBackup();
    // Forget all but the two newest snapshots, so prune has whole packs to drop and partial ones to repack.
    await store.ok(["forget", "--keep-last", "2"]);
    const kept = new Set(await snapshotIds(store));
    for (const id of [...expected.keys()]) if (!kept.has(id)) expected.delete(id);
    const plan = await store.json<PrunePlan>(["prune", "--dry-run"]);
    const before = await storeProbe(store);
    // Changes a prune makes: new packs for what it repacks, one new index file replacing all the
    // old ones, then the removal of each repacked, unused or unindexed pack.
    const total = 2 * plan.repackedPacks + 1 + before.index + plan.deletedPacks + plan.unindexedPacks;
    const point = killPoint(round, PRUNE_ROUNDS, total);
    const delay = `${point.events} of ~${total} store changes + ${point.jitterMs} ms`;
    const { killed, code } = await killAt(["prune"], point.events, point.jitterMs);
    if (!killed) assert.equal(code, 0, `prune round ${round}: prune ended on its own but failed`);
    const afterKill = await storeProbe(store);
    t.diagnostic(
      `prune round ${round}: kill after ${delay} (${killed ? prunePhase(before, afterKill) : "finished first"}); ` +
        `packs ${before.data} -> ${afterKill.data}, index files ${before.index} -> ${afterKill.index}`,
    );
    await verifyStore(`prune round ${round} (killed after ${delay})`);
    await timed(["prune"]);
    await verifyStore(`prune round ${round}, after a full prune`);
  }
  // After the last full prune the store holds only what the two kept snapshots need (plus repack slack).
  const final = await storeProbe(store);
  assert.ok(final.snapshots === 2, `two snapshots remain (found ${final.snapshots})`);
});
