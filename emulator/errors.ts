// Notion's error envelope: every failure the emulator answers is one of these, as the real API does.

/** Notion's error codes (the SDK's APIErrorCode values). */
export type NotionErrorCode =
  | "unauthorized"
  | "restricted_resource"
  | "object_not_found"
  | "rate_limited"
  | "invalid_json"
  | "invalid_request_url"
  | "invalid_request"
  | "invalid_grant"
  | "missing_version"
  | "validation_error"
  | "conflict_error"
  | "internal_server_error"
  | "bad_gateway"
  | "service_unavailable"
  | "service_overload"
  | "gateway_timeout";

/** An answer the emulator gives as `{object:"error", status, code, message, request_id}`. */
export class NotionError extends Error {
  constructor(
    readonly status: number,
    readonly code: NotionErrorCode,
    message: string,
    readonly additionalData?: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** 400 validation_error with Notion's wording style ("body.children.length should be ≤ `100`..."). */
export function validationError(message: string, additionalData?: Record<string, unknown>): NotionError {
  return new NotionError(400, "validation_error", message, additionalData);
}

/** 404 object_not_found, worded as Notion words it for an id the integration cannot see. */
export function notFound(id: string, kind = "block"): NotionError {
  return new NotionError(
    404,
    "object_not_found",
    `Could not find ${kind} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration.`,
  );
}

/** 400 invalid_request_url for unknown paths. */
export function invalidUrl(): NotionError {
  return new NotionError(400, "invalid_request_url", "Invalid request URL.");
}
