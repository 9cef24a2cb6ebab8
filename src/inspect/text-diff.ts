// Line diffs keyed by identity: lines align on a key (a block id, say), a kept key whose text moved is "changed".
import { diffArrays } from "diff";

/** One line to compare: `key` decides alignment, `text` what is shown and compared. */
export interface KeyedLine {
  key: string;
  text: string;
}

/** One line of a diff: kept (" "), removed ("-") or added ("+"); 1-based line numbers on each side. */
export interface DiffOp {
  op: " " | "-" | "+";
  text: string;
  /** Its number in the old lines (kept and removed lines). */
  oldLine?: number;
  /** Its number in the new lines (kept and added lines). */
  newLine?: number;
  /** Set on both halves of a line whose key was kept but whose text changed. */
  changed?: true;
}

/** A run of diff lines with context, as a unified diff shows it under one "@@" header. */
export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: DiffOp[];
}

/** Counts of a diff: lines only in the new side, only in the old, and kept keys with new text. */
export interface DiffCounts {
  added: number;
  removed: number;
  changed: number;
}

/**
 * Aligns two line lists on their keys (longest common subsequence, Myers) and returns every line:
 * keys on both sides are kept (or changed when their text differs), the others removed or added.
 */
export function diffKeyedLines(before: KeyedLine[], after: KeyedLine[]): DiffOp[] {
  const parts = diffArrays(before, after, { comparator: (x, y) => x.key === y.key });
  const out: DiffOp[] = [];
  let i = 0;
  let j = 0;
  for (const part of parts) {
    const n = part.count ?? part.value.length;
    for (let k = 0; k < n; k++) {
      if (part.removed) {
        out.push({ op: "-", text: before[i]!.text, oldLine: ++i });
      } else if (part.added) {
        out.push({ op: "+", text: after[j]!.text, newLine: ++j });
      } else {
        const old = before[i++]!;
        const now = after[j++]!;
        if (old.text === now.text) out.push({ op: " ", text: now.text, oldLine: i, newLine: j });
        else {
          out.push({ op: "-", text: old.text, oldLine: i, changed: true });
          out.push({ op: "+", text: now.text, newLine: j, changed: true });
        }
      }
    }
  }
  return out;
}

/** Counts added, removed and changed lines of a diff (a changed line counts once, not as -/+). */
export function countOps(ops: DiffOp[]): DiffCounts {
  const counts = { added: 0, removed: 0, changed: 0 };
  for (const o of ops) {
    if (o.changed) {
      if (o.op === "+") counts.changed++;
    } else if (o.op === "+") counts.added++;
    else if (o.op === "-") counts.removed++;
  }
  return counts;
}

/** Groups a diff's changes into hunks with `context` kept lines around each; no hunk when nothing changed. */
export function toHunks(ops: DiffOp[], context = 3): Hunk[] {
  const hunks: Hunk[] = [];
  const changedAt = ops.flatMap((o, i) => (o.op === " " ? [] : [i]));
  let k = 0;
  while (k < changedAt.length) {
    const start = Math.max(0, changedAt[k]! - context);
    let end = changedAt[k]!;
    // Changes closer than two contexts apart share one hunk, as in `diff -u`.
    while (k + 1 < changedAt.length && changedAt[k + 1]! - end - 1 <= 2 * context) end = changedAt[++k]!;
    k++;
    const lines = ops.slice(start, Math.min(ops.length, end + context + 1));
    hunks.push({ ...startsOf(ops, start, lines), ...lengthsOf(lines), lines });
  }
  return hunks;
}

function startsOf(ops: DiffOp[], index: number, lines: DiffOp[]): { oldStart: number; newStart: number } {
  // A side with no line in the hunk starts at the line before it (the unified-diff convention "-5,0").
  let oldStart = 0;
  let newStart = 0;
  for (let i = 0; i < index; i++) {
    oldStart = ops[i]!.oldLine ?? oldStart;
    newStart = ops[i]!.newLine ?? newStart;
  }
  const firstOld = lines.find((o) => o.oldLine !== undefined)?.oldLine;
  const firstNew = lines.find((o) => o.newLine !== undefined)?.newLine;
  return { oldStart: firstOld ?? oldStart, newStart: firstNew ?? newStart };
}

function lengthsOf(lines: DiffOp[]): { oldLines: number; newLines: number } {
  return {
    oldLines: lines.filter((o) => o.op !== "+").length,
    newLines: lines.filter((o) => o.op !== "-").length,
  };
}

/** Renders hunks as unified-diff text ("@@ -1,3 +1,4 @@" headers, then " ", "-", "+" lines). */
export function renderHunks(hunks: Hunk[]): string[] {
  const out: string[] = [];
  for (const h of hunks) {
    out.push(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`);
    for (const o of h.lines) out.push(`${o.op}${o.text}`);
  }
  return out;
}
