// A snapshot's workspace tree: pages, databases, data sources and rows nested as in Notion.
import { typeName } from "../../inspect/type-name.ts";
import type { WorkspaceSnapshot } from "../../notion/snapshot-reader.ts";
import { html, type SafeHtml } from "../html.ts";
import { timeTag } from "../layout.ts";
import { objectHref } from "../render.ts";
import { page, type UiRequest, type UiResponse } from "../response.ts";

function node(reader: WorkspaceSnapshot, id: string, depth: number): SafeHtml {
  const e = reader.entry(id)!;
  const link = html`<a href="${objectHref(reader.snapshot.id, id)}">${e.title || "Untitled"}</a><span class="kind">${typeName(e.type)}</span>`;
  const children = reader.childrenOf(id);
  if (children.length === 0) return html`<li>${link}</li>`;
  // Rows can be thousands: keep databases folded below the first levels.
  const open = depth < 2 && e.type !== "data_source";
  return html`<li><details${open ? html` open` : ""}><summary>${link} <span class="kind">(${children.length})</span></summary>
<ul>${children.map((c) => node(reader, c, depth + 1))}</ul></details></li>`;
}

/** The header every view of one snapshot shows. */
export function snapshotHeader(reader: WorkspaceSnapshot): SafeHtml {
  const m = reader.snapshot.manifest;
  return html`<div class="crumbs"><a href="/">Snapshots</a> / <a href="/s/${reader.snapshot.id}">${m.meta?.workspace_name ?? "Workspace"} · ${timeTag(m.time)}</a></div>`;
}

/** GET /s/:snapshot — the workspace tree. */
export async function treeView(req: UiRequest): Promise<UiResponse> {
  const reader = await req.vault.reader(req.params[0]!, req.signal);
  const s = reader.snapshot;
  const roots = reader.roots();
  const body = html`${snapshotHeader(reader)}
<h1 class="title">${s.manifest.meta?.workspace_name ?? "Workspace"}</h1>
<p class="meta">Snapshot <code>${s.id.slice(0, 8)}</code> taken ${timeTag(s.manifest.time)} · ${reader.ids().length} objects${s.manifest.tags.length ? ` · tags ${s.manifest.tags.join(", ")}` : ""}</p>
<div class="actions"><a href="/s/${s.id}/report">Backup report</a><a href="/search?snapshot=${s.id}">Search this snapshot</a></div>
<input type="search" class="filter hidden" data-filter-tree placeholder="Filter the tree…" aria-label="Filter the tree">
<ul class="tree">${roots.map((id) => node(reader, id, 0))}</ul>`;
  return page(body, { title: s.manifest.meta?.workspace_name ?? "Workspace", snapshot: s.id });
}
