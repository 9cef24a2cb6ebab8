// Shape signatures of Notion JSON answers, and a comparison of a real answer with an emulated one.
//
// Rules (why each exists):
// - A value's type is one of null, string, number, boolean, array, object (integers are numbers);
//   strings are refined into two formats, "uuid" (Notion's dashed ids) and "datetime" (ISO dates
//   and timestamps), because a backup keys everything by id and time: an id that is not a UUID is
//   a shape error even though it is a string. A formatted string is accepted where the real API
//   shows a plain string (an opaque cursor may happen to be an id), not the other way round, unless
//   some other real answer shows a plain string there (`elsewhere`: rich text content can be a date).
// - Shapes are compared per object KIND, not per position, so arrays of mixed items (a page's
//   blocks, rich text with text + mention items) and differing data (4 blocks here, 7 there) still
//   compare: every object found anywhere in an answer adds its keys and their types to its kind.
// - A kind is named by `object` plus `type` ("block:code", "list:block", "property_item:title",
//   "user:bot"); a typed object without `object` by its key plus type ("rich_text:text",
//   "icon:emoji", "parent:page_id", "caption:mention"); an untyped object by its parent's kind plus
//   its key ("block:code.code", "rich_text:text.annotations").
// - Under `properties` the keys are user-chosen property names, so they are not keys of the
//   shape: each value is a kind of its own, "<owner>.properties:<type>" (a page's values and a
//   data source's schema differ, so the owner's `object` is part of the name).
// - Only kinds present on both sides are compared: which blocks, mentions or property types an
//   answer holds is data, and the seeded workspace cannot hold the recording's exact content. The
//   answer's top-level kind must be the same on both sides.
// - Within a kind: a key the real answer has and the emulator lacks is "missing"; a key only the
//   emulator has is "extra"; a key whose non-null types differ is a "type" difference (the
//   emulator may not produce a non-null type the real answer never showed). null on one side and a
//   value on the other is accepted: Notion's nullable fields (icon, cover, href, link, end, ...)
//   are null or set depending on the data, not on the shape.
// - An "extra" key is accepted when another real answer has it in the same kind (`elsewhere`, the
//   merged signature of every recording): the recordings span 2022-2026 and Notion keeps adding
//   fields (in_trash, is_locked, public_url, parent.database_id, comment display_name ...), so an
//   older recording lacking a field the emulator returns is a recording of an older API, not a
//   difference. Its type must still be one a real answer showed. A "missing" key gets no such
//   leniency: what this recording returned, the emulator must return.
// - Known legitimate differences are listed in `TOLERATED` below, each with its reason; a
//   tolerated key is skipped in both directions.

/** The JSON type names a shape records (strings refined into two formats). */
export type JsonType = "null" | "string" | "uuid" | "datetime" | "number" | "boolean" | "array" | "object";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** Per kind, per key, the types seen: the shape signature of one JSON value. */
export type Signature = Map<string, Map<string, Set<JsonType>>>;

/** One readable difference between a real and an emulated answer. */
export interface Difference {
  kind: string;
  key: string;
  problem: "missing" | "extra" | "type" | "top-level";
  detail: string;
}

/** A key that may legitimately differ between the real API and the emulator, with the reason. */
export interface Tolerance {
  /** Kind name, or a kind prefix ending in `*` ("block:*"), or "*" for every kind. */
  kind: string;
  key: string;
  why: string;
}

/** Keys that may differ without counting as a mismatch; every entry says why. */
export const TOLERATED: Tolerance[] = [
  {
    kind: "*",
    key: "request_id",
    why: "Notion started echoing request_id in success bodies after 2025-09-03 (the ramnes recordings, made in 2026, show it); it is an envelope detail, not part of any object",
  },
  {
    kind: "comment",
    key: "attachments",
    why: "only comments that carry files have attachments (Notion's comment object documents it); no recorded comment has one, so no recording can show the key",
  },
];

/** The JSON type of a value, strings refined into uuid and datetime formats. */
export function jsonType(value: unknown): JsonType {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "string")
    return UUID.test(value) ? "uuid" : DATETIME.test(value) ? "datetime" : "string";
  const t = typeof value;
  if (t === "number" || t === "boolean") return t;
  return "object";
}

/** Whether an emulated value of type `emu` fits where real answers showed `real` types. */
function fits(emu: JsonType, real: readonly JsonType[]): boolean {
  return real.includes(emu) || ((emu === "uuid" || emu === "datetime") && real.includes("string"));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return jsonType(value) === "object";
}

/** The kind of an object found under `key` inside an object of kind `parentKind`. */
export function kindOf(value: Record<string, unknown>, key: string, parentKind: string): string {
  const object = typeof value.object === "string" ? value.object : undefined;
  const type = typeof value.type === "string" ? value.type : undefined;
  if (object) return type ? `${object}:${type}` : object;
  if (type) return `${key}:${type}`;
  return parentKind ? `${parentKind}.${key}` : key;
}

