// Timestamps derived from the seed, never from the wall clock, so generated workspaces are reproducible.
import type { Random } from "./random.ts";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Hands out creation and edit times that move forward through a fixed, seed-chosen period. */
export class Clock {
  private cursor: number;
  /** No edit is later than this instant. */
  readonly end: number;

  /** `expectedObjects` sizes the period so that creation times never pile up at its end. */
  constructor(
    private readonly rng: Random,
    seed: number,
    expectedObjects = 1000,
  ) {
    // the period ends in mid-2025 (in the past, so real edits through the emulator come later)
    this.end = Date.UTC(2025, 5, 1) - (Math.abs(seed) % 180) * DAY;
    this.cursor = this.end - Math.max(420 * DAY, expectedObjects * 3 * MINUTE);
  }

  /** The next creation time, minute-rounded as Notion reports them (on average two minutes apart). */
  created(): string {
    this.cursor = Math.min(this.cursor + this.rng.range(1, 3) * MINUTE, this.end - DAY);
    return iso(this.cursor);
  }

  /** A last-edited time at or after `created`, minute-rounded. */
  edited(created: string): string {
    const start = Date.parse(created);
    const span = Math.max(0, this.end - start);
    const offset = this.rng.chance(0.3) ? 0 : Math.floor(this.rng.next() * span);
    return iso(start + offset - ((start + offset) % MINUTE));
  }

  /** A date-only value (YYYY-MM-DD) within the workspace's life. */
  day(): string {
    return iso(this.cursor - 30 * DAY + this.rng.int(120) * DAY).slice(0, 10);
  }
}

/** Minute precision in Notion's `2024-01-01T10:00:00.000Z` form. */
function iso(ms: number): string {
  return new Date(ms - (ms % MINUTE)).toISOString();
}

/** Databases and views carry millisecond timestamps with a `+00:00` offset instead of `Z`. */
export function preciseStamp(minuteStamp: string, rng: Random): string {
  const ms = Date.parse(minuteStamp) + rng.int(MINUTE);
  return new Date(ms).toISOString().replace("Z", "+00:00");
}
