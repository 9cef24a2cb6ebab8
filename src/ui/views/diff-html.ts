// Differences between two snapshots as HTML: per object, renames, moves, block hunks, properties, comments.

import type { SnapshotDiff } from "../../inspect/diff.ts";
import type { ObjectDiff } from "../../inspect/diff-object.ts";
import type { Hunk } from "../../inspect/text-diff.ts";
import { html, type SafeHtml } from "../html.ts";
import { objectHref } from "../render.ts";

function hunksHtml(hunks: Hunk[]): SafeHtml {
  return html`<div class="diff">${hunks.map(
    (h) =>
      html`<div class="hunk">@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@</div>${h.lines.map(
        (l) =>
          html`<div class="${l.op === "+" ? "add" : l.op === "-" ? "del" : "ctx"}">${l.op} ${l.text}</div>`,
      )}`,
  )}</div>`;
}

const statusBadge = (d: ObjectDiff) =>
  html`<span class="badge ${d.status === "added" ? "ok" : d.status === "removed" ? "bad" : "warn"}">${d.status}</span>`;

/** One object's changes; links go to the version in the newer snapshot (the older one when removed). */
export function objectDiffHtml(d: ObjectDiff, diff: SnapshotDiff): SafeHtml {
  const where = d.status === "removed" ? diff.from.snapshot : diff.to.snapshot;
  return html`<section class="object-diff" data-id="${d.id}">
<h3>${statusBadge(d)} <a href="${objectHref(where, d.id)}">${d.title || "Untitled"}</a> <span class="kind">${d.type}</span></h3>
<p class="meta">${d.path}${d.lastEdited?.to ? html` · edited ${d.lastEdited.to}` : ""}</p>
${d.renamed ? html`<p>Renamed from “${d.renamed.from}” to “${d.renamed.to}”.</p>` : ""}
${d.moved ? html`<p>Moved from <code>${d.moved.fromPath || "(top)"}</code> to <code>${d.moved.toPath || "(top)"}</code>.</p>` : ""}
${d.emptied ? html`<p class="notice">All its blocks were removed.</p>` : ""}
${
  d.properties?.length
    ? html`<table class="grid properties"><thead><tr><th>Property</th><th>Before</th><th>After</th></tr></thead><tbody>${d.properties.map(
        (p) => html`<tr><th>${p.name}</th><td class="del">${p.from}</td><td class="add">${p.to}</td></tr>`,
      )}</tbody></table>`
    : ""
}
${d.schema?.length ? html`<ul>${d.schema.map((s) => html`<li>property “${s.name}” ${s.change}${s.from !== undefined ? html`: ${s.from} → ${s.to ?? ""}` : ""}</li>`)}</ul>` : ""}
${d.fields?.length ? html`<ul>${d.fields.map((f) => html`<li>${f.field}: ${f.from} → ${f.to}</li>`)}</ul>` : ""}
${d.blocks ? html`<p class="meta">Blocks: +${d.blocks.added} −${d.blocks.removed} ~${d.blocks.changed}</p>${hunksHtml(d.blocks.hunks)}` : ""}
${
  d.comments
    ? html`<ul class="comments">${d.comments.added.map((c) => html`<li class="add">+ comment by ${c.author}: ${c.text}</li>`)}${d.comments.removed.map((c) => html`<li class="del">− comment by ${c.author}: ${c.text}</li>`)}</ul>`
    : ""
}
${d.files ? html`<ul>${d.files.added.map((f) => html`<li class="add">+ file ${f}</li>`)}${d.files.removed.map((f) => html`<li class="del">− file ${f}</li>`)}</ul>` : ""}
</section>`;
}

/** A whole diff: the summary, the mass-change alarm, then every object. */
export function snapshotDiffHtml(diff: SnapshotDiff): SafeHtml {
  const s = diff.summary;
  return html`<p class="diff-summary">${s.added} added · ${s.removed} removed · ${s.changed} changed · ${s.moved} moved · ${s.renamed} renamed · blocks +${s.blocks.added} −${s.blocks.removed} ~${s.blocks.changed} · ${s.properties} property values · comments +${s.comments.added} −${s.comments.removed}</p>
${diff.massChange ? html`<p class="error">Mass change: ${diff.massChange.count} of ${diff.massChange.total} pages and rows ${diff.massChange.kind} (${Math.round(diff.massChange.ratio * 100)}%).</p>` : ""}
${diff.objects.length === 0 ? html`<p class="notice">No differences.</p>` : diff.objects.map((d) => objectDiffHtml(d, diff))}`;
}
