// Counts the emulator's answers per endpoint and per status, for tests and for the exit summary.

/** What a test reads: totals per endpoint name, per status, and per endpoint and status. */
export interface RequestLogSnapshot {
  total: number;
  /** Requests per endpoint name (Route.name, "files.download", or "unknown"). */
  endpoints: Record<string, number>;
  /** Answers per HTTP status ("dropped" for connections closed without an answer). */
  statuses: Record<string, number>;
  /** Answers per endpoint, then per status. */
  byEndpoint: Record<string, Record<string, number>>;
}

/** The request log of one emulator. */
export class RequestLog {
  private counts = new Map<string, Map<string, number>>();
  /** Per answer, the endpoint and the object id it named; kept only once `trace` is called. */
  private traced: Array<{ endpoint: string; target: string | undefined; status: string }> | undefined;
  /** Unexpected handler failures (answered 500), kept for debugging; the newest last, at most 20. */
  readonly internalErrors: unknown[] = [];

  /** From now on, also keeps which object each request named (for tests; off by default to save memory). */
  trace(): void {
    this.traced ??= [];
  }

  /** The object ids (path id, or a comments listing's block_id) of the traced requests to `endpoint`. */
  targets(endpoint: string, status?: number): string[] {
    return (this.traced ?? [])
      .filter((t) => t.endpoint === endpoint && (status === undefined || t.status === String(status)))
      .map((t) => t.target ?? "");
  }

  /** The endpoint of every traced answer, in the order they were answered. */
  sequence(): string[] {
    return (this.traced ?? []).map((t) => t.endpoint);
  }

  /** Counts one answer (a status code, or "dropped"), and the object it named when tracing. */
  record(endpoint: string, status: number | "dropped", target?: string): void {
    this.traced?.push({ endpoint, target, status: String(status) });
    let byStatus = this.counts.get(endpoint);
    if (!byStatus) {
      byStatus = new Map();
      this.counts.set(endpoint, byStatus);
    }
    const key = String(status);
    byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
  }

  /** Keeps an unexpected error so a failing test can show what broke inside a handler. */
  recordInternalError(err: unknown): void {
    this.internalErrors.push(err);
    if (this.internalErrors.length > 20) this.internalErrors.shift();
  }

  /** Requests counted for one endpoint, optionally only those answered with one status. */
  count(endpoint: string, status?: number | "dropped"): number {
    const byStatus = this.counts.get(endpoint);
    if (!byStatus) return 0;
    if (status !== undefined) return byStatus.get(String(status)) ?? 0;
    let n = 0;
    for (const v of byStatus.values()) n += v;
    return n;
  }

  /** A plain-object copy of every count. */
  snapshot(): RequestLogSnapshot {
    const snap: RequestLogSnapshot = { total: 0, endpoints: {}, statuses: {}, byEndpoint: {} };
    for (const [endpoint, byStatus] of [...this.counts].sort(([a], [b]) => a.localeCompare(b))) {
      const row: Record<string, number> = {};
      for (const [status, n] of byStatus) {
        row[status] = n;
        snap.total += n;
        snap.endpoints[endpoint] = (snap.endpoints[endpoint] ?? 0) + n;
        snap.statuses[status] = (snap.statuses[status] ?? 0) + n;
      }
      snap.byEndpoint[endpoint] = row;
    }
    return snap;
  }

  /** Forgets every count. */
  reset(): void {
    this.counts.clear();
    if (this.traced) this.traced.length = 0;
    this.internalErrors.length = 0;
  }

  /** A text table: one line per endpoint with its total and its answers per status. */
  format(): string {
    const snap = this.snapshot();
    const names = Object.keys(snap.endpoints);
    if (names.length === 0) return "No requests.";
    const width = Math.max("endpoint".length, ...names.map((n) => n.length));
    const lines = [`${"endpoint".padEnd(width)}  ${"requests".padStart(8)}  statuses`];
    for (const name of names) {
      const statuses = Object.entries(snap.byEndpoint[name] ?? {})
        .map(([s, n]) => `${s}:${n}`)
        .join(" ");
      lines.push(`${name.padEnd(width)}  ${String(snap.endpoints[name]).padStart(8)}  ${statuses}`);
    }
    lines.push(`${"total".padEnd(width)}  ${String(snap.total).padStart(8)}`);
    return lines.join("\n");
  }
}
