// The emulator's public face: createEmulator() serves every endpoint group over one workspace.
import { readFile } from "node:fs/promises";
import type { Route } from "./router.ts";
import { routes as blocks } from "./routes/blocks.ts";
import { routes as comments } from "./routes/comments.ts";
import { routes as dataSources } from "./routes/data-sources.ts";
import { routes as databases } from "./routes/databases.ts";
import { routes as fileUploads } from "./routes/file-uploads.ts";
import { routes as pages } from "./routes/pages.ts";
import { routes as search } from "./routes/search.ts";
import { routes as users } from "./routes/users.ts";
import { routes as views } from "./routes/views.ts";
import { type Emulator, type EmulatorOptions, startServer } from "./server.ts";
import { Workspace, type WorkspaceData } from "./workspace.ts";

export type { ObjectKind } from "./access.ts";
export { objectNotFound, visibleOr404 } from "./access.ts";
export type { FaultKind, FaultOptions } from "./faults.ts";
export { resolveFileInput } from "./files.ts";
export type { RateLimitOptions } from "./rate-limit.ts";
export type { RequestLogSnapshot } from "./request-log.ts";
export { RequestLog } from "./request-log.ts";
export type { Emulator, EmulatorOptions, EmulatorRuntimeOptions } from "./server.ts";
export { NOTION_VERSION } from "./server.ts";
export type { WorkspaceData } from "./workspace.ts";
export { DEFAULT_TOKEN, Workspace } from "./workspace.ts";

/** Every endpoint the emulator answers; more specific paths come first within each group. */
export const allRoutes: readonly Route[] = [
  ...users,
  ...search,
  ...fileUploads,
  ...pages,
  ...blocks,
  ...databases,
  ...dataSources,
  ...views,
  ...comments,
];

/** Starts an emulator on 127.0.0.1 (a random port unless `port` is given). */
export function createEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  return startServer(allRoutes, opts);
}

/** Where the emulator's workspace comes from (`nvault emulator` flags); the sample when none is set. */
export interface WorkspaceSource {
  /** A JSON file in the WorkspaceData format. */
  file?: string;
  /** Generator options as a `key=value,...` string. */
  generate?: string;
  sample?: boolean;
  /** Serve the first integration under this token instead of its own. */
  token?: string;
}

/** Builds the workspace a command asked for. */
export async function loadWorkspace(source: WorkspaceSource): Promise<Workspace> {
  let ws: Workspace;
  if (source.file) {
    ws = Workspace.fromData(JSON.parse(await readFile(source.file, "utf8")) as WorkspaceData);
  } else if (source.generate !== undefined) {
    const gen = await import("./generator/index.ts");
    ws = gen.generateWorkspace(gen.parseGenerateOptions(source.generate));
  } else {
    // A variable specifier: the sample module is written separately and may not exist yet.
    const samplePath = "./sample.ts";
    const sample = (await import(samplePath)) as { loadSample(): Workspace };
    ws = sample.loadSample();
  }
  const first = ws.integrations.values().next().value;
  if (source.token && first && first.token !== source.token) {
    // Rebuilt so the renamed integration stays the first one.
    const others = [...ws.integrations.values()].filter((i) => i !== first);
    ws.integrations.clear();
    for (const i of [{ ...first, token: source.token }, ...others]) ws.integrations.set(i.token, i);
  }
  return ws;
}
