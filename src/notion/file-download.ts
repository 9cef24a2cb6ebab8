// One attempt at fetching a Notion-hosted file's signed URL, and how its failures are judged.
import type { FileSpool, SpooledFile } from "./file-spool.ts";
import { classifyError, classifyStatus, type Failure } from "./retry.ts";

/** A non-2xx answer of a file host (S3 or Notion's file proxy). */
export class FileHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly retryAfter: string | undefined,
  ) {
    super(`file host answered ${status}`);
    this.name = "FileHttpError";
  }
}

/** Fetches `url` once, without any credentials, into memory. */
export async function fetchFileOnce(url: string, signal: AbortSignal | undefined): Promise<Uint8Array> {
  const res = await fetch(url, { signal, redirect: "follow" });
  if (!res.ok) {
    // S3-style hosts explain a refusal in a short XML body; keep a bounded piece of it.
    const body = (await res.text().catch(() => "")).slice(0, 2000);
    throw new FileHttpError(res.status, body, res.headers.get("retry-after") ?? undefined);
  }
  return new Uint8Array(await res.arrayBuffer());
}

/** Fetches `url` once, without any credentials, streaming its body into `spool` (hashed on the way). */
export async function fetchFileToSpool(
  url: string,
  spool: FileSpool,
  signal: AbortSignal | undefined,
): Promise<SpooledFile> {
  const res = await fetch(url, { signal, redirect: "follow" });
  if (!res.ok || !res.body) {
    const body = (await res.text().catch(() => "")).slice(0, 2000);
    throw new FileHttpError(res.status, body, res.headers.get("retry-after") ?? undefined);
  }
  return spool.take(res.body as unknown as AsyncIterable<Uint8Array>);
}

/** Judges a failed download: expired signatures are final and distinct, the rest as for API calls. */
export function classifyDownloadError(err: unknown): Failure | undefined {
  if (!(err instanceof FileHttpError)) return classifyError(err);
  if (err.status === 403 && /expired/i.test(err.body)) {
    return final(
      "file_url_expired",
      err.status,
      "the signed file URL has expired; re-read its block or page",
    );
  }
  const failure = classifyStatus(
    err.status,
    undefined,
    `file host answered HTTP ${err.status}`,
    err.retryAfter,
  );
  // A file host's 429 is about that host, not about the integration's API budget.
  failure.pauseAll = false;
  if (!failure.transient) {
    return final("file_download_failed", err.status, `file host answered HTTP ${err.status}`);
  }
  return failure;
}

function final(cause: string, status: number, message: string): Failure {
  return { cause, status, message, transient: false, notApplied: true, pauseAll: false };
}

/** A URL fit for messages: origin and path, without the signature in its query. */
export function describeFileUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return "(invalid URL)";
  }
}