/** The shape signature of a JSON value (usually a whole API answer). */
export function signature(value: unknown): Signature {
  const sig: Signature = new Map();
  const visit = (v: unknown, key: string, parentKind: string, ownerObject: string): void => {
    if (Array.isArray(v)) {
      for (const item of v) visit(item, key, parentKind, ownerObject);
      return;
    }
    if (!isRecord(v)) return;
    const kind = kindOf(v, key, parentKind);
    const owner = typeof v.object === "string" ? v.object : ownerObject;
    let keys = sig.get(kind);
    if (!keys) {
      keys = new Map();
      sig.set(kind, keys);
    }
    for (const [k, child] of Object.entries(v)) {
      let types = keys.get(k);
      if (!types) {
        types = new Set();
        keys.set(k, types);
      }
      types.add(jsonType(child));
      if (k === "properties" && isRecord(child) && owner !== "") {
        for (const prop of Object.values(child)) {
          if (isRecord(prop)) visit(prop, `${owner}.properties`, kind, owner);
        }
      } else visit(child, k, kind, owner);
    }
  };
  visit(value, "", "", "");
  return sig;
}

/** The kind of a whole answer (what `signature` files its top-level keys under). */
export function topLevelKind(value: unknown): string {
  return isRecord(value) ? kindOf(value, "", "") : jsonType(value);
}

function tolerated(kind: string, key: string, extra: readonly Tolerance[]): Tolerance | undefined {
  return [...TOLERATED, ...extra].find(
    (t) =>
      t.key === key &&
      (t.kind === "*" || t.kind === kind || (t.kind.endsWith("*") && kind.startsWith(t.kind.slice(0, -1)))),
  );
}

function isString(t: JsonType): boolean {
  return t === "string" || t === "uuid" || t === "datetime";
}

function nonNull(types: ReadonlySet<JsonType>): JsonType[] {
  return [...types].filter((t) => t !== "null").sort();
}

/** Merges signatures (of every recorded answer) into one: per kind, every key and type any of them has. */
export function mergeSignatures(values: Iterable<unknown>): Signature {
  const merged: Signature = new Map();
  for (const value of values) {
    for (const [kind, keys] of signature(value)) {
      let into = merged.get(kind);
      if (!into) {
        into = new Map();
        merged.set(kind, into);
      }
      for (const [key, types] of keys) {
        const t = into.get(key) ?? new Set<JsonType>();
        for (const type of types) t.add(type);
        into.set(key, t);
      }
    }
  }
  return merged;
}

/** Options of compareShapes. */
export interface CompareOptions {
  /** More tolerated keys. */
  tolerate?: readonly Tolerance[];
  /** Merged signature of all real answers: an extra key some real answer has is accepted. */
  elsewhere?: Signature;
}

/** Compares the shape of an emulated answer with the real one; an empty list means the same shape. */
export function compareShapes(real: unknown, emulated: unknown, opts: CompareOptions = {}): Difference[] {
  const extra = opts.tolerate ?? [];
  const diffs: Difference[] = [];
  const realTop = topLevelKind(real);
  const emuTop = topLevelKind(emulated);
  if (realTop !== emuTop) {
    diffs.push({
      kind: realTop,
      key: "",
      problem: "top-level",
      detail: `the answer is a ${emuTop}, the real API answered a ${realTop}`,
    });
    return diffs;
  }
  const realSig = signature(real);
  const emuSig = signature(emulated);
  for (const [kind, realKeys] of realSig) {
    const emuKeys = emuSig.get(kind);
    if (!emuKeys) continue;
    for (const [key, realTypes] of realKeys) {
      if (tolerated(kind, key, extra)) continue;
      const emuTypes = emuKeys.get(key);
      if (!emuTypes) {
        diffs.push({
          kind,
          key,
          problem: "missing",
          detail: `real: ${nonNull(realTypes).join("|") || "null"}`,
        });
        continue;
      }
      const r = nonNull(realTypes);
      const e = nonNull(emuTypes);
      const seen = nonNull(opts.elsewhere?.get(kind)?.get(key) ?? new Set());
      const unexpected = e.filter((t) => !fits(t, r) && !(isString(t) && fits(t, seen)));
      if (r.length > 0 && unexpected.length > 0) {
        diffs.push({ kind, key, problem: "type", detail: `real: ${r.join("|")}, emulated: ${e.join("|")}` });
      }
    }
    for (const [key, emuTypes] of emuKeys) {
      if (realKeys.has(key) || tolerated(kind, key, extra)) continue;
      const seen = opts.elsewhere?.get(kind)?.get(key);
      if (seen) {
        const e = nonNull(emuTypes);
        const r = nonNull(seen);
        const unexpected = e.filter((t) => !fits(t, r));
        if (r.length === 0 || unexpected.length === 0) continue;
        diffs.push({
          kind,
          key,
          problem: "type",
          detail: `real elsewhere: ${r.join("|")}, emulated: ${e.join("|")}`,
        });
        continue;
      }
      diffs.push({
        kind,
        key,
        problem: "extra",
        detail: `emulated: ${nonNull(emuTypes).join("|") || "null"}`,
      });
    }
  }
  return diffs;
}

/** The kinds of a real answer that the emulated answer also holds (compared) and those it lacks. */
export function kindCoverage(real: unknown, emulated: unknown): { compared: string[]; absent: string[] } {
  const emu = signature(emulated);
  const compared: string[] = [];
  const absent: string[] = [];
  for (const kind of signature(real).keys()) (emu.has(kind) ? compared : absent).push(kind);
  return { compared, absent };
}

/** One line per difference, e.g. `block:code.code: missing key "caption" (real: array)`. */
export function formatDifferences(diffs: readonly Difference[]): string {
  return diffs
    .map((d) =>
      d.problem === "top-level"
        ? `top level: ${d.detail}`
        : `${d.kind}: ${d.problem === "type" ? "type of" : `${d.problem} key`} "${d.key}" (${d.detail})`,
    )
    .join("\n");
}
