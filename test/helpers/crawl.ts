// Test helpers for crawls: a fast gateway, running a crawl to its end, and what the emulator says should be captured.
import { liveChildren } from "../../emulator/routes/blocks.ts";
import type { NotionObject, Workspace } from "../../emulator/workspace.ts";
import { createNotionClient, type NotionClient, type NotionClientOptions } from "../../src/notion/client.ts";
import { Channel } from "../../src/notion/crawl/channel.ts";
import { CrawlContext, resolveOptions } from "../../src/notion/crawl/context.ts";
import { type CrawlOptions, crawlWorkspace } from "../../src/notion/crawl/crawler.ts";
import type { BlockNode, CrawlReport, NotionRecord } from "../../src/notion/model.ts";
import type { TestEmulator } from "./emulator.ts";

/** A gateway to a test emulator with a generous budget and quick backoff. */
export function fastClient(t: TestEmulator, extra: Partial<NotionClientOptions> = {}): NotionClient {
  return createNotionClient({
    token: t.token,
    baseUrl: t.url,
    ratePerSecond: 1000,
    burst: 100,
    backoff: { baseDelayMs: 5, maxDelayMs: 40 },
    ...extra,
  });
}

/** Every record of a crawl and its report. */
export interface CrawlResult {
  records: NotionRecord[];
  report: CrawlReport;
}

/** Runs a crawl to its end. */
export async function runCrawl(client: NotionClient, opts: CrawlOptions = {}): Promise<CrawlResult> {
  const records: NotionRecord[] = [];
  for await (const r of crawlWorkspace(client, opts)) records.push(r);
  const last = records.pop();
  if (last?.kind !== "report") throw new Error("a crawl must end with its report");
  return { records, report: last.report };
}

/** The integration (first one) of a workspace. */
export function integrationOf(ws: Workspace) {
  return ws.integrations.values().next().value!;
}

/** Whether the first integration sees an object that is not in the trash. */
export function visibleLive(ws: Workspace, obj: NotionObject): boolean {
  return obj.in_trash !== true && ws.isVisible(obj.id, integrationOf(ws));
}

/** Ids of the template pages of every data source. */
export function templateIds(ws: Workspace): Set<string> {
  const ids = new Set<string>();
  for (const ds of ws.dataSources.values()) for (const t of ds.templates ?? []) ids.add(t.id);
  return ids;
}

/** The block tree the crawl should hold under a page or block, as the emulator stores it. */
export function expectedTree(ws: Workspace, id: string): unknown[] {
  return liveChildren(ws, id).map((childId) => {
    const b = ws.blocks.get(childId)!;
    const leaf =
      b.type === "child_page" ||
      b.type === "child_database" ||
      (b.type === "synced_block" && b.synced_block?.synced_from);
    return { id: childId, type: b.type, children: leaf ? [] : expectedTree(ws, childId) };
  });
}

/** A crawled tree in the same shape as expectedTree. */
export function treeShape(nodes: BlockNode[]): unknown[] {
  return nodes.map((n) => ({
    id: n.block.id,
    type: "type" in n.block ? n.block.type : undefined,
    children: treeShape(n.children),
  }));
}

/**
 * A record with everything that legitimately differs between two crawls of the same workspace
 * removed: signed file URLs' signatures and expiry times.
 */
export function normalized(record: NotionRecord): unknown {
  return JSON.parse(
    JSON.stringify(record, (key, value) => {
      if (key === "expiry_time") return undefined;
      if (key === "bytes") return undefined;
      // Signed URLs differ in host port, signature and expiry between runs; the path names the file.
      if (key === "url" && typeof value === "string" && value.includes("/files/"))
        return new URL(value).pathname;
      return value;
    }),
  );
}

/** Records normalized and sorted, so two crawls compare regardless of order. */
export function canonical(records: NotionRecord[]): string[] {
  return records.map((r) => JSON.stringify(normalized(r))).sort();
}

/** A crawl context of its own, for testing one crawl module; its records are kept in `records`. */
export function crawlContext(
  client: NotionClient,
  opts: CrawlOptions = {},
): { ctx: CrawlContext; records: NotionRecord[] } {
  const records: NotionRecord[] = [];
  const channel = new Channel<NotionRecord>(Number.MAX_SAFE_INTEGER);
  const originalPush = channel.push.bind(channel);
  channel.push = async (r) => {
    records.push(r);
    await originalPush(r);
  };
  const ctx = new CrawlContext(
    client,
    resolveOptions(opts),
    channel,
    new AbortController().signal,
    undefined,
  );
  return { ctx, records };
}
