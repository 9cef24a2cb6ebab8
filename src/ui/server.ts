// The UI's HTTP server: access control, security headers, routing; read-only, and it never talks to Notion.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { StoreError } from "../store/errors.ts";
import type { Repository } from "../store/repository.ts";
import {
  hostAllowed,
  isLoopback,
  newAccessToken,
  presentedToken,
  sameSecret,
  TOKEN_COOKIE,
} from "./access.ts";
import { CSP } from "./csp.ts";
import { errorPage, type UiResponse } from "./response.ts";
import { route } from "./routes.ts";
import { UiVault } from "./vault.ts";

/** Options of `startUiServer`. */
export interface UiServerOptions {
  repo: Repository;
  /** Address to bind (default 127.0.0.1). Anything but loopback requires the access token. */
  host?: string;
  /** Port (default 0: any free port). */
  port?: number;
  /** The access token to require; generated when needed and not given. */
  token?: string;
  /** Require the token even on loopback (e.g. on a shared machine). */
  requireToken?: boolean;
  /** Where the (encrypted) search index is cached; false keeps it in memory. Default: the store's cache. */
  searchCacheDir?: string | false;
}

/** A running UI server. */
export interface UiServer {
  /** The address to open (without the token). */
  url: string;
  host: string;
  port: number;
  /** The access token when one is required (print it once; never log it elsewhere). */
  token?: string;
  close(): Promise<void>;
}

function securityHeaders(res: ServerResponse): void {
  res.setHeader("content-security-policy", CSP);
  res.setHeader("x-content-type-options", "nosniff");
  res.setHeader("x-frame-options", "DENY");
  res.setHeader("referrer-policy", "no-referrer");
  res.setHeader("cross-origin-opener-policy", "same-origin");
  res.setHeader("cross-origin-resource-policy", "same-origin");
  res.setHeader("cache-control", "no-store");
}

function send(res: ServerResponse, r: UiResponse, head: boolean): void {
  res.statusCode = r.status;
  res.setHeader("content-type", r.type);
  for (const [k, v] of Object.entries(r.headers ?? {})) res.setHeader(k, v);
  const body = typeof r.body === "string" ? Buffer.from(r.body) : r.body;
  res.setHeader("content-length", body.byteLength);
  res.end(head ? undefined : body);
}

function statusOf(err: unknown): { status: number; message: string } {
  if (err instanceof StoreError) {
    if (err.code === "not_found") return { status: 404, message: err.message };
    if (err.code === "invalid_argument") return { status: 400, message: err.message };
    if (err.code === "integrity") return { status: 500, message: `integrity failure: ${err.message}` };
  }
  return { status: 500, message: err instanceof Error ? err.message : String(err) };
}

/** Starts the UI over an opened store. */
export async function startUiServer(opts: UiServerOptions): Promise<UiServer> {
  const bind = opts.host ?? "127.0.0.1";
  const token = opts.token ?? (opts.requireToken || !isLoopback(bind) ? newAccessToken() : undefined);
  const vault = new UiVault(opts.repo, opts.searchCacheDir);
  let port = opts.port ?? 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    securityHeaders(res);
    const head = req.method === "HEAD";
    if (!hostAllowed(req.headers.host, bind, port)) {
      return send(
        res,
        { status: 421, type: "text/plain; charset=utf-8", body: "unexpected Host header\n" },
        head,
      );
    }
    const url = new URL(req.url ?? "/", "http://ui.invalid");
    if (token !== undefined) {
      const given = url.searchParams.get("token");
      if (given !== null && sameSecret(given, token)) {
        // Trade the token in the address for a cookie, and drop it from the address bar and history
        // (leading slashes collapsed: "//host" would redirect off this server).
        url.searchParams.delete("token");
        res.setHeader(
          "set-cookie",
          `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`,
        );
        return send(
          res,
          {
            status: 303,
            type: "text/plain; charset=utf-8",
            body: "",
            headers: { location: url.pathname.replace(/^\/+/, "/") + url.search },
          },
          head,
        );
      }
      const presented = presentedToken(req);
      if (presented === undefined || !sameSecret(presented, token)) {
        return send(
          res,
          errorPage(401, "Open the address printed by `nvault ui`, which carries the access token."),
          head,
        );
      }
    }
    if (req.method !== "GET" && !head) {
      return send(
        res,
        {
          status: 405,
          type: "text/plain; charset=utf-8",
          body: "read-only\n",
          headers: { allow: "GET, HEAD" },
        },
        head,
      );
    }
    const abort = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) abort.abort();
    });
    let response: UiResponse;
    try {
      response = await route(url, vault, abort.signal);
    } catch (err) {
      const { status, message } = statusOf(err);
      response = errorPage(status, message);
    }
    if (!res.destroyed) send(res, response, head);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) send(res, errorPage(500, String(err)), false);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, bind, () => {
      server.off("error", reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const shown = bind.includes(":") ? `[${bind}]` : bind === "0.0.0.0" ? "127.0.0.1" : bind;
  return {
    url: `http://${shown}:${port}/`,
    host: bind,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
