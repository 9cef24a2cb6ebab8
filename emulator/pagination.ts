// Cursor pagination as every Notion list endpoint does it: page_size <= 100, next_cursor, has_more.
import { validationError } from "./errors.ts";

/** Reads and validates `page_size` (default 100, at most 100) from a query string or a body. */
export function pageSize(value: unknown, where: "query" | "body" = "body"): number {
  if (value === undefined || value === null || value === "") return 100;
  const n = typeof value === "string" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n)) {
    throw validationError(`${where}.page_size should be a number, instead was \`${JSON.stringify(value)}\`.`);
  }
  if (n > 100) throw validationError(`${where}.page_size should be ≤ \`100\`, instead was \`${n}\`.`);
  if (n < 1) throw validationError(`${where}.page_size should be ≥ \`1\`, instead was \`${n}\`.`);
  return n;
}

/** The fields of a Notion list answer; `type` names the kind of results ("block", "page", ...). */
export interface ListPage<T> {
  object: "list";
  results: T[];
  next_cursor: string | null;
  has_more: boolean;
  type: string;
  [extra: string]: unknown;
}

/**
 * Cuts one page out of a full result list. Cursors are the id of the first item of the next page,
 * as Notion's are; a cursor that names no item answers 400 as Notion does.
 */
export function paginate<T extends { id: string }>(
  items: readonly T[],
  opts: { startCursor?: unknown; pageSize?: unknown; type: string; where?: "query" | "body" },
): ListPage<T> {
  const size = pageSize(opts.pageSize, opts.where);
  let start = 0;
  if (opts.startCursor !== undefined && opts.startCursor !== null && opts.startCursor !== "") {
    const cursor = String(opts.startCursor);
    start = items.findIndex((i) => i.id === cursor);
    if (start < 0) {
      throw validationError(
        `${opts.where ?? "body"}.start_cursor should be a valid cursor, instead was \`"${cursor}"\`.`,
      );
    }
  }
  const results = items.slice(start, start + size);
  const next = items[start + size];
  return {
    object: "list",
    results,
    next_cursor: next ? next.id : null,
    has_more: next !== undefined,
    type: opts.type,
    [opts.type]: {},
  };
}
