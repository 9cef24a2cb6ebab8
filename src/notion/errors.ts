// Typed failures of the Notion gateway: one class, stable codes, and never the token in any text.
import { ExitCode, VaultError } from "../errors.ts";

/** Stable codes of Notion failures; callers branch on these, never on messages. */
export type NotionErrorCode =
  | "unauthorized"
  | "restricted_resource"
  | "object_not_found"
  | "validation_error"
  | "rate_limited_exhausted"
  | "notion_unavailable"
  | "file_url_expired"
  | "file_download_failed";

/** What a NotionApiError knows about the failed call, beside its message. */
export interface NotionApiErrorDetails {
  /** Endpoint name as counted in stats ("pages.retrieve", "files.download", ...). */
  endpoint: string;
  /** HTTP status of the last answer, absent when no answer came (dropped, timed out). */
  status?: number;
  /** Notion's own error code of the last answer ("rate_limited", "validation_error", ...). */
  notionCode?: string;
  /** Notion's request id of the last answer, for support tickets. */
  requestId?: string;
  /** HTTP requests sent for this call, retries included. */
  attempts: number;
  /**
   * True when a write failed in a way that leaves its outcome unknown (a 5xx, a dropped connection
   * or a timeout after the request was sent): Notion may or may not have applied it, so the caller
   * must look before writing again. Always false for reads and for answers that prove nothing
   * happened (4xx, 429, 529, 409).
   */
  ambiguous: boolean;
}

const exitCodes: Record<NotionErrorCode, number> = {
  unauthorized: ExitCode.notion,
  restricted_resource: ExitCode.notion,
  object_not_found: ExitCode.notFound,
  validation_error: ExitCode.notion,
  rate_limited_exhausted: ExitCode.notion,
  notion_unavailable: ExitCode.notion,
  file_url_expired: ExitCode.notion,
  file_download_failed: ExitCode.notion,
};

/** A failed Notion API call or hosted-file download. */
export class NotionApiError extends VaultError {
  declare readonly code: NotionErrorCode;
  readonly endpoint: string;
  readonly status: number | undefined;
  readonly notionCode: string | undefined;
  readonly requestId: string | undefined;
  readonly attempts: number;
  readonly ambiguous: boolean;

  constructor(code: NotionErrorCode, message: string, details: NotionApiErrorDetails, cause?: unknown) {
    super(code, message, { cause, exitCode: exitCodes[code] });
    this.name = "NotionApiError";
    this.endpoint = details.endpoint;
    this.status = details.status;
    this.notionCode = details.notionCode;
    this.requestId = details.requestId;
    this.attempts = details.attempts;
    this.ambiguous = details.ambiguous;
  }
}

/** Type guard for a NotionApiError, optionally of one code. */
export function isNotionApiError(err: unknown, code?: NotionErrorCode): err is NotionApiError {
  return err instanceof NotionApiError && (code === undefined || err.code === code);
}

/** The message a person reads for a final (not retried) answer of Notion. */
export function describeRejection(
  code: NotionErrorCode,
  endpoint: string,
  status: number | undefined,
  notionMessage: string,
): string {
  const said = notionMessage ? ` Notion said: ${notionMessage}` : "";
  switch (code) {
    case "unauthorized":
      return `${endpoint}: Notion rejected the API token (${status ?? 401} unauthorized); check NOTION_TOKEN or --token-file.${said}`;
    case "restricted_resource":
      return `${endpoint}: the integration lacks the capability for this request (${status ?? 403} restricted_resource); check its capabilities in Notion's integration settings.${said}`;
    case "object_not_found":
      return `${endpoint}: object not found (${status ?? 404}): it does not exist or is not shared with the integration (share it through the page's ... menu > Connections).${said}`;
    default:
      return `${endpoint}: Notion refused the request (${status ?? "?"} ${code}).${said}`;
  }
}

/** Removes every occurrence of `secret` from `text`, so no token leaks through a message. */
export function redact(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 4) return text;
  return text.split(secret).join("[redacted]");
}
