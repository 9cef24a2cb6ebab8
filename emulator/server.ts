// The emulator's HTTP server: authentication, version check, rate limit, faults, routing, answers.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { invalidUrl, NotionError } from "./errors.ts";
import { BAD_GATEWAY_HTML, FaultInjector, type FaultOptions, faultError } from "./faults.ts";
import { FileSigner, renderHostedFiles, serveHostedFile } from "./files.ts";
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimitOptions } from "./rate-limit.ts";
import { RequestLog } from "./request-log.ts";
import { matchRoute, type RequestContext, type Route } from "./router.ts";
import { normalizeId, Workspace } from "./workspace.ts";

/** The Notion-Version the emulator implements (the default of @notionhq/client v5). */
export const NOTION_VERSION = "2025-09-03";

/** Settings that may change while the emulator runs (tests and the CLI mutate them in place). */
export interface EmulatorRuntimeOptions {
  /** Token bucket per bearer token, or false for no limit. */
  rateLimit: RateLimitOptions | false;
  /** Random faults for the run (none when undefined). */
  faults: FaultOptions | undefined;
  /** How long a signed hosted-file URL stays valid, in ms. */
  fileUrlTtlMs: number;
  /** The Notion-Version values accepted; others answer 400. */
  notionVersions: string[];
}

/** How to start an emulator. */
export interface EmulatorOptions extends Partial<EmulatorRuntimeOptions> {
  workspace?: Workspace;
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  host?: string;
}

/** A running emulator. */
export interface Emulator {
  /** Base URL to give the SDK as `baseUrl`, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  ws: Workspace;
  log: RequestLog;
  options: EmulatorRuntimeOptions;
  /** Targeted faults: `emulator.faults.injectNext("pages.retrieve", 2, 503)`. */
  faults: FaultInjector;
  rateLimiter: RateLimiter;
  close(): Promise<void>;
}

