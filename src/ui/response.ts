// The shape every UI route returns, and the few kinds of response the routes build.

import { html, type SafeHtml } from "./html.ts";
import { frame } from "./layout.ts";
import type { UiVault } from "./vault.ts";

/** A request as routes see it: decoded path parameters, query, an abort signal and the store. */
export interface UiRequest {
  path: string;
  query: URLSearchParams;
  params: string[];
  signal: AbortSignal;
  vault: UiVault;
}

/** What a route answers. */
export interface UiResponse {
  status: number;
  type: string;
  body: string | Uint8Array;
  headers?: Record<string, string>;
}

/** A UI route handler. */
export type Handler = (req: UiRequest) => Promise<UiResponse>;

/** An HTML page in the UI's frame. */
export function page(
  body: SafeHtml,
  opts: { title: string; snapshot?: string; query?: string; wide?: boolean; status?: number },
): UiResponse {
  return { status: opts.status ?? 200, type: "text/html; charset=utf-8", body: frame(body, opts) };
}

/** A JSON document (each page has a JSON twin for scripts: add ?format=json). */
export function json(value: unknown, status = 200): UiResponse {
  return { status, type: "application/json; charset=utf-8", body: JSON.stringify(value, null, 2) };
}

/** A redirect to a path of this server. */
export function redirect(location: string, status = 303): UiResponse {
  return { status, type: "text/plain; charset=utf-8", body: "", headers: { location } };
}

/** An error page. */
export function errorPage(status: number, message: string): UiResponse {
  const titles: Record<number, string> = {
    400: "Bad request",
    401: "Access token required",
    404: "Not found",
  };
  const title = titles[status] ?? "Error";
  return page(
    html`<h1 class="title">${title}</h1><p class="error">${message}</p><p><a href="/">Back to the timeline</a></p>`,
    {
      title,
      status,
    },
  );
}
