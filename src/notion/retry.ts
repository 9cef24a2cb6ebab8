// The retry policy: which failures are worth another try, whether a write may have happened, and how long to wait.
import { APIResponseError, isHTTPResponseError, RequestTimeoutError } from "@notionhq/client";

/** One failed attempt, reduced to what the policy needs. */
export interface Failure {
  /** Short stable label counted in stats: Notion's code, `http_<status>`, `connection` or `timeout`. */
  cause: string;
  /** HTTP status when an answer came. */
  status?: number;
  /** Notion's error code when the answer was Notion's JSON error. */
  notionCode?: string;
  /** Notion's message (or the network error's), for the final error. */
  message: string;
  requestId?: string;
  /** Worth sending again at all (a transient condition). */
  transient: boolean;
  /** The answer proves nothing was applied (429, 529, 409, a refused connection). */
  notApplied: boolean;
  /** The budget of the whole integration is spent: every caller must pause, not just this one. */
  pauseAll: boolean;
  /** Wait asked by the server (Retry-After), in ms. */
  retryAfterMs?: number;
}

/** Backoff settings: full jitter over an exponential ceiling. */
export interface BackoffOptions {
  /** Ceiling of the first retry's delay (default 500 ms). */
  baseDelayMs: number;
  /** Largest ceiling (default 30 s). */
  maxDelayMs: number;
}

/** Defaults for BackoffOptions. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseDelayMs: 500, maxDelayMs: 30_000 };

// Statuses Notion (or a proxy in front of it) answers for a passing condition.
const TRANSIENT_STATUSES = new Set([409, 429, 500, 502, 503, 504, 529]);
// Answers that say the request was refused before anything happened.
const NOT_APPLIED_STATUSES = new Set([409, 429, 529]);
// Connection errors that occur before a request leaves this machine.
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]);

/** Reduces an HTTP answer's status, Notion code and headers to a Failure. */
export function classifyStatus(
  status: number,
  notionCode: string | undefined,
  message: string,
  retryAfter: string | undefined,
  requestId?: string,
): Failure {
  const failure: Failure = {
    cause: notionCode ?? `http_${status}`,
    status,
    message,
    transient: TRANSIENT_STATUSES.has(status),
    notApplied: NOT_APPLIED_STATUSES.has(status),
    pauseAll: status === 429 || status === 529,
  };
  if (notionCode !== undefined) failure.notionCode = notionCode;
  if (requestId !== undefined) failure.requestId = requestId;
  const wait = parseRetryAfter(retryAfter);
  if (wait !== undefined) failure.retryAfterMs = wait;
  return failure;
}

/** Classifies whatever an SDK call or a fetch threw; undefined for errors that are not I/O failures. */
export function classifyError(err: unknown): Failure | undefined {
  if (isHTTPResponseError(err)) {
    const retryAfter = headerOf(err.headers, "retry-after");
    const notionCode = APIResponseError.isAPIResponseError(err) ? err.code : undefined;
    const message = notionCode ? err.message : `HTTP ${err.status}`;
    return classifyStatus(err.status, notionCode, message, retryAfter, err.request_id);
  }
  if (RequestTimeoutError.isRequestTimeoutError(err) || isNamed(err, "TimeoutError")) {
    return {
      cause: "timeout",
      message: "no answer in time",
      transient: true,
      notApplied: false,
      pauseAll: false,
    };
  }
  // "terminated": the connection died while the body was being read.
  if (err instanceof TypeError && (err.message === "fetch failed" || err.message === "terminated")) {
    const code = networkCode(err.cause);
    return {
      cause: "connection",
      message: code ? `connection failed (${code})` : "connection failed",
      transient: true,
      notApplied: code !== undefined && NOT_SENT_CODES.has(code),
      pauseAll: false,
    };
  }
  return undefined;
}

/** True when another attempt may be sent: transient, and either replay-safe or proven not applied. */
export function mayRetry(failure: Failure, replaySafe: boolean): boolean {
  return failure.transient && (replaySafe || failure.notApplied);
}

/** Delay before retry number `retry` (1-based): Retry-After when given, else full jitter. */
export function retryDelayMs(
  retry: number,
  failure: Failure,
  opts: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  if (failure.retryAfterMs !== undefined) return failure.retryAfterMs;
  const ceiling = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/** Parses Retry-After (seconds or an HTTP date) into ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Reads one header from a fetch Headers object or a plain record. */
export function headerOf(headers: unknown, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  if (headers && typeof headers === "object") {
    for (const [key, value] of Object.entries(headers)) {
      if (key.toLowerCase() === name && typeof value === "string") return value;
    }
  }
  return undefined;
}

function isNamed(err: unknown, name: string): boolean {
  return typeof err === "object" && err !== null && (err as { name?: unknown }).name === name;
}

// undici nests the system error: TypeError("fetch failed") -> cause (maybe -> cause) with a code.
function networkCode(cause: unknown): string | undefined {
  for (let c = cause, depth = 0; c && typeof c === "object" && depth < 4; depth++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === "string") return code;
    c = (c as { cause?: unknown }).cause;
  }
  return undefined;
}
