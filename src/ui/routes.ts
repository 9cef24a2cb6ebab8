// The UI's addresses: each pattern and the view that answers it.

import { PAGE_CSS } from "../export/html-style.ts";
import { APP_JS } from "./assets/app.ts";
import { STYLE_CSS } from "./assets/style.ts";
import { errorPage, type Handler, type UiResponse } from "./response.ts";
import type { UiVault } from "./vault.ts";
import { checkView } from "./views/check.ts";
import { downloadView } from "./views/download.ts";
import { fileView } from "./views/file.ts";
import { changesView, historyView, pageDiffView } from "./views/history.ts";
import { objectView } from "./views/object.ts";
import { reportView } from "./views/report.ts";
import { searchView } from "./views/search.ts";
import { timelineView } from "./views/timeline.ts";
import { treeView } from "./views/tree.ts";

const asset =
  (type: string, body: string): Handler =>
  async () => ({ status: 200, type, body, headers: { "cache-control": "no-cache" } });

const SNAP = "(latest(?:~\\d*)?|[0-9a-f]{4,64})";
const ID = "([0-9a-f]{32}|[0-9a-f-]{36})";

const routes: Array<[RegExp, Handler]> = [
  [/^\/$/, timelineView],
  [/^\/assets\/style\.css$/, asset("text/css; charset=utf-8", STYLE_CSS)],
  [/^\/assets\/page\.css$/, asset("text/css; charset=utf-8", PAGE_CSS)],
  [/^\/assets\/app\.js$/, asset("text/javascript; charset=utf-8", APP_JS)],
  [/^\/check$/, checkView],
  [/^\/search$/, searchView],
  [new RegExp(`^/s/${SNAP}$`), treeView],
  [new RegExp(`^/s/${SNAP}/report$`), reportView],
  [new RegExp(`^/s/${SNAP}/file$`), fileView],
  [new RegExp(`^/s/${SNAP}/changes$`), changesView],
  [new RegExp(`^/s/${SNAP}/p/${ID}$`), objectView],
  [new RegExp(`^/s/${SNAP}/p/${ID}/history$`), historyView],
  [new RegExp(`^/s/${SNAP}/p/${ID}/diff$`), pageDiffView],
  [new RegExp(`^/s/${SNAP}/p/${ID}/download$`), downloadView],
];

/** Answers one GET request (the server has already checked access). */
export async function route(url: URL, vault: UiVault, signal: AbortSignal): Promise<UiResponse> {
  const path = url.pathname;
  for (const [pattern, handler] of routes) {
    const m = pattern.exec(path);
    if (m) return handler({ path, query: url.searchParams, params: m.slice(1), signal, vault });
  }
  return errorPage(404, "There is nothing at this address.");
}
