// Date comparison for query filters and sorts: date-only values compare by day, date-times by instant.

const DAY = 86_400_000;
const RELATIVE_DAYS: Record<string, number> = {
  today: 0,
  tomorrow: 1,
  yesterday: -1,
  one_week_ago: -7,
  one_week_from_now: 7,
  one_month_ago: -30,
  one_month_from_now: 30,
};

/** A filter's comparison value: one date, or an inclusive range for operators like `past_week`. */
export type DateTarget = { value: string } | { range: [string, string] };

/** Whether a value is a date without a time ("2024-05-01"). */
export function isDateOnly(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value);
}

/**
 * Compares a stored date (date-only or date-time) with a filter date: when either side has no
 * time, the comparison is by UTC day, as Notion treats a date-only filter as the whole day.
 */
export function compareDates(value: string, target: string): number {
  if (isDateOnly(target) || isDateOnly(value)) {
    const a = dayOf(value);
    const b = dayOf(target);
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return Math.sign(Date.parse(value) - Date.parse(target));
}

/** Sort order of two optional dates by instant (date-only values at UTC midnight). */
export function dateOrder(a: string, b: string): number {
  return Math.sign(Date.parse(a) - Date.parse(b));
}

/** Resolves the operand of a date condition, including relative values, against `now`. */
export function resolveDateFilterValue(op: string, operand: unknown, now: Date): DateTarget {
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const iso = (ms: number) => new Date(ms).toISOString();
  switch (op) {
    case "past_week":
      return { range: [iso(now.getTime() - 7 * DAY), iso(now.getTime())] };
    case "past_month":
      return { range: [iso(now.getTime() - 30 * DAY), iso(now.getTime())] };
    case "past_year":
      return { range: [iso(now.getTime() - 365 * DAY), iso(now.getTime())] };
    case "next_week":
      return { range: [iso(now.getTime()), iso(now.getTime() + 7 * DAY)] };
    case "next_month":
      return { range: [iso(now.getTime()), iso(now.getTime() + 30 * DAY)] };
    case "next_year":
      return { range: [iso(now.getTime()), iso(now.getTime() + 365 * DAY)] };
    case "this_week": {
      const sunday = start - now.getUTCDay() * DAY;
      return { range: [iso(sunday), iso(sunday + 7 * DAY - 1)] };
    }
  }
  if (typeof operand === "string" && operand in RELATIVE_DAYS) {
    return { value: iso(start + (RELATIVE_DAYS[operand] ?? 0) * DAY).slice(0, 10) };
  }
  return { value: String(operand) };
}

function dayOf(value: string): string {
  if (isDateOnly(value)) return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value.slice(0, 10) : new Date(ms).toISOString().slice(0, 10);
}
