// How dates and times read in exports: ISO forms as Notion stores them, ranges with an arrow.

/** A Notion date value ({start, end, time_zone}) as text: "2024-06-12", "2024-06-12 → 2024-06-20", with its zone. */
export function formatDateValue(
  date: { start?: string | null; end?: string | null; time_zone?: string | null } | null | undefined,
): string {
  if (!date?.start) return "";
  const range = date.end ? `${date.start} → ${date.end}` : date.start;
  return date.time_zone ? `${range} (${date.time_zone})` : range;
}

/**
 * A UTC timestamp (created_time, comment times) as "2024-03-31 02:46 UTC", or with `seconds`
 * "2024-03-31 02:46:05 UTC" (snapshot times); other text is returned as it is.
 */
export function formatTimestamp(iso: string | null | undefined, opts: { seconds?: boolean } = {}): string {
  if (!iso) return "";
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2})(?:\.\d+)?)?Z$/.exec(iso);
  if (!m) return iso;
  return opts.seconds ? `${m[1]} ${m[2]}:${m[3] ?? "00"} UTC` : `${m[1]} ${m[2]} UTC`;
}
