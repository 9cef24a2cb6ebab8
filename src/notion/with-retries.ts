// One call's life: attempts through the limiter until success, a final answer, or the retry time is spent.
import { setTimeout as sleep } from "node:timers/promises";
import { describeRejection, NotionApiError, type NotionErrorCode, redact } from "./errors.ts";
import type { Limiter } from "./limiter.ts";
import type { RequestStats } from "./request-stats.ts";
import { type BackoffOptions, type Failure, mayRetry, retryDelayMs } from "./retry.ts";

/** Something worth showing while calls wait: a retry, or the whole client pausing for the budget. */
export type ClientEvent =
  | { type: "retry"; endpoint: string; attempt: number; cause: string; delayMs: number }
  | { type: "rate-limited"; endpoint: string; cause: string; pauseMs: number };

/** What every call shares: the limiter, the counters, the event sink and the limits. */
export interface Runner {
  limiter: Limiter;
  stats: RequestStats;
  emit: (event: ClientEvent) => void;
  backoff: BackoffOptions;
  maxRetryTimeMs: number;
  /** Kept only to scrub it from messages. */
  secret: string;
}

/** One call to make. */
export interface Job<T> {
  endpoint: string;
  /** How messages name the call (the endpoint, or the file for downloads). */
  label: string;
  /** Sending it again after an unknown outcome is harmless. */
  replaySafe: boolean;
  /** A 429 here means the integration's budget is spent, so every caller pauses. */
  sharesBudget: boolean;
  signal: AbortSignal | undefined;
  attempt: () => Promise<T>;
  /** Undefined for errors that are not I/O failures (bugs, bad arguments): those pass through. */
  classify: (err: unknown) => Failure | undefined;
}

/** Runs `job` under the retry policy; throws a NotionApiError (or the abort reason) on failure. */
export async function withRetries<T>(run: Runner, job: Job<T>): Promise<T> {
  let attempts = 0;
  let firstFailureAt: number | undefined;
  for (;;) {
    attempts++;
    try {
      return await run.limiter.run(job.attempt, { signal: job.signal, priority: attempts > 1 ? 1 : 0 });
    } catch (err) {
      if (job.signal?.aborted) throw job.signal.reason;
      const failure = job.classify(err);
      if (!failure) throw err;
      const fail = (code: NotionErrorCode, message: string, ambiguous: boolean) => {
        run.stats.error(code);
        return new NotionApiError(
          code,
          redact(message, run.secret),
          {
            endpoint: job.endpoint,
            attempts,
            ambiguous,
            ...(failure.status !== undefined ? { status: failure.status } : {}),
            ...(failure.notionCode !== undefined ? { notionCode: failure.notionCode } : {}),
            ...(failure.requestId !== undefined ? { requestId: failure.requestId } : {}),
          },
          err,
        );
      };
      if (!failure.transient) {
        const code = finalCode(failure);
        const message =
          code === "file_url_expired" || code === "file_download_failed"
            ? `${job.label}: ${failure.message}`
            : describeRejection(code, job.label, failure.status, failure.message);
        throw fail(code, message, false);
      }
      if (!mayRetry(failure, job.replaySafe)) {
        throw fail(
          "notion_unavailable",
          `${job.label}: the write may or may not have been applied (${causeText(failure)}); check before sending it again.`,
          true,
        );
      }
      const now = performance.now();
      firstFailureAt ??= now;
      const delay = retryDelayMs(attempts, failure, run.backoff);
      const spent = now - firstFailureAt;
      if (spent + delay > run.maxRetryTimeMs) {
        const code = failure.status === 429 ? "rate_limited_exhausted" : "notion_unavailable";
        const over = `${attempts} attempt${attempts === 1 ? "" : "s"} over ${seconds(spent)}`;
        const asked = failure.retryAfterMs !== undefined ? `, Notion asked to wait ${seconds(delay)}` : "";
        throw fail(
          code,
          `${job.label} failed after ${over} (retry limit ${seconds(run.maxRetryTimeMs)}${asked}); last cause: ${causeText(failure)}.`,
          !job.replaySafe && !failure.notApplied,
        );
      }
      run.stats.retry(job.endpoint, failure.cause);
      run.emit({
        type: "retry",
        endpoint: job.endpoint,
        attempt: attempts,
        cause: failure.cause,
        delayMs: delay,
      });
      if (failure.pauseAll && job.sharesBudget) {
        // The next attempt waits in the limiter, together with every other caller.
        if (run.limiter.pause(delay)) {
          run.stats.pause(delay);
          run.emit({ type: "rate-limited", endpoint: job.endpoint, cause: failure.cause, pauseMs: delay });
        }
      } else {
        run.stats.backoff(delay);
        await sleep(delay, undefined, job.signal ? { signal: job.signal } : undefined).catch((e) => {
          throw job.signal?.reason ?? e;
        });
      }
    }
  }
}

function finalCode(failure: Failure): NotionErrorCode {
  if (failure.cause === "file_url_expired" || failure.cause === "file_download_failed") return failure.cause;
  switch (failure.status) {
    case 401:
      return "unauthorized";
    case 403:
      return failure.notionCode === "unauthorized" ? "unauthorized" : "restricted_resource";
    case 404:
      return "object_not_found";
    default:
      return "validation_error";
  }
}

function causeText(failure: Failure): string {
  const status = failure.status !== undefined ? `${failure.status} ` : "";
  return `${status}${failure.cause}: ${failure.message}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
