// Per-token rate limiting as Notion documents it: an average rate with some burst, then 429.

/** A token bucket: `burst` requests at once, refilled at `ratePerSecond`. */
export interface RateLimitOptions {
  ratePerSecond: number;
  burst: number;
}

/** Notion's documented average of 3 requests per second, with a small burst. */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { ratePerSecond: 3, burst: 10 };

/** The outcome of asking for one request's worth of budget. */
export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * One bucket per key (the bearer token). The configuration is read on every call, so a test or
 * the CLI can change or disable the limit while the emulator runs.
 */
export class RateLimiter {
  private buckets = new Map<string, Bucket>();

  constructor(
    private readonly config: () => RateLimitOptions | false,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Spends one token of `key`'s bucket, or says how many whole seconds to wait for one. */
  take(key: string): RateDecision {
    const cfg = this.config();
    if (!cfg) return { ok: true };
    const rate = Math.max(cfg.ratePerSecond, Number.MIN_VALUE);
    const burst = Math.max(1, cfg.burst);
    const now = this.clock();
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * rate);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    const wait = (1 - bucket.tokens) / rate;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(wait)) };
  }

  /** Refills every bucket (tests that change the limit start from a clean budget). */
  reset(): void {
    this.buckets.clear();
  }
}
