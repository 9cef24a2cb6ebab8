// The timeline: every snapshot, newest first, with tags, counts, size, signature and the report's warnings.

import { formatBytes } from "../../export/format-bytes.ts";
import { html, type SafeHtml } from "../html.ts";
import { timeTag } from "../layout.ts";
import { page, type UiRequest, type UiResponse } from "../response.ts";
import type { TimelineEntry } from "../vault.ts";

function signatureBadge(e: TimelineEntry): SafeHtml {
  if (e.rejected) return html`<span class="badge bad" title="${e.rejected}">rejected</span>`;
  if (!e.signature?.valid) return html`<span class="badge bad">invalid</span>`;
  if (!e.signature.trusted) return html`<span class="badge bad">foreign key</span>`;
  return html`<span class="badge ok" title="Ed25519, key ${e.signature.fingerprint}">verified</span>`;
}

function counts(e: TimelineEntry): string {
  const c = e.report?.counts ?? {};
  const parts: string[] = [];
  for (const [key, label] of [
    ["page", "pages"],
    ["row", "rows"],
    ["database", "databases"],
    ["block", "blocks"],
    ["file", "files"],
    ["comment", "comments"],
  ] as const) {
    if (c[key]) parts.push(`${c[key]} ${label}`);
  }
  if (!e.workspace && e.snapshot) parts.push(`${e.snapshot.manifest.summary.files} files (directory backup)`);
  return parts.join(" · ");
}

function row(e: TimelineEntry, older: TimelineEntry | undefined): SafeHtml {
  const s = e.snapshot;
  if (!s) {
    return html`<tr class="rejected"><td></td><td><code>${e.id.slice(0, 8)}</code></td><td colspan="4">${e.rejected}</td><td>${signatureBadge(e)}</td><td></td></tr>`;
  }
  const short = e.id.slice(0, 8);
  const warnings = e.report?.warnings?.length ?? 0;
  const name = e.workspace
    ? html`<a href="/s/${e.id}" data-snapshot="${e.id}"><code>${short}</code></a>`
    : html`<code>${short}</code>`;
  const compare =
    e.workspace && older?.workspace && older.snapshot
      ? html`<a href="/s/${e.id}/changes?from=${older.id}">changes</a>`
      : "";
  return html`<tr>
<td>${timeTag(s.manifest.time)}</td>
<td>${name}<div class="meta">${s.manifest.meta?.workspace_name ?? s.manifest.paths.join(", ")}</div></td>
<td>${s.manifest.tags.map((t) => html`<span class="badge">${t}</span> `)}</td>
<td>${counts(e)}</td>
<td>${formatBytes(s.manifest.summary.bytes)}<div class="meta">+${formatBytes(s.manifest.summary.addedBytes)} new</div></td>
<td>${signatureBadge(e)}</td>
<td>${e.workspace ? html`<a href="/s/${e.id}/report">${warnings === 0 ? html`<span class="badge ok">none</span>` : html`<span class="badge warn">${warnings} warning${warnings === 1 ? "" : "s"}</span>`}</a>` : ""}</td>
<td>${compare}</td>
</tr>`;
}

/** GET / — the timeline of snapshots. */
export async function timelineView(req: UiRequest): Promise<UiResponse> {
  const entries = await req.vault.timeline(req.signal);
  const loaded = entries.filter((e) => e.snapshot);
  const body = html`<h1 class="title">Snapshots</h1>
<p class="meta">${loaded.length} snapshots in this store. Every one is signed; “verified” means its Ed25519 signature checks against this store's key.</p>
${
  entries.length === 0
    ? html`<p class="notice">The store holds no snapshot yet. Run <code>nvault backup</code>.</p>`
    : html`<table class="grid timeline"><thead><tr><th>Time</th><th>Snapshot</th><th>Tags</th><th>Captured</th><th>Size</th><th>Signature</th><th>Warnings</th><th></th></tr></thead>
<tbody>${entries.map((e) => row(e, loaded[loaded.indexOf(e) + 1]))}</tbody></table>`
}`;
  return page(body, { title: "Snapshots", wide: true });
}
