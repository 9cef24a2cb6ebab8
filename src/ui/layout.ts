// The frame around every page: head, top bar (navigation and search box), main column.
import { formatTimestamp } from "../export/format-date.ts";
import { html, type SafeHtml } from "./html.ts";

/** What the frame needs to know about the page it wraps. */
export interface FrameOptions {
  title: string;
  /** The snapshot being browsed, so the search box can offer "this snapshot". */
  snapshot?: string;
  query?: string;
  wide?: boolean;
}

/** A whole HTML document around `body`. */
export function frame(body: SafeHtml, opts: FrameOptions): string {
  const scope = opts.snapshot
    ? html`<select name="snapshot" aria-label="Search in">
        <option value="${opts.snapshot}">this snapshot</option><option value="latest">latest</option><option value="all">all snapshots</option>
      </select>`
    : html`<select name="snapshot" aria-label="Search in"><option value="latest">latest</option><option value="all">all snapshots</option></select>`;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><link rel="icon" href="data:,">
<title>${opts.title} · nvault</title><link rel="stylesheet" href="/assets/page.css"><link rel="stylesheet" href="/assets/style.css"></head>
<body><header class="top"><a class="brand" href="/">nvault</a>
<nav><a href="/">Timeline</a>${opts.snapshot ? html`<a href="/s/${opts.snapshot}">Workspace</a>` : ""}<a href="/check">Check</a></nav>
<form action="/search" method="get" role="search"><input type="search" name="q" placeholder="Search pages…" value="${opts.query ?? ""}" aria-label="Search">${scope}<button type="submit">Search</button></form>
</header>
<main${opts.wide ? html` class="wide"` : ""}>${body}</main>
<script src="/assets/app.js" defer></script></body></html>`.value;
}

/** A short relative description of an ISO time, with the exact time in a <time> element. */
export function timeTag(iso: string | undefined): SafeHtml {
  if (!iso) return html``;
  const d = new Date(iso);
  const text = Number.isNaN(d.getTime()) ? iso : formatTimestamp(d.toISOString(), { seconds: true });
  return html`<time datetime="${iso}">${text}</time>`;
}
