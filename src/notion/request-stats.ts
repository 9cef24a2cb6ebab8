// Counts what the gateway cost: requests per endpoint, retries per cause, waits and failures.

/** A plain copy of the counters, as stored in a snapshot's report. */
export interface ClientStats {
  /** HTTP requests sent per endpoint name, retries included. */
  requests: Record<string, number>;
  /** Sum of `requests`. */
  totalRequests: number;
  /** Retries per endpoint, then per cause (`rate_limited`, `service_unavailable`, `connection` ...). */
  retries: Record<string, Record<string, number>>;
  /** Sum of `retries`. */
  totalRetries: number;
  /** Times the whole client paused because Notion said the budget was spent (429, 529). */
  rateLimitedPauses: number;
  /** Wall time of those pauses, in ms. */
  pausedMs: number;
  /** Times a request waited for the limiter's budget (a pause included). */
  limiterWaits: number;
  /** Time requests spent waiting for the limiter or a backoff, summed over requests, in ms. */
  totalWaitMs: number;
  /** Calls that failed for good, per error code. */
  errors: Record<string, number>;
}

/** Mutable counters behind `NotionClient.stats()`. */
export class RequestStats {
  private readonly requests = new Map<string, number>();
  private readonly retries = new Map<string, Map<string, number>>();
  private readonly errors = new Map<string, number>();
  private pauses = 0;
  private pausedMs = 0;
  private waits = 0;
  private waitMs = 0;

  /** One HTTP request left for `endpoint`. */
  request(endpoint: string): void {
    bump(this.requests, endpoint);
  }

  /** One retry of `endpoint` scheduled because of `cause`. */
  retry(endpoint: string, cause: string): void {
    let byCause = this.retries.get(endpoint);
    if (!byCause) {
      byCause = new Map();
      this.retries.set(endpoint, byCause);
    }
    bump(byCause, cause);
  }

  /** The whole client paused for `ms`. */
  pause(ms: number): void {
    this.pauses++;
    this.pausedMs += ms;
  }

  /** A request waited `ms` for the limiter. */
  limiterWait(ms: number): void {
    this.waits++;
    this.waitMs += ms;
  }

  /** A call slept `ms` before retrying. */
  backoff(ms: number): void {
    this.waitMs += ms;
  }

  /** A call failed for good with `code`. */
  error(code: string): void {
    bump(this.errors, code);
  }

  /** A copy of every counter, endpoints sorted by name. */
  snapshot(): ClientStats {
    const retries: Record<string, Record<string, number>> = {};
    let totalRetries = 0;
    for (const [endpoint, byCause] of sorted(this.retries)) {
      retries[endpoint] = Object.fromEntries(sorted(byCause));
      for (const n of byCause.values()) totalRetries += n;
    }
    let totalRequests = 0;
    for (const n of this.requests.values()) totalRequests += n;
    return {
      requests: Object.fromEntries(sorted(this.requests)),
      totalRequests,
      retries,
      totalRetries,
      rateLimitedPauses: this.pauses,
      pausedMs: Math.round(this.pausedMs),
      limiterWaits: this.waits,
      totalWaitMs: Math.round(this.waitMs),
      errors: Object.fromEntries(sorted(this.errors)),
    };
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function sorted<V>(map: Map<string, V>): Array<[string, V]> {
  return [...map].sort(([a], [b]) => a.localeCompare(b));
}
