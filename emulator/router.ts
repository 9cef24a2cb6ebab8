// Routes: how an endpoint module declares what it answers, and what a handler receives.
import type { IncomingHttpHeaders } from "node:http";
import type { Integration, NotionObject, Workspace } from "./workspace.ts";

/** Everything a handler needs about one authenticated request. */
export interface RequestContext {
  method: string;
  path: string;
  /** Path parameters, e.g. `{ id }` for `/v1/pages/:id` (ids normalized to the dashed form). */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body (an empty object when there is none or it is multipart). */
  body: NotionObject;
  rawBody: Buffer;
  headers: IncomingHttpHeaders;
  integration: Integration;
  ws: Workspace;
  /** The emulator's own base URL (for signed file URLs and upload URLs). */
  baseUrl: string;
}

/** A handler returns the JSON body of a 200 answer, or throws a NotionError. */
export type Handler = (ctx: RequestContext) => unknown | Promise<unknown>;

/** One endpoint: its method, path pattern (`:name` segments) and the name counted in the request log. */
export interface Route {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  /** Endpoint name as the SDK calls it, e.g. "pages.retrieve". */
  name: string;
  handler: Handler;
}

/** Finds the route for a request and extracts its parameters. */
export function matchRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | { methodMismatch: boolean } {
  const parts = path.split("/").filter(Boolean);
  let methodMismatch = false;
  for (const route of routes) {
    const pattern = route.path.split("/").filter(Boolean);
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < pattern.length && ok; i++) {
      const seg = pattern[i]!;
      const part = parts[i]!;
      if (seg.startsWith(":")) params[seg.slice(1)] = decodeURIComponent(part);
      else ok = seg === part;
    }
    if (!ok) continue;
    if (route.method !== method) {
      methodMismatch = true;
      continue;
    }
    return { route, params };
  }
  return { methodMismatch };
}
