// Notion's request size limits and the wording of the validation errors it answers when one is broken.
import { type NotionError, validationError } from "../errors.ts";

/** The documented request limits (developers.notion.com "Request limits"). */
export const LIMITS = {
  children: 100,
  arrayItems: 100,
  richTextContent: 2000,
  url: 2000,
  equation: 1000,
  emailOrPhone: 200,
  blockElements: 1000,
  payloadBytes: 500 * 1024,
  /** Nesting levels below the blocks of one request (`children` of `children`). */
  nesting: 2,
} as const;

/** A 400 validation_error worded as Notion words body validation failures. */
export function bodyError(message: string): NotionError {
  return validationError(`body failed validation: ${message}`);
}

/** Renders a value the way Notion quotes it in messages ("instead was `...`"). */
export function quote(value: unknown): string {
  return value === undefined ? "undefined" : JSON.stringify(value);
}

/** Rejects a string longer than `max` characters. */
export function checkLength(value: unknown, max: number, path: string): void {
  if (typeof value === "string" && value.length > max) {
    throw bodyError(`${path}.length should be ≤ \`${max}\`, instead was \`${value.length}\`.`);
  }
}

/** Requires an array of at most `max` items and returns it. */
export function checkArray(value: unknown, max: number, path: string): unknown[] {
  if (!Array.isArray(value)) throw bodyError(`${path} should be an array, instead was \`${quote(value)}\`.`);
  if (value.length > max) {
    throw bodyError(`${path}.length should be ≤ \`${max}\`, instead was \`${value.length}\`.`);
  }
  return value;
}

/** Requires a plain object and returns it. */
export function checkObject(value: unknown, path: string): Record<string, any> {
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw bodyError(`${path} should be an object, instead was \`${quote(value)}\`.`);
  }
  return value as Record<string, any>;
}

/** Requires a string (optionally a non-empty one) and returns it. */
export function checkString(value: unknown, path: string): string {
  if (typeof value !== "string")
    throw bodyError(`${path} should be a string, instead was \`${quote(value)}\`.`);
  return value;
}

/** Requires a URL-ish string no longer than Notion's URL limit. */
export function checkUrl(value: unknown, path: string): string {
  const url = checkString(value, path);
  checkLength(url, LIMITS.url, path);
  return url;
}

/** Rejects a request body above 500 KB, measured on the raw bytes as Notion does. */
export function checkPayloadSize(rawBody: Buffer): void {
  if (rawBody.length > LIMITS.payloadBytes) {
    throw validationError(
      `Request body too large: the payload is ${rawBody.length} bytes; at most ${LIMITS.payloadBytes} bytes (500 KB) are allowed.`,
    );
  }
}
