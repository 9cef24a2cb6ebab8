// Readers for the recorded Notion traffic: hkob curl scripts + JSON answers, ramnes vcrpy cassettes.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";

/** Where the recordings live: ../shared/fixtures/notion-api relative to the repository root. */
export const FIXTURES_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "shared",
  "fixtures",
  "notion-api",
);

/** One recorded HTTP request, decoded enough to be replayed. */
export interface RecordedRequest {
  method: string;
  /** Path without the query, e.g. `/v1/pages/abc`. */
  path: string;
  /** Query string without the leading `?` ("" when none), kept raw so repeated keys survive. */
  query: string;
  /** Lower-cased header names; the recorded credentials are never kept. */
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined when the request had none (or was multipart). */
  body?: unknown;
  /** Multipart form fields (`-F name=@file` or a cassette's form-data body). */
  form?: Array<{ name: string; filename?: string; contentType?: string; content: string }>;
}

/** What the real API answered. */
export interface RecordedResponse {
  status: number;
  /** Parsed JSON body (undefined when the answer was not JSON). */
  body: unknown;
}

/** One request and its recorded answer. */
export interface Interaction {
  /** Stable label: `<set>/<fixture>` plus `#n` for the n-th interaction of a cassette. */
  label: string;
  request: RecordedRequest;
  response: RecordedResponse;
  /** The full recorded URL's host, so non-Notion hosts can be told apart. */
  host: string;
}

/** A replay unit: interactions that must run in order because later ones use ids earlier ones made. */
export interface Scenario {
  set: "hkob" | "ramnes";
  name: string;
  interactions: Interaction[];
}

/** Splits a shell script into words, honouring quotes, `\` line continuations and `"$VAR"` expansions. */
export function shellWords(script: string): string[] {
  const words: string[] = [];
  let cur = "";
  let inWord = false;
  for (let i = 0; i < script.length; i++) {
    const c = script[i]!;
    if (c === "\\" && script[i + 1] === "\n") {
      i++;
      continue;
    }
    if (c === "#" && !inWord) {
      while (i < script.length && script[i] !== "\n") i++;
      continue;
    }
    if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = "";
      inWord = false;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = script.indexOf("'", i + 1);
      cur += script.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? script.length : end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < script.length && script[j] !== '"'; j++) {
        if (script[j] === "\\" && j + 1 < script.length) cur += script[++j];
        // The token variable's value must never be replayed or printed.
        else if (script[j] === "$") {
          const m = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/.exec(script.slice(j));
          cur += m ? `$${m[1]}` : "$";
          j += m ? m[0].length - 1 : 0;
        } else cur += script[j];
      }
      i = j;
    } else if (c === "\\") cur += script[++i] ?? "";
    else cur += c;
  }
  if (inWord) words.push(cur);
  return words;
}

/** Decodes a curl command line (as the hkob scripts write it) into a request. */
export function parseCurl(script: string): RecordedRequest & { url: string } {
  const words = shellWords(script);
  const start = words.indexOf("curl");
  if (start < 0) throw new Error("no curl command in script");
  let method: string | undefined;
  let url = "";
  let data: string | undefined;
  const headers: Record<string, string> = {};
  const form: NonNullable<RecordedRequest["form"]> = [];
  for (let i = start + 1; i < words.length; i++) {
    const w = words[i]!;
    const next = () => words[++i] ?? "";
    if (w === "-X" || w === "--request") method = next().toUpperCase();
    else if (w === "--url") url = next();
    else if (w === "-H" || w === "--header") {
      const h = next();
      const colon = h.indexOf(":");
      if (colon > 0) headers[h.slice(0, colon).trim().toLowerCase()] = h.slice(colon + 1).trim();
    } else if (w === "-d" || w === "--data" || w === "--data-raw" || w === "--data-binary") data = next();
    else if (w === "-F" || w === "--form") {
      const f = next();
      const eq = f.indexOf("=");
      const value = f.slice(eq + 1);
      if (value.startsWith("@")) form.push({ name: f.slice(0, eq), filename: value.slice(1), content: "" });
      else form.push({ name: f.slice(0, eq), content: value });
    } else if (!w.startsWith("-") && url === "") url = w;
  }
  delete headers.authorization;
  const u = new URL(url);
  return {
    url,
    method: method ?? (data !== undefined || form.length > 0 ? "POST" : "GET"),
    path: u.pathname,
    query: u.search.replace(/^\?/, ""),
    headers,
    ...(data !== undefined && data !== "" ? { body: JSON.parse(data) } : {}),
    ...(form.length ? { form } : {}),
  };
}

