// When the comments of an unchanged page are listed again: a rotating slice, each page once per refresh period.
import { createHash } from "node:crypto";

/** The default refresh period of an unchanged page's comments: 7 days. */
export const DEFAULT_COMMENTS_REFRESH_MS = 7 * 24 * 3600_000;

/** The page's fixed offset within every period, in [0, periodMs): spreads the re-listings evenly. */
function phase(id: string, periodMs: number): number {
  const h = createHash("sha256").update(id.replace(/-/g, "").toLowerCase()).digest();
  return (h.readUIntBE(0, 6) / 2 ** 48) * periodMs;
}

/**
 * Whether the comments of an unchanged page are due for listing in a backup at `nowMs` whose
 * comments were last taken at `sinceMs` (the previous snapshot's time). Each page has one refresh
 * instant per period (offset by a hash of its id); it is due when one fell in (sinceMs, nowMs].
 * Consecutive backups cover every instant exactly once, so each page's comments are listed at
 * least once per period and a backup lists about (nowMs - sinceMs) / periodMs of the pages.
 * A period of 0 lists every page every time; Infinity never lists an unchanged page's comments.
 */
export function commentsDue(id: string, sinceMs: number, nowMs: number, periodMs: number): boolean {
  if (!(periodMs > 0)) return true;
  if (!Number.isFinite(periodMs)) return false;
  if (nowMs - sinceMs >= periodMs) return true;
  const p = phase(id, periodMs);
  return Math.floor((nowMs - p) / periodMs) > Math.floor((sinceMs - p) / periodMs);
}

/** Parses a refresh period: "0", "never", or a number with unit s, m, h or d (a bare number is days). */
export function parseRefreshPeriod(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (t === "never") return Number.POSITIVE_INFINITY;
  const m = /^(\d+(?:\.\d+)?)\s*([smhd]?)$/.exec(t);
  if (!m) return undefined;
  const unit = { s: 1000, m: 60_000, h: 3600_000, d: 86_400_000, "": 86_400_000 }[m[2] as "s"]!;
  return Number(m[1]) * unit;
}
