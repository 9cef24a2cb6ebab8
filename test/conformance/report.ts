// The conformance suite's closing summary: replayed, matched, mismatched and skipped interactions, with reasons.

/** What replaying one recorded interaction came to. */
export interface Outcome {
  label: string;
  result: "matched" | "mismatch" | "skipped";
  /** Why it was skipped, or what differs. */
  reason?: string;
  /** Set when the mismatch is a known emulator defect (the test is a todo). */
  known?: string;
  /** Kinds of the recorded answer that the emulated answer held too (so were compared), and those it did not. */
  coverage?: { compared: string[]; absent: string[] };
}

/** Builds the summary text: counts, then each skip reason with how many it covers, then mismatches. */
export function summarize(outcomes: readonly Outcome[]): string {
  const count = (r: Outcome["result"]) => outcomes.filter((o) => o.result === r).length;
  const lines = [
    "",
    "Conformance with recorded Notion traffic",
    `  interactions: ${outcomes.length}, replayed: ${outcomes.length - count("skipped")}, matched: ${count("matched")}, mismatched: ${count("mismatch")}, skipped: ${count("skipped")}`,
  ];
  const reasons = new Map<string, number>();
  for (const o of outcomes) {
    if (o.result === "skipped") reasons.set(o.reason ?? "", (reasons.get(o.reason ?? "") ?? 0) + 1);
  }
  if (reasons.size) lines.push("  skipped:");
  for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1]))
    lines.push(`    ${String(n).padStart(3)} × ${reason}`);
  const compared = new Set(outcomes.flatMap((o) => o.coverage?.compared ?? []));
  const never = new Map<string, string>();
  for (const o of outcomes) {
    for (const k of o.coverage?.absent ?? []) if (!compared.has(k) && !never.has(k)) never.set(k, o.label);
  }
  lines.push(
    `  object kinds compared: ${compared.size}; in recorded answers but never in an emulated one: ${never.size}`,
  );
  for (const [kind, label] of [...never].sort()) lines.push(`    ${kind} (e.g. ${label})`);
  const mismatches = outcomes.filter((o) => o.result === "mismatch");
  if (mismatches.length) lines.push("  mismatched:");
  for (const o of mismatches) {
    lines.push(`    ${o.label}${o.known ? ` (known: ${o.known})` : ""}`);
    for (const line of (o.reason ?? "").split("\n")) lines.push(`      ${line}`);
  }
  return lines.join("\n");
}

/** Prints the summary (tests may print; it holds no tokens). */
export function printSummary(outcomes: readonly Outcome[]): void {
  console.log(summarize(outcomes));
}
