// Check status: the store's structure, index and every snapshot's signature (`nvault check` without --read-data).
import { html } from "../html.ts";
import { timeTag } from "../layout.ts";
import { page, type UiRequest, type UiResponse } from "../response.ts";

/** GET /check — runs the check the first time (and again with ?run=1), then shows the last result. */
export async function checkView(req: UiRequest): Promise<UiResponse> {
  const status =
    req.query.get("run") === "1" || !req.vault.checkStatus()
      ? await req.vault.runCheck(req.signal)
      : req.vault.checkStatus()!;
  const r = status.result;
  const body = html`<h1 class="title">Check</h1>
<p class="meta">Last run ${timeTag(status.at)} · <a href="/check?run=1">run again</a> · every byte is re-hashed only by <code>nvault check --read-data</code>.</p>
<p class="check-status">${r.ok ? html`<span class="badge ok">no errors found</span>` : html`<span class="badge bad">${r.errors.length} errors found</span>`}
 ${r.snapshots.length} snapshots, ${r.trees} trees, ${r.blobs} blobs in ${r.packs} packs</p>
${r.errors.length > 0 ? html`<h2>Errors</h2><ul>${r.errors.map((e) => html`<li class="error">${e.message}${(e.usedBy ?? []).map((u) => html`<div class="meta">used by snapshot <a href="/s/${u.snapshot}">${u.snapshot.slice(0, 8)}</a> at ${u.path}</div>`)}</li>`)}</ul>` : ""}
${r.warnings.length > 0 ? html`<h2>Warnings</h2><ul>${r.warnings.map((w) => html`<li>${w.message}</li>`)}</ul>` : ""}
<h2>Signatures</h2>
<table class="grid"><thead><tr><th>Snapshot</th><th>Signature</th><th>Key</th></tr></thead><tbody>
${r.snapshots.map(
  (s) =>
    html`<tr><td><code>${s.id.slice(0, 8)}</code></td><td>${s.valid ? (s.trusted ? html`<span class="badge ok">verified</span>` : html`<span class="badge bad">foreign key</span>`) : html`<span class="badge bad">invalid</span>`}</td><td><code>${s.fingerprint}</code></td></tr>`,
)}</tbody></table>`;
  return page(body, { title: "Check" });
}
