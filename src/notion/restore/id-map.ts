// Old Notion id -> new Notion id of every restored object, read from and written to the restore journal.
import type { RestoreJournal } from "./journal.ts";

/** The kinds of restored objects whose ids the map holds (journal key prefixes). */
export const ID_KINDS = ["page", "database", "data_source", "block", "comment"] as const;
/** One kind of restored object. */
export type IdKind = (typeof ID_KINDS)[number];

/**
 * Old id -> new id, for remapping references (relations, mentions, link_to_page, synced_from,
 * comment anchors). Ids are unique across kinds in Notion (a child_page block shares its page's
 * id), so lookups do not need the kind; writes keep it in the journal key for readability.
 */
export class IdMap {
  private readonly map = new Map<string, string>();

  constructor(private readonly journal: RestoreJournal) {
    for (const [key, id] of journal.entries()) {
      const colon = key.indexOf(":");
      if ((ID_KINDS as readonly string[]).includes(key.slice(0, colon)))
        this.map.set(key.slice(colon + 1), id);
    }
  }

  /** True when the object with this old id was restored. */
  has(oldId: string): boolean {
    return this.map.has(oldId);
  }

  /** The new id of a restored object, or undefined. */
  get(oldId: string): string | undefined {
    return this.map.get(oldId) ?? this.fromJournal(oldId);
  }

  /** Records old -> new durably (journal key `<kind>:<old id>`). */
  async set(oldId: string, newId: string, kind: IdKind = "block"): Promise<void> {
    this.map.set(oldId, newId);
    if (this.journal.get(`${kind}:${oldId}`) !== newId) await this.journal.record(`${kind}:${oldId}`, newId);
  }

  /** Every old -> new pair known. */
  entries(): IterableIterator<[string, string]> {
    return this.map.entries();
  }

  // Keys recorded straight through the journal (journal.once) after the map was built.
  private fromJournal(oldId: string): string | undefined {
    for (const kind of ID_KINDS) {
      const id = this.journal.get(`${kind}:${oldId}`);
      if (id) {
        this.map.set(oldId, id);
        return id;
      }
    }
    return undefined;
  }
}
