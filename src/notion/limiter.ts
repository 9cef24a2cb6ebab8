// The request budget: a token bucket (average rate, small burst) in front of a concurrency-limited queue.
import PQueue from "p-queue";

/** Settings of a token bucket. */
export interface TokenBucketOptions {
  /** Average requests per second. */
  ratePerSecond: number;
  /** Requests that may start at once after a quiet spell. */
  burst: number;
  /** Monotonic clock in ms (tests pass their own). */
  now?: () => number;
}

/**
 * A token bucket whose tokens are taken at the moment of sending, never reserved ahead: callers
 * that were held up (a busy event loop, a pause) can then never leave together in a bunch larger
 * than `burst`, which is what keeps a client at the server's budget from ever hitting a 429.
 * Waiters are served first come, first served by one timer.
 */
export class TokenBucket {
  private readonly rate: number;
  private readonly burst: number;
  private readonly now: () => number;
  private tokens: number;
  private at: number;
  private pausedUntilMs = Number.NEGATIVE_INFINITY;
  private readonly waiters: Array<{ grant: () => void }> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(opts: TokenBucketOptions) {
    if (!(opts.ratePerSecond > 0)) throw new RangeError("ratePerSecond must be positive");
    this.rate = opts.ratePerSecond / 1000;
    this.burst = Math.max(1, opts.burst);
    this.now = opts.now ?? (() => performance.now());
    this.tokens = this.burst;
    this.at = this.now();
  }

  /** Spends a token if one is there (0), else says how many ms until one will be (nothing spent). */
  tryTake(): number {
    const now = this.now();
    // During a pause `at` lies in the future: no refill until it ends.
    if (now > this.at) {
      this.tokens = Math.min(this.burst, this.tokens + (now - this.at) * this.rate);
      this.at = now;
    }
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.max(0, this.at - now) + (1 - this.tokens) / this.rate;
  }

  /** Resolves with the ms waited once a token is spent for the caller, in call order. */
  acquire(signal?: AbortSignal): Promise<number> {
    signal?.throwIfAborted();
    if (this.waiters.length === 0 && this.tryTake() === 0) return Promise.resolve(0);
    return new Promise((resolve, reject) => {
      const since = this.now();
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(signal?.reason);
      };
      const waiter = {
        grant: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve(this.now() - since);
        },
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(waiter);
      this.schedule();
    });
  }

  /**
   * Nobody sends for `ms`; afterwards the bucket starts empty, since the server's budget is spent.
   * Returns false when an ongoing pause already lasts as long.
   */
  pause(ms: number): boolean {
    const until = this.now() + ms;
    if (until <= this.pausedUntilMs) return false;
    this.pausedUntilMs = until;
    this.tokens = 0;
    this.at = until;
    this.schedule();
    return true;
  }

  /** Ms left of the current pause (0 when not paused). */
  pausedFor(): number {
    return Math.max(0, this.pausedUntilMs - this.now());
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.waiters.length > 0) {
      const wait = this.tryTake();
      if (wait > 0) {
        this.timer = setTimeout(() => this.schedule(), Math.ceil(wait));
        return;
      }
      this.waiters.shift()?.grant();
    }
  }
}

/** Settings of a Limiter; a rate of Infinity limits concurrency only. */
export interface LimiterOptions extends TokenBucketOptions {
  /** Tasks running or waiting for a token at once. */
  concurrency: number;
  /** Told about every wait for a token or a pause, in ms (for stats). */
  onWait?: (ms: number) => void;
}

/** Options of one scheduled task. */
export interface RunOptions {
  signal?: AbortSignal | undefined;
  /** Higher runs first among waiting tasks (retries jump the queue so a call does not starve). */
  priority?: number;
}

/** Runs tasks so that they start at most at the bucket's pace and at most `concurrency` at once. */
export class Limiter {
  private readonly bucket: TokenBucket | undefined;
  private readonly queue: PQueue;
  private readonly onWait: ((ms: number) => void) | undefined;

  constructor(opts: LimiterOptions) {
    this.bucket = Number.isFinite(opts.ratePerSecond) ? new TokenBucket(opts) : undefined;
    this.queue = new PQueue({ concurrency: Math.max(1, opts.concurrency) });
    this.onWait = opts.onWait;
  }

  /** Runs `task` once a slot and a token are free. */
  run<T>(task: () => Promise<T>, opts: RunOptions = {}): Promise<T> {
    const { signal, priority = 0 } = opts;
    return this.queue.add(
      async () => {
        await this.acquire(signal);
        return task();
      },
      { priority, ...(signal ? { signal } : {}) },
    ) as Promise<T>;
  }

  /** Stops every caller from sending for `ms` (a 429 speaks for the whole integration); false if already. */
  pause(ms: number): boolean {
    return this.bucket?.pause(ms) ?? false;
  }

  /** Ms left of the current pause. */
  pausedFor(): number {
    return this.bucket?.pausedFor() ?? 0;
  }

  /** Tasks waiting for a slot plus tasks running. */
  get load(): number {
    return this.queue.size + this.queue.pending;
  }

  private async acquire(signal: AbortSignal | undefined): Promise<void> {
    if (!this.bucket) return;
    const waited = await this.bucket.acquire(signal);
    if (waited > 0) this.onWait?.(waited);
  }
}
