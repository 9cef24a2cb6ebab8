// How a Notion backup's result reads on a terminal: what was captured, what it cost, what went wrong.
import type { NotionBackupResult } from "../notion/backup.ts";
import { formatBytes, shortId } from "./human-format.ts";

/** The JSON shape `nvault backup --json` prints. */
export function backupResultJson(r: NotionBackupResult) {
  const m = r.snapshot.manifest;
  return {
    id: r.snapshot.id,
    time: m.time,
    parent: m.parent ?? null,
    workspace: r.workspace,
    summary: m.summary,
    report: r.report,
    archiveWarnings: r.archiveWarnings,
  };
}

const ORDER = [
  "page",
  "row",
  "template",
  "template_page",
  "block",
  "database",
  "data_source",
  "view",
  "comment",
  "user",
  "file",
];

/** The report as a few lines of text. */
export function formatBackupReport(r: NotionBackupResult): string {
  const m = r.snapshot.manifest;
  const rep = r.report;
  const counts = Object.entries(rep.counts)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([k, n]) => `${k.replace(/_/g, " ")} ${n}`);
  const endpoints = Object.entries(rep.requests.requests)
    .sort(([, a], [, b]) => b - a)
    .map(([k, n]) => `${k} ${n}`);
  const lines = [
    `snapshot ${shortId(r.snapshot.id)} of workspace "${r.workspace.name}" saved${m.parent ? ` (parent ${shortId(m.parent)})` : ""}`,
    `  captured: ${counts.join(", ") || "nothing"}`,
    `  files: ${rep.downloadedFiles} downloaded (${formatBytes(rep.downloadedBytes)}), ${rep.externalFiles} external links`,
    `  reused: ${rep.reusedPages} unchanged page(s) taken from the previous snapshot`,
    `  requests: ${rep.requests.totalRequests} (${endpoints.join(", ")})`,
    `  retries: ${rep.requests.totalRetries}, rate-limit pauses: ${rep.requests.rateLimitedPauses}, duration ${(rep.durationMs / 1000).toFixed(1)} s`,
    `  store: ${m.summary.files} files, ${m.summary.dirs} folders, ${formatBytes(m.summary.bytes)}; added ${m.summary.newBlobs} blobs (${formatBytes(m.summary.addedBytes)})`,
  ];
  const warnings = [...rep.warnings.map((w) => `${w.code}: ${w.message}`), ...r.archiveWarnings];
  if (warnings.length > 0) {
    lines.push(`  warnings (${warnings.length}):`);
    for (const w of warnings.slice(0, 20)) lines.push(`    ${w}`);
    if (warnings.length > 20)
      lines.push(`    ... and ${warnings.length - 20} more (see report.json in the snapshot)`);
  }
  return lines.join("\n");
}

function rank(kind: string): number {
  const i = ORDER.indexOf(kind);
  return i < 0 ? ORDER.length : i;
}
