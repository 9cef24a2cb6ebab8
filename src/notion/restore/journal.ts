// The restore journal: a durable, append-only record of every Notion object a restore created, so a re-run creates nothing twice.
//
// Design. One file per (store, snapshot, target page) in the local cache, JSON lines, owner-only,
// each line fsync'd before the call that depends on it goes on:
//   {"k":"page:<old id>","v":"<new id>"}       an object was created (or found) and has this id
//   {"k":"page:<old id>","p":{...hint}}        a create of it is about to be sent
// A create goes: write the pending line, send the create, write the id line. A restore killed at
// any moment therefore leaves one of three states for a key:
//   - nothing: the create was never sent; the re-run sends it;
//   - an id: done; the re-run reuses it;
//   - a pending line without an id: the create may or may not have reached Notion. The re-run calls
//     the key's `recover` with the hint that was saved (e.g. the parent's new id and how many of its
//     children existed before), which looks at the parent in Notion for the object the create would
//     have made (the child past that count, of the expected type/title) and records it if it is
//     there; only when it is not is the create sent again.
// The same recovery runs inside one run when a create fails ambiguously (a 5xx, a dropped
// connection or a timeout after sending: the client does not replay "add" endpoints), so a 5xx
// storm neither fails the restore nor duplicates anything. Lines hold ids, counts and types only:
// no token, no content. A torn last line (killed mid-write) is ignored: its create was not sent.

import type { FileHandle } from "node:fs/promises";
import { mkdir, open as openFile, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { defaultCacheRoot } from "../../store/index-cache.ts";
import { isNotionApiError } from "../errors.ts";

/** What `once` needs beyond the create itself. */
export interface OnceOptions {
  /** Saved with the pending line: what `recover` needs to recognise the object later (ids, counts; no secrets). */
  hint?: unknown;
  /**
   * Looks in Notion for the object an earlier, unconfirmed create of this key made; returns its id,
   * or undefined when the create did not happen. Without it an unconfirmed create is sent again.
   */
  recover?: (hint: unknown) => Promise<string | undefined>;
  /** Creates sent for one key after ambiguous failures before giving up (default 5). */
  maxAttempts?: number;
}

interface Line {
  k: string;
  v?: string;
  p?: unknown;
}

/** The durable record of what a restore created: old key -> new Notion id. */
export class RestoreJournal {
  private readonly ids = new Map<string, string>();
  private readonly pendingHints = new Map<string, unknown>();
  private tail: Promise<void> = Promise.resolve();
  /** Creates whose outcome was unknown and that recovery found already done (for the report). */
  recovered = 0;

  private constructor(
    readonly path: string,
    private readonly fh: FileHandle | undefined,
  ) {}

  /** The journal file of a restore: <cache>/<store id>/restore/<snapshot id>-<target id>.jsonl. */
  static pathFor(storeId: string, snapshotId: string, targetId: string, root = defaultCacheRoot()): string {
    const safe = (s: string) => s.replace(/[^0-9a-zA-Z_-]/g, "");
    return join(root, safe(storeId), "restore", `${safe(snapshotId)}-${safe(targetId)}.jsonl`);
  }

  /** Opens (or creates) a journal file and replays it. */
  static async open(path: string): Promise<RestoreJournal> {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const text = await readFile(path, "utf8").catch((err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") return "";
      throw err;
    });
    const fh = await openFile(path, "a", 0o600);
    await fh.chmod(0o600);
    const journal = new RestoreJournal(path, fh);
    journal.replay(text);
    // A torn last line must not glue itself to the next record.
    if (text !== "" && !text.endsWith("\n")) await journal.append("\n");
    return journal;
  }

  /** A journal that keeps nothing on disk (dry runs, tests of payload building). */
  static memory(): RestoreJournal {
    return new RestoreJournal("", undefined);
  }

  private replay(text: string): void {
    for (const raw of text.split("\n")) {
      if (raw.trim() === "") continue;
      let line: Line;
      try {
        line = JSON.parse(raw) as Line;
      } catch {
        continue; // torn by a kill mid-write: that create was never sent
      }
      if (typeof line.k !== "string") continue;
      if (typeof line.v === "string") {
        this.ids.set(line.k, line.v);
        this.pendingHints.delete(line.k);
      } else if ("p" in line && !this.ids.has(line.k)) this.pendingHints.set(line.k, line.p ?? null);
    }
  }

  /** The new id recorded for a key ("page:<old id>", "block:<old id>", "comment:<old id>", "upload:<sha256>"). */
  get(key: string): string | undefined {
    return this.ids.get(key);
  }

  /** The hint of a create that was started but never confirmed, or undefined. */
  pending(key: string): unknown {
    return this.ids.has(key) ? undefined : this.pendingHints.get(key);
  }

  /** True when a create of `key` was started and never confirmed. */
  isPending(key: string): boolean {
    return !this.ids.has(key) && this.pendingHints.has(key);
  }

  /** Every recorded key and id, in no particular order. */
  entries(): IterableIterator<[string, string]> {
    return this.ids.entries();
  }

  /** Durably records that `key` now exists in Notion as `newId`. */
  async record(key: string, newId: string): Promise<void> {
    this.ids.set(key, newId);
    this.pendingHints.delete(key);
    await this.append(`${JSON.stringify({ k: key, v: newId })}\n`);
  }

  /** Durably marks a create of `key` as about to be sent. */
  async markPending(key: string, hint: unknown = null): Promise<void> {
    this.pendingHints.set(key, hint ?? null);
    await this.append(`${JSON.stringify({ k: key, p: hint ?? null })}\n`);
  }

  /**
   * The id of `key`: the recorded one; else the one `recover` finds after an unconfirmed create;
   * else `create()` is sent (marked pending first) and its id recorded. Ambiguous failures of the
   * create are resolved through `recover` and the create retried only when nothing was made.
   */
  async once(key: string, create: () => Promise<string>, opts: OnceOptions = {}): Promise<string> {
    const known = this.ids.get(key);
    if (known) return known;
    if (this.isPending(key) && opts.recover) {
      const found = await opts.recover(this.pendingHints.get(key));
      if (found) {
        this.recovered++;
        await this.record(key, found);
        return found;
      }
    }
    const maxAttempts = opts.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      await this.markPending(key, opts.hint);
      let id: string;
      try {
        id = await create();
      } catch (err) {
        if (!(isNotionApiError(err) && err.ambiguous) || attempt >= maxAttempts) throw err;
        if (opts.recover) {
          const found = await opts.recover(opts.hint ?? null);
          if (found) {
            this.recovered++;
            await this.record(key, found);
            return found;
          }
          continue;
        }
        throw err;
      }
      await this.record(key, id);
      return id;
    }
  }

  /** Waits for pending writes and closes the file. */
  async close(): Promise<void> {
    await this.tail;
    await this.fh?.close();
  }

  private append(text: string): Promise<void> {
    const fh = this.fh;
    if (!fh) return Promise.resolve();
    const next = this.tail.then(async () => {
      await fh.write(text);
      await fh.datasync();
    });
    // One failed write fails its caller, not every later one.
    this.tail = next.catch(() => {});
    return next;
  }
}
