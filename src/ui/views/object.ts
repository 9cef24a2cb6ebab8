// One object of a snapshot: a page rendered as Notion shows it, or a database / data source as tables.
import { iconText } from "../../export/block-tree.ts";
import { typeName } from "../../inspect/type-name.ts";
import type { WorkspaceSnapshot } from "../../notion/snapshot-reader.ts";
import { html, type SafeHtml } from "../html.ts";
import { timeTag } from "../layout.ts";
import { objectBodyHtml, objectHref } from "../render.ts";
import { page, type UiRequest, type UiResponse } from "../response.ts";
import { snapshotHeader } from "./tree.ts";

/** An object type as a label ("Data source"). */
function label(type: string): string {
  const t = typeName(type);
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** The object's ancestors as links, outermost first. */
export function breadcrumbs(reader: WorkspaceSnapshot, id: string): SafeHtml {
  const chain: string[] = [];
  for (
    let p = reader.entry(id)?.parent;
    p && reader.entry(p) && !chain.includes(p);
    p = reader.entry(p)?.parent
  ) {
    chain.unshift(p);
  }
  return html`${chain.map((p) => html` / <a href="${objectHref(reader.snapshot.id, p)}">${reader.entry(p)!.title || "Untitled"}</a>`)}`;
}

/** The header of an object's views: crumbs, title, facts, actions. */
export function objectHeader(
  reader: WorkspaceSnapshot,
  id: string,
  current: "page" | "history",
  icon = "",
): SafeHtml {
  const e = reader.entry(id)!;
  const snap = reader.snapshot.id;
  const base = objectHref(snap, id);
  const subtree = reader.childrenOf(id).length > 0;
  const download = (format: string, label: string) =>
    html`<a href="${base}/download?format=${format}" download>${label}</a>${subtree ? html`<a href="${base}/download?format=${format}&amp;subtree=1" download>${label} + subpages</a>` : ""}`;
  return html`${snapshotHeader(reader)}<div class="crumbs">${breadcrumbs(reader, id)}</div>
${icon ? html`<div class="icon" aria-hidden="true">${icon}</div>` : ""}<h1 class="title" data-object="${id}">${e.title || "Untitled"}</h1>
<p class="meta">${label(e.type)} · last edited ${timeTag(e.last_edited_time)} · <code>${id}</code></p>
<div class="actions">${current === "page" ? html`<a href="${base}/history">History</a>` : html`<a href="${base}">Back to the page</a>`}
${download("md", "Markdown")}${download("html", "HTML")}${download("json", "JSON")}</div>
<details class="restore-hint"><summary>Restore this version</summary>
<p>To files: <code>nvault restore ${snap.slice(0, 8)}:${id} --to ./restored</code><br>
Into Notion, under a page you choose: <code>nvault restore ${snap.slice(0, 8)}:${id} --to-notion PARENT_PAGE_ID</code></p></details>`;
}

/** GET /s/:snapshot/p/:id — the object rendered. */
export async function objectView(req: UiRequest): Promise<UiResponse> {
  const reader = await req.vault.reader(req.params[0]!, req.signal);
  const id = reader.require(req.params[1]!);
  const e = reader.entry(id)!;
  const children = reader.childrenOf(id).filter((c) => reader.entry(c)?.type !== "row");
  const isPage = e.type === "page" || e.type === "row" || e.type === "template";
  const icon = isPage ? iconText((await reader.page(id, req.signal)).icon) : "";
  const body = html`${objectHeader(reader, id, "page", icon)}
<article class="page-body">${await objectBodyHtml(reader, id, req.signal)}</article>
${
  children.length > 0
    ? html`<h3>Inside</h3><ul class="tree">${children.map((c) => html`<li><a href="${objectHref(reader.snapshot.id, c)}">${reader.entry(c)!.title || "Untitled"}</a><span class="kind">${label(reader.entry(c)!.type)}</span></li>`)}</ul>`
    : ""
}`;
  return page(body, {
    title: e.title || "Untitled",
    snapshot: reader.snapshot.id,
    wide: e.type !== "page" && e.type !== "row",
  });
}
