// The backup report of one snapshot: what was captured, what could not be and why, what it cost.

import { formatBytes } from "../../export/format-bytes.ts";
import { html } from "../html.ts";
import { timeTag } from "../layout.ts";
import { objectHref } from "../render.ts";
import { page, type UiRequest, type UiResponse } from "../response.ts";
import { snapshotHeader } from "./tree.ts";

/** GET /s/:snapshot/report */
export async function reportView(req: UiRequest): Promise<UiResponse> {
  const reader = await req.vault.reader(req.params[0]!, req.signal);
  const report = await reader.report(req.signal);
  const snap = reader.snapshot.id;
  if (!report) {
    return page(
      html`${snapshotHeader(reader)}<h1 class="title">Backup report</h1><p class="notice">This snapshot has no report.</p>`,
      {
        title: "Backup report",
        snapshot: snap,
      },
    );
  }
  const requests = Object.entries(report.requests?.requests ?? {}).sort((a, b) => b[1] - a[1]);
  const unsupported = Object.entries(report.unsupportedBlocks ?? {});
  const body = html`${snapshotHeader(reader)}<h1 class="title">Backup report</h1>
<p class="meta">Started ${timeTag(report.startedAt)}, took ${(report.durationMs / 1000).toFixed(1)} s ·
${report.requests?.totalRequests ?? 0} API requests, ${report.requests?.totalRetries ?? 0} retries ·
${report.reusedPages} pages reused from the previous snapshot · ${report.downloadedFiles} files downloaded (${formatBytes(report.downloadedBytes)})</p>
<h2>Not captured, or worth knowing (${report.warnings.length})</h2>
${
  report.warnings.length === 0
    ? html`<p><span class="badge ok">no warnings</span> Everything the integration can see was captured.</p>`
    : html`<table class="grid warnings"><thead><tr><th>Kind</th><th>Object</th><th>Why</th></tr></thead><tbody>
${report.warnings.map(
  (w) => html`<tr><td><span class="badge warn">${w.code}</span></td>
<td>${w.id ? (reader.entry(w.id) ? html`<a href="${objectHref(snap, w.id)}">${reader.entry(w.id)!.title}</a>` : html`<code>${w.id}</code>`) : ""}</td>
<td>${w.message}</td></tr>`,
)}</tbody></table>`
}
${unsupported.length > 0 ? html`<h2>Unsupported blocks (kept as the API returned them)</h2><ul>${unsupported.map(([t, n]) => html`<li><code>${t}</code>: ${n}</li>`)}</ul>` : ""}
<h2>Captured</h2>
<table class="grid"><tbody>${Object.entries(report.counts).map(([k, v]) => html`<tr><th>${k}</th><td>${v}</td></tr>`)}
<tr><th>external file links</th><td>${report.externalFiles}</td></tr></tbody></table>
<h2>API requests</h2>
<table class="grid"><tbody>${requests.map(([k, v]) => html`<tr><th><code>${k}</code></th><td>${v}</td></tr>`)}</tbody></table>`;
  return page(body, { title: "Backup report", snapshot: snap });
}
