// Human-readable figures for text output: byte sizes and short ids.

/** 1536 -> "1.50 KiB" (the one formatter the UI uses too). */
export { formatBytes } from "../export/format-bytes.ts";

/** The first 8 characters of an id, as lists show it. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}
