// Which recorded interactions the conformance suite replays, and the stated reason for each it skips.
import type { Interaction } from "./fixtures.ts";

/** The Notion-Version the emulator implements. */
export const EMULATED_VERSION = "2025-09-03";

/** Endpoints outside the emulator's scope (issue 2 lists what backup and restore need). */
const OUT_OF_SCOPE: Array<{ method: string; path: RegExp; why: string }> = [
  {
    method: "*",
    path: /^\/v1\/pages\/[^/]+\/markdown$/,
    why: "markdown endpoints (a lossy view, not used by backup/restore)",
  },
  { method: "*", path: /^\/v1\/custom_emojis/, why: "custom emojis endpoint (not needed by backup/restore)" },
  { method: "*", path: /^\/v1\/async_tasks/, why: "async tasks (only the markdown endpoints create them)" },
  { method: "*", path: /^\/v1\/oauth/, why: "OAuth endpoints (public integrations only)" },
  {
    method: "POST",
    path: /^\/v1\/views/,
    why: "views create and view queries (the emulator lists and retrieves views only)",
  },
  {
    method: "PATCH",
    path: /^\/v1\/views/,
    why: "views update (the emulator lists and retrieves views only)",
  },
  {
    method: "DELETE",
    path: /^\/v1\/views/,
    why: "views delete (the emulator lists and retrieves views only)",
  },
  {
    method: "GET",
    path: /^\/v1\/views\/[^/]+\/queries/,
    why: "view query results (the emulator lists and retrieves views only)",
  },
  {
    method: "PATCH",
    path: /^\/v1\/comments\/[^/]+$/,
    why: "comments update (a 2026 addition outside the emulator's scope)",
  },
  {
    method: "DELETE",
    path: /^\/v1\/comments\/[^/]+$/,
    why: "comments delete (a 2026 addition outside the emulator's scope)",
  },
];

/**
 * Whether the recorded answer shows the API at the emulated version: 2026-03-11 answers and
 * answers recorded before 2025-09-03 must not teach the comparator which keys are acceptable.
 */
export function isEmulatedVersionAnswer(it: Interaction): boolean {
  return it.request.headers["notion-version"] === EMULATED_VERSION && !predatesVersion(it.response.body);
}

function predatesVersion(body: unknown): boolean {
  const res = body as { object?: unknown; properties?: unknown; data_sources?: unknown } | null;
  return res?.object === "database" && res.properties !== undefined && res.data_sources === undefined;
}

/** Why an interaction is not replayed, or undefined when it is. */
export function skipReason(it: Interaction): string | undefined {
  const req = it.request;
  if (it.host !== "api.notion.com") return `not a Notion API request (the SDK's own test against ${it.host})`;
  const version = req.headers["notion-version"];
  if (version !== EMULATED_VERSION) {
    return `Notion-Version ${version ?? "(none)"}: the emulator implements ${EMULATED_VERSION} only`;
  }
  for (const rule of OUT_OF_SCOPE) {
    if ((rule.method === "*" || rule.method === req.method) && rule.path.test(req.path))
      return `out of scope: ${rule.why}`;
  }
  const body = req.body as any;
  if (req.path === "/v1/pages" && req.method === "POST" && (body?.template || body?.markdown)) {
    return `out of scope: page creation from ${body.template ? "a data-source template" : "markdown"}`;
  }
  if (Array.isArray(body?.children) && body.children.some((c: { type?: string }) => c?.type === "template")) {
    return "template blocks cannot be created since 2023-03-27; this recording predates the deprecation";
  }
  const res = it.response.body as any;
  if (predatesVersion(res)) {
    return "answer recorded under an API version before 2025-09-03 (a database with properties, no data_sources)";
  }
  if (res?.object === "error" && res.status >= 500) return "recorded a transient server error";
  return undefined;
}
