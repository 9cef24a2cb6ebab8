// Full-text search over one or all snapshots; hits show a marked snippet and open the page.
import type { SearchHit, SearchResult } from "../../search/search.ts";
import { html, type SafeHtml } from "../html.ts";
import { timeTag } from "../layout.ts";
import { objectHref } from "../render.ts";
import { page, type UiRequest, type UiResponse } from "../response.ts";

function snippetHtml(hit: SearchHit): SafeHtml {
  const { text, marks } = hit.snippet;
  const parts: SafeHtml[] = [];
  let at = 0;
  for (const [start, end] of [...marks].sort((x, y) => x[0] - y[0])) {
    if (start < at) continue;
    parts.push(html`${text.slice(at, start)}<mark>${text.slice(start, end)}</mark>`);
    at = end;
  }
  parts.push(html`${text.slice(at)}`);
  return html`${parts}`;
}

function hitHtml(hit: SearchHit, query: string): SafeHtml {
  const newest = hit.snapshots[0]!;
  const href = `${objectHref(newest.id, hit.id)}?q=${encodeURIComponent(query)}`;
  const field = hit.snippet.field;
  return html`<div class="hit" data-id="${hit.id}">
<div class="path">${hit.path.slice(0, -1).join(" / ")}</div>
<div><a class="hit-title" href="${href}">${hit.title || "Untitled"}</a><span class="kind">${hit.type}</span></div>
<div class="snippet"><span class="kind">${field.kind}${field.label ? ` · ${field.label}` : ""}</span> ${snippetHtml(hit)}</div>
<div class="meta">in ${hit.snapshots.length} snapshot${hit.snapshots.length === 1 ? "" : "s"}: ${hit.snapshots.slice(0, 6).map((s, i) => html`${i > 0 ? ", " : ""}<a href="${objectHref(s.id, hit.id)}?q=${encodeURIComponent(query)}">${timeTag(s.time)}</a>`)}${hit.snapshots.length > 6 ? " …" : ""}</div>
</div>`;
}

function resultsHtml(r: SearchResult): SafeHtml {
  return html`<p class="meta">${r.total} hit${r.total === 1 ? "" : "s"} in ${r.scope.length} snapshot${r.scope.length === 1 ? "" : "s"}${r.total > r.hits.length ? ` (the best ${r.hits.length} shown)` : ""}</p>
${r.hits.map((h) => hitHtml(h, r.query))}`;
}

/** GET /search?q=WORDS&snapshot=latest|all|ID */
export async function searchView(req: UiRequest): Promise<UiResponse> {
  const q = (req.query.get("q") ?? "").trim();
  const scope = req.query.get("snapshot") ?? "latest";
  const limit = Math.min(200, Math.max(1, Number(req.query.get("limit")) || 50));
  const snapshot = scope === "all" ? undefined : scope;
  const result =
    q === ""
      ? undefined
      : await req.vault.search(q, { all: scope === "all", snapshot, limit, signal: req.signal });
  const body = html`<h1 class="title">Search</h1>
<form action="/search" method="get" class="search-page"><input type="search" name="q" value="${q}" autofocus aria-label="Search words">
<select name="snapshot" aria-label="Search in"><option value="latest"${scope === "latest" ? html` selected` : ""}>latest snapshot</option><option value="all"${scope === "all" ? html` selected` : ""}>all snapshots</option>${scope !== "latest" && scope !== "all" ? html`<option value="${scope}" selected>snapshot ${scope.slice(0, 8)}</option>` : ""}</select>
<button type="submit">Search</button></form>
<p class="meta">Words match whatever their case and accents; the last word also matches as a prefix; "quoted phrases" match in order.</p>
${result ? resultsHtml(result) : ""}`;
  return page(body, {
    title: q ? `Search: ${q}` : "Search",
    query: q,
    snapshot: snapshot && snapshot !== "latest" ? snapshot : undefined,
  });
}
