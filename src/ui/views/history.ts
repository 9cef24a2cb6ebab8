// A page's own history (the snapshots where it changed) and the diff between any two of its versions.
import { diffSnapshots } from "../../inspect/diff.ts";
import { changeNotes } from "../../inspect/diff-render.ts";
import { type PageVersion, pageHistory } from "../../inspect/page-history.ts";
import { listSnapshots } from "../../store/browse.ts";
import { StoreError } from "../../store/errors.ts";
import { html, type SafeHtml } from "../html.ts";
import { timeTag } from "../layout.ts";
import { objectHref } from "../render.ts";
import { page, type UiRequest, type UiResponse } from "../response.ts";
import { snapshotDiffHtml } from "./diff-html.ts";
import { objectHeader } from "./object.ts";

function what(v: PageVersion): string {
  if (v.change !== "changed" || !v.diff) return v.change === "added" ? "appeared" : "removed";
  const d = v.diff;
  const blocks = d.blocks ? [`blocks +${d.blocks.added} −${d.blocks.removed} ~${d.blocks.changed}`] : [];
  // The same notes as `nvault diff --stat`.
  return [...blocks, ...changeNotes(d)].join(", ") || "changed";
}

function versionRow(v: PageVersion, id: string, i: number, count: number): SafeHtml {
  const present = v.change !== "removed";
  return html`<tr data-snapshot="${v.snapshot}">
<td>${timeTag(v.time)}</td><td>${present ? html`<a href="${objectHref(v.snapshot, id)}">${v.snapshot.slice(0, 8)}</a>` : html`<code>${v.snapshot.slice(0, 8)}</code>`}</td>
<td>${v.title}</td><td>${what(v)}</td>
<td><input type="radio" name="a" value="${v.snapshot}" aria-label="from ${v.snapshot.slice(0, 8)}"${i === 1 ? html` checked` : ""}></td>
<td><input type="radio" name="b" value="${v.snapshot}" aria-label="to ${v.snapshot.slice(0, 8)}"${i === 0 && count > 1 ? html` checked` : ""}></td></tr>`;
}

/** GET /s/:snapshot/p/:id/history */
export async function historyView(req: UiRequest): Promise<UiResponse> {
  const reader = await req.vault.reader(req.params[0]!, req.signal);
  const id = reader.require(req.params[1]!);
  const snapshots = await listSnapshots(req.vault.repo, { signal: req.signal });
  const versions = (await pageHistory(req.vault.repo, snapshots, id, { signal: req.signal })).reverse();
  const base = objectHref(reader.snapshot.id, id);
  const body = html`${objectHeader(reader, id, "history")}
<h2>History</h2>
<p class="meta">The snapshots in which this ${reader.entry(id)!.type} changed (of ${snapshots.length} snapshots). Pick two and compare.</p>
<form method="get" action="${base}/diff" class="history">
<table class="grid"><thead><tr><th>Time</th><th>Snapshot</th><th>Title</th><th>What changed</th><th>From</th><th>To</th></tr></thead>
<tbody>${versions.map((v, i) => versionRow(v, id, i, versions.length))}</tbody></table>
<p><button type="submit" id="compare">Compare</button></p></form>`;
  return page(body, { title: `History of ${reader.entry(id)!.title}`, snapshot: reader.snapshot.id });
}

/** GET /s/:snapshot/p/:id/diff?a=OLD&b=NEW — the page (and what it holds) between two snapshots. */
export async function pageDiffView(req: UiRequest): Promise<UiResponse> {
  const reader = await req.vault.reader(req.params[0]!, req.signal);
  const id = reader.require(req.params[1]!);
  const [refA, refB] = [req.query.get("a"), req.query.get("b")];
  if (!refA || !refB) throw new StoreError("invalid_argument", "pick two snapshots to compare (a and b)");
  let [a, b] = await Promise.all([req.vault.reader(refA, req.signal), req.vault.reader(refB, req.signal)]);
  // Always older -> newer, whichever way round they were picked.
  if (Date.parse(a.snapshot.manifest.time) > Date.parse(b.snapshot.manifest.time)) [a, b] = [b, a];
  const diff = await diffSnapshots(a, b, { path: id, signal: req.signal });
  const body = html`${objectHeader(reader, id, "history")}
<h2>Changes from ${timeTag(a.snapshot.manifest.time)} to ${timeTag(b.snapshot.manifest.time)}</h2>
<p class="meta"><a href="${objectHref(reader.snapshot.id, id)}/history">Back to the history</a></p>
${snapshotDiffHtml(diff)}`;
  return page(body, { title: `Diff of ${reader.entry(id)!.title}`, snapshot: reader.snapshot.id });
}

/** GET /s/:snapshot/changes?from=OLDER — everything that changed in the workspace between two snapshots. */
export async function changesView(req: UiRequest): Promise<UiResponse> {
  const b = await req.vault.reader(req.params[0]!, req.signal);
  const from = req.query.get("from");
  if (!from) throw new StoreError("invalid_argument", "say which snapshot to compare with (from)");
  const a = await req.vault.reader(from, req.signal);
  const diff = await diffSnapshots(a, b, { signal: req.signal });
  const body = html`<div class="crumbs"><a href="/">Snapshots</a></div>
<h1 class="title">Changes</h1>
<p class="meta">From <a href="/s/${a.snapshot.id}">${a.snapshot.id.slice(0, 8)}</a> (${timeTag(a.snapshot.manifest.time)}) to <a href="/s/${b.snapshot.id}">${b.snapshot.id.slice(0, 8)}</a> (${timeTag(b.snapshot.manifest.time)})</p>
${snapshotDiffHtml(diff)}`;
  return page(body, { title: "Changes", snapshot: b.snapshot.id });
}
