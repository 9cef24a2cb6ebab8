// Notion JSON made comparable across snapshots: signed file URLs and their expiry change on every read.
import { canonicalJson } from "../store/tree.ts";

/**
 * A copy of `value` without what changes when nothing did: a Notion-hosted file's `expiry_time` is
 * dropped and its signed `url` loses the query string (the signature), keeping host and path.
 */
export function stableJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stableJson);
  if (value === null || typeof value !== "object") return value;
  const obj = value as Record<string, unknown>;
  const signed = "expiry_time" in obj && typeof obj.url === "string";
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (signed && k === "expiry_time") continue;
    out[k] = signed && k === "url" ? (v as string).split("?")[0] : stableJson(v);
  }
  return out;
}

/** True when two Notion values are the same once signed URLs are set aside. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(stableJson(a)) === canonicalJson(stableJson(b));
}