/** Largest request body read (a 20 MB part plus form overhead fits). */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Starts a server answering `routes` over the workspace. */
export async function startServer(routes: readonly Route[], opts: EmulatorOptions = {}): Promise<Emulator> {
  const ws = opts.workspace ?? new Workspace();
  const options: EmulatorRuntimeOptions = {
    rateLimit: opts.rateLimit === undefined ? { ...DEFAULT_RATE_LIMIT } : opts.rateLimit,
    faults: opts.faults,
    fileUrlTtlMs: opts.fileUrlTtlMs ?? 3_600_000,
    notionVersions: opts.notionVersions ?? [NOTION_VERSION],
  };
  const log = new RequestLog();
  const faults = new FaultInjector(() => options.faults);
  const rateLimiter = new RateLimiter(() => options.rateLimit);
  const signer = new FileSigner();
  const state = { ws, log, options, faults, rateLimiter, signer, routes, baseUrl: "" };

  const server = createServer((req, res) => {
    handle(state, req, res).catch((err) => {
      log.recordInternalError(err);
      if (!res.headersSent) res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  state.baseUrl = `http://${opts.host ?? "127.0.0.1"}:${port}`;
  return {
    url: state.baseUrl,
    port,
    ws,
    log,
    options,
    faults,
    rateLimiter,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

type State = {
  ws: Workspace;
  log: RequestLog;
  options: EmulatorRuntimeOptions;
  faults: FaultInjector;
  rateLimiter: RateLimiter;
  signer: FileSigner;
  routes: readonly Route[];
  baseUrl: string;
};

async function handle(s: State, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", s.baseUrl);
  const method = (req.method ?? "GET").toUpperCase();
  if ((method === "GET" || method === "HEAD") && url.pathname.startsWith("/files/")) {
    const plan = s.faults.decide("files.download", false);
    if (await playFault(s, plan, "files.download", req, res)) return;
    const status = serveHostedFile(s, url, method, res);
    s.log.record("files.download", status);
    return;
  }

  const found = matchRoute(s.routes, method, url.pathname);
  const endpoint = "route" in found ? found.route.name : "unknown";
  const named =
    "route" in found ? (Object.values(found.params)[0] ?? url.searchParams.get("block_id")) : null;
  const target = named ? normalizeId(named) : undefined;
  const answer = (status: number, body: object, headers: Record<string, string> = {}) => {
    s.log.record(endpoint, status, target);
    sendJson(s, res, status, body, headers);
  };
  const fail = (err: NotionError) => answer(err.status, errorBody(err), err.headers);

  const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1]?.trim();
  const integration = token ? s.ws.integrations.get(token) : undefined;
  if (!integration || !token) return fail(new NotionError(401, "unauthorized", "API token is invalid."));
  const version = req.headers["notion-version"];
  if (typeof version !== "string" || version === "") {
    return fail(
      new NotionError(
        400,
        "missing_version",
        "Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.",
      ),
    );
  }
  if (!s.options.notionVersions.includes(version)) {
    const allowed = s.options.notionVersions.map((v) => `"${v}"`).join(", ");
    return fail(
      new NotionError(
        400,
        "validation_error",
        `Notion-Version header failed validation: Notion-Version header should be one of ${allowed}, instead was \`"${version}"\`.`,
      ),
    );
  }
  const budget = s.rateLimiter.take(token);
  if (!budget.ok) {
    const err = faultError(429);
    return fail(
      new NotionError(429, err.code, err.message, undefined, {
        "Retry-After": String(budget.retryAfterSeconds),
      }),
    );
  }

  const rawBody = await readBody(req);
  if (rawBody === undefined) return fail(new NotionError(413, "validation_error", "Request body too large."));
  if (!("route" in found)) return fail(invalidUrl());

  const plan = s.faults.decide(endpoint);
  if (await playFault(s, plan, endpoint, req, res)) return;

  let body: Record<string, unknown> = {};
  const contentType = req.headers["content-type"] ?? "";
  if (rawBody.length > 0 && !contentType.startsWith("multipart/form-data")) {
    try {
      body = JSON.parse(rawBody.toString("utf8"));
    } catch {
      return fail(new NotionError(400, "invalid_json", "Error parsing JSON body."));
    }
    if (!body || typeof body !== "object" || Array.isArray(body)) {
      return fail(
        new NotionError(
          400,
          "validation_error",
          `body failed validation: body should be an object, instead was \`${JSON.stringify(body)}\`.`,
        ),
      );
    }
  }

  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(found.params)) params[k] = k === "property_id" ? v : normalizeId(v);
  const ctx: RequestContext = {
    method,
    path: url.pathname,
    params,
    query: url.searchParams,
    body,
    rawBody,
    headers: req.headers,
    integration,
    ws: s.ws,
    baseUrl: s.baseUrl,
  };
  let result: unknown;
  try {
    result = await found.route.handler(ctx);
  } catch (err) {
    if (err instanceof NotionError) return fail(err);
    s.log.recordInternalError(err);
    return fail(new NotionError(500, "internal_server_error", "Unexpected error occurred."));
  }
  if (plan.fault === "drop-after") {
    s.log.record(endpoint, "dropped");
    req.socket.destroy();
    return;
  }
  answer(200, (result ?? {}) as object);
}

/** Plays the fault of a plan; true when it answered (or dropped) the request itself. */
async function playFault(
  s: State,
  plan: { fault?: string | number; delayMs: number },
  endpoint: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  if (plan.delayMs > 0) await new Promise((r) => setTimeout(r, plan.delayMs));
  if (plan.fault === undefined || plan.fault === "drop-after") return false;
  if (plan.fault === "drop") {
    s.log.record(endpoint, "dropped");
    req.socket.destroy();
    return true;
  }
  const err = faultError(Number(plan.fault));
  s.log.record(endpoint, err.status);
  if (err.code === "bad_gateway") {
    res.writeHead(502, {
      "Content-Type": "text/html",
      "Content-Length": Buffer.byteLength(BAD_GATEWAY_HTML),
    });
    res.end(BAD_GATEWAY_HTML);
  } else sendJson(s, res, err.status, errorBody(err), err.headers);
  return true;
}

/** Notion's error envelope (request_id is added when sending). */
function errorBody(err: NotionError): object {
  return {
    object: "error",
    status: err.status,
    code: err.code,
    message: err.message,
    ...(err.additionalData ? { additional_data: err.additionalData } : {}),
  };
}

/** The one place answers are serialized: hosted files get signed URLs, every body a request_id. */
function sendJson(
  s: State,
  res: ServerResponse,
  status: number,
  body: object,
  headers: Record<string, string>,
): void {
  const rendered = renderHostedFiles(body, {
    ws: s.ws,
    signer: s.signer,
    baseUrl: s.baseUrl,
    ttlMs: s.options.fileUrlTtlMs,
    now: s.ws.now().getTime(),
  }) as object;
  const text = JSON.stringify({ ...rendered, request_id: randomUUID() });
  res.writeHead(status, {
    ...headers,
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** The whole request body, or undefined when it is larger than the emulator accepts. */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