function tryJson(text: string | undefined): unknown {
  if (text === undefined || text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The status of a hkob answer: the scripts keep no status line, but error bodies carry theirs. */
function statusOf(body: unknown): number {
  const b = body as { object?: unknown; status?: unknown } | null;
  return b && b.object === "error" && typeof b.status === "number" ? b.status : 200;
}

/** Reads every hkob `NAME.sh` + `NAME.json` pair (a `.json` without a script is no interaction). */
export function readHkob(dir = join(FIXTURES_DIR, "hkob-notion_ruby_mapping")): Scenario[] {
  const scenarios: Scenario[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith(".sh")) continue;
    const name = file.slice(0, -3);
    const answer = join(dir, `${name}.json`);
    if (!existsSync(answer)) continue;
    const { url, ...request } = parseCurl(readFileSync(join(dir, file), "utf8"));
    const body = tryJson(readFileSync(answer, "utf8"));
    scenarios.push({
      set: "hkob",
      name,
      interactions: [
        {
          label: `hkob/${name}`,
          request,
          response: { status: statusOf(body), body },
          host: new URL(url).host,
        },
      ],
    });
  }
  return scenarios;
}

/** Decodes a multipart/form-data body as a cassette stores it. */
function parseMultipart(body: string, contentType: string): NonNullable<RecordedRequest["form"]> {
  const boundary = /boundary=([^;]+)/.exec(contentType)?.[1];
  if (!boundary) return [];
  const parts: NonNullable<RecordedRequest["form"]> = [];
  for (const chunk of body.split(`--${boundary}`)) {
    const sep = chunk.indexOf("\r\n\r\n");
    if (sep < 0) continue;
    const head = chunk.slice(0, sep);
    const name = /name="([^"]*)"/.exec(head)?.[1];
    if (name === undefined) continue;
    const filename = /filename="([^"]*)"/.exec(head)?.[1];
    const partType = /Content-Type:\s*(\S+)/i.exec(head)?.[1];
    parts.push({
      name,
      ...(filename !== undefined ? { filename } : {}),
      ...(partType !== undefined ? { contentType: partType } : {}),
      content: chunk.slice(sep + 4).replace(/\r\n$/, ""),
    });
  }
  return parts;
}

interface Cassette {
  interactions: Array<{
    request: { method: string; uri: string; body?: unknown; headers?: Record<string, string[]> };
    response: { status: { code: number }; body?: { string?: string } };
  }>;
}

/** Reads every ramnes vcrpy cassette; each cassette is one ordered scenario. */
export function readRamnes(dir = join(FIXTURES_DIR, "ramnes-notion-sdk-py")): Scenario[] {
  const scenarios: Scenario[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith(".yaml")) continue;
    const name = file.slice(0, -5);
    const cassette = parseYaml(readFileSync(join(dir, file), "utf8")) as Cassette;
    const interactions = cassette.interactions.map((it, n): Interaction => {
      const u = new URL(it.request.uri);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(it.request.headers ?? {})) headers[k.toLowerCase()] = v[0] ?? "";
      delete headers.authorization;
      const raw = typeof it.request.body === "string" ? it.request.body : "";
      const contentType = headers["content-type"] ?? "";
      const request: RecordedRequest = {
        method: it.request.method.toUpperCase(),
        path: u.pathname,
        query: u.search.replace(/^\?/, ""),
        headers,
      };
      if (contentType.startsWith("multipart/form-data")) request.form = parseMultipart(raw, contentType);
      else if (raw !== "") request.body = tryJson(raw);
      return {
        label: `ramnes/${name}#${n + 1}`,
        request,
        response: { status: it.response.status.code, body: tryJson(it.response.body?.string) },
        host: u.host,
      };
    });
    scenarios.push({ set: "ramnes", name, interactions });
  }
  return scenarios;
}

/** Both sets, or an empty list when the recordings are absent. */
export function readAllScenarios(dir = FIXTURES_DIR): Scenario[] {
  if (!existsSync(dir)) return [];
  return [
    ...readHkob(join(dir, "hkob-notion_ruby_mapping")),
    ...readRamnes(join(dir, "ramnes-notion-sdk-py")),
  ];
}
