import assert from "node:assert/strict";
import { appendFile, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { NotionApiError } from "../errors.ts";
import { IdMap } from "./id-map.ts";
import { RestoreJournal } from "./journal.ts";

const ambiguous = () =>
  new NotionApiError("notion_unavailable", "lost answer", {
    endpoint: "pages.create",
    attempts: 1,
    ambiguous: true,
  });

describe("RestoreJournal", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "nvault-journal-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("keeps ids across opens, owner-only, and ignores a torn last line", async () => {
    const path = join(dir, "a", "j.jsonl");
    const j = await RestoreJournal.open(path);
    await j.record("page:old-1", "new-1");
    await j.close();
    await appendFile(path, '{"k":"page:old-2","v":"new');
    const again = await RestoreJournal.open(path);
    assert.equal(again.get("page:old-1"), "new-1");
    assert.equal(again.get("page:old-2"), undefined);
    await again.record("page:old-3", "new-3");
    await again.close();
    const reread = await RestoreJournal.open(path);
    assert.equal(reread.get("page:old-3"), "new-3");
    await reread.close();
    assert.equal((await stat(path)).mode & 0o077, 0);
    assert.doesNotMatch(await readFile(path, "utf8"), /token|secret/i);
  });

  it("once creates at most once; an unconfirmed create is recovered, not repeated", async () => {
    const path = join(dir, "b.jsonl");
    const j = await RestoreJournal.open(path);
    let creates = 0;
    assert.equal(await j.once("page:x", async () => `n${++creates}`), "n1");
    assert.equal(await j.once("page:x", async () => `n${++creates}`), "n1");
    // A create that was sent but whose answer never came back (the process died).
    await j.markPending("page:y", { parent: "p" });
    await j.close();
    const k = await RestoreJournal.open(path);
    assert.equal(k.isPending("page:y"), true);
    const hints: unknown[] = [];
    const id = await k.once("page:y", async () => `n${++creates}`, {
      recover: async (hint) => {
        hints.push(hint);
        return "found-y";
      },
    });
    assert.equal(id, "found-y");
    assert.deepEqual(hints, [{ parent: "p" }]);
    assert.equal(creates, 1);
    assert.equal(k.recovered, 1);
    await k.close();
  });

  it("an ambiguous failure is looked up, and the create retried only when nothing was made", async () => {
    const j = RestoreJournal.memory();
    let attempts = 0;
    let made = false;
    const id = await j.once(
      "block:z",
      async () => {
        attempts++;
        if (attempts === 1) throw ambiguous(); // nothing was made
        if (attempts === 2) {
          made = true;
          throw ambiguous(); // made, answer lost
        }
        return "never";
      },
      { recover: async () => (made ? "z-new" : undefined) },
    );
    assert.equal(id, "z-new");
    assert.equal(attempts, 2);
  });

  it("IdMap reads the journal's ids whatever their kind", async () => {
    const j = RestoreJournal.memory();
    await j.record("database:d1", "D1");
    await j.record("upload:abc", "U1");
    const map = new IdMap(j);
    await map.set("b1", "B1");
    await j.record("page:p1", "P1");
    assert.equal(map.get("d1"), "D1");
    assert.equal(map.get("b1"), "B1");
    assert.equal(map.get("p1"), "P1");
    assert.equal(map.has("abc"), false);
    assert.equal(j.get("block:b1"), "B1");
  });
});
