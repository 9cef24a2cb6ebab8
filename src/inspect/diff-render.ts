// A snapshot diff as text: a `git diff --stat`-like table, then the details (hunks, properties, comments), colour optional.

import { formatTimestamp } from "../export/format-date.ts";
import type { SnapshotDiff } from "./diff.ts";
import { contentChanged, type ObjectDiff } from "./diff-object.ts";
import { renderHunks } from "./text-diff.ts";
import { typeName } from "./type-name.ts";

/** How to render: only the stat table, and whether to use ANSI colours. */
export interface RenderOptions {
  stat?: boolean;
  color?: boolean;
}

const STAT_WIDTH = 24;

type Paint = (code: string, s: string) => string;

function painter(color: boolean | undefined): Paint {
  return color ? (code, s) => `\x1b[${code}m${s}\x1b[0m` : (_code, s) => s;
}

/** Long values (a rich text of mentions, say) are cut for reading; --json keeps them whole. */
function clip(s: string, max = 160): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function kind(d: ObjectDiff): string {
  return typeName(d.type);
}

/** The right-hand column of the stat table: a bar of block changes and short notes. */
function statCell(d: ObjectDiff, paint: Paint, scale: number): string {
  if (d.status !== "changed") return paint(d.status === "added" ? "32" : "31", `${d.status} ${kind(d)}`);
  const notes: string[] = [];
  const b = d.blocks;
  if (b) {
    const plus = b.added + b.changed;
    const minus = b.removed + b.changed;
    const bar = (n: number) => Math.max(n > 0 ? 1 : 0, Math.round(n * scale));
    notes.push(
      `${String(plus + minus).padStart(4)} ${paint("32", "+".repeat(bar(plus)))}${paint("31", "-".repeat(bar(minus)))}`,
    );
  }
  if (d.emptied) notes.push(paint("31", "emptied"));
  return [...notes, ...changeNotes(d)].join(", ");
}

/** Short notes on what changed besides the blocks: "renamed", "moved", "2 properties", "1 comment" ... */
export function changeNotes(d: ObjectDiff): string[] {
  const notes: string[] = [];
  if (d.renamed) notes.push("renamed");
  if (d.moved) notes.push("moved");
  if (d.properties?.length)
    notes.push(plural(d.properties.length, "property").replace("propertys", "properties"));
  if (d.schema?.length) notes.push(plural(d.schema.length, "schema change"));
  const c = d.comments;
  if (c) notes.push(plural(c.added.length + c.removed.length, "comment"));
  if (d.files) notes.push(plural(d.files.added.length + d.files.removed.length, "file"));
  if (d.fields?.length) notes.push(d.fields.map((f) => f.field).join(", "));
  return notes;
}

function summaryLine(diff: SnapshotDiff): string {
  const s = diff.summary;
  const parts = [
    `${s.added} added`,
    `${s.removed} removed`,
    `${s.moved} moved`,
    `${s.renamed} renamed`,
    `${s.changed} changed`,
  ];
  const blocks = `blocks: ${s.blocks.added} added, ${s.blocks.removed} removed, ${s.blocks.changed} changed`;
  return ` ${plural(diff.objects.length, "object")}: ${parts.join(", ")}; ${blocks}; ${plural(s.properties, "property value").replace("propertys", "properties")}; comments +${s.comments.added} -${s.comments.removed}`;
}

/** The one-line alarm for a mass change, or undefined. */
export function massChangeLine(diff: SnapshotDiff): string | undefined {
  const m = diff.massChange;
  if (!m) return undefined;
  const what =
    m.kind === "deleted" ? "pages and rows removed or emptied" : "rows with property values cleared";
  const pct = (x: number) => `${(x * 100).toFixed(1).replace(/\.0$/, "")}%`;
  return `MASS CHANGE: ${m.count} of ${m.total} ${what} (${pct(m.ratio)}, threshold ${pct(diff.threshold)})`;
}

function details(d: ObjectDiff, paint: Paint): string[] {
  const out = [paint("1", `${d.status} ${kind(d)} "${d.title}"  ${d.path}`)];
  if (d.oldPath) out.push(`  was      ${d.oldPath}`);
  if (d.renamed) out.push(`  renamed  "${d.renamed.from}" → "${d.renamed.to}"`);
  if (d.moved) out.push(`  moved    ${d.moved.fromPath || "(top)"} → ${d.moved.toPath || "(top)"}`);
  if (d.lastEdited && contentChanged(d))
    out.push(`  edited   ${d.lastEdited.from ?? "?"} → ${d.lastEdited.to ?? "?"}`);
  for (const f of d.fields ?? []) {
    out.push(`  ${f.field.padEnd(8)} ${clip(f.from) || "(none)"} → ${clip(f.to) || "(none)"}`);
  }
  for (const p of d.properties ?? []) {
    const from = clip(p.from) || "(empty)";
    const to = clip(p.to) || "(empty)";
    out.push(`  property ${p.name}: ${paint("31", from)} → ${paint("32", to)}`);
  }
  for (const s of d.schema ?? []) {
    const change = s.from || s.to ? ` (${[s.from, s.to].filter(Boolean).join(" → ")})` : "";
    out.push(`  schema   ${s.name}: ${s.change}${change}`);
  }
  for (const c of d.comments?.added ?? [])
    out.push(paint("32", `  comment  + "${clip(c.text)}" (${c.author})`));
  for (const c of d.comments?.removed ?? [])
    out.push(paint("31", `  comment  - "${clip(c.text)}" (${c.author})`));
  for (const f of d.files?.added ?? []) out.push(paint("32", `  file     + ${f}`));
  for (const f of d.files?.removed ?? []) out.push(paint("31", `  file     - ${f}`));
  if (d.emptied) out.push(paint("31", "  emptied  every block removed"));
  for (const line of renderHunks(d.blocks?.hunks ?? [])) {
    const color = line.startsWith("@@")
      ? "36"
      : line.startsWith("+")
        ? "32"
        : line.startsWith("-")
          ? "31"
          : "";
    out.push(`  ${color ? paint(color, line) : line}`);
  }
  return out;
}

/** Renders a diff for people: header, stat table and summary, then (unless `stat`) each object's details. */
export function renderDiff(diff: SnapshotDiff, opts: RenderOptions = {}): string {
  const paint = painter(opts.color);
  const head = `diff ${diff.from.snapshot.slice(0, 8)} (${formatTimestamp(diff.from.time, { seconds: true })}) → ${diff.to.snapshot.slice(0, 8)} (${formatTimestamp(diff.to.time, { seconds: true })})${diff.scope ? ` in ${diff.scope.path}` : ""}`;
  const out = [paint("1", head)];
  const mass = massChangeLine(diff);
  if (diff.objects.length === 0) {
    out.push("no changes");
    return out.join("\n");
  }
  const width = Math.min(60, Math.max(...diff.objects.map((d) => d.path.length)));
  const most = Math.max(
    1,
    ...diff.objects.map((d) => (d.blocks ? d.blocks.added + d.blocks.removed + 2 * d.blocks.changed : 0)),
  );
  const scale = Math.min(1, STAT_WIDTH / most);
  for (const d of diff.objects) {
    const path = d.path.length > width ? `…${d.path.slice(d.path.length - width + 1)}` : d.path.padEnd(width);
    out.push(` ${path} | ${statCell(d, paint, scale)}`);
  }
  out.push(summaryLine(diff));
  if (mass) out.push(paint("1;31", mass));
  if (!opts.stat) {
    for (const d of diff.objects) out.push("", ...details(d, paint));
    if (mass) out.push("", paint("1;31", mass));
  }
  return out.join("\n");
}
