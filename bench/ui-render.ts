// Benchmark of the web UI: a page of about 1,000 blocks, server time to answer with its HTML and first paint in chromium.
// Run: npx tsx bench/ui-render.ts [--blocks 1000] [--runs 20]
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { generateWorkspace } from "../emulator/generator/index.ts";
import { createEmulator, DEFAULT_TOKEN } from "../emulator/index.ts";
import { renderHtml } from "../src/export/html.ts";
import { loadPageDoc, snapshotRenderContext } from "../src/export/snapshot-context.ts";
import { backupNotion } from "../src/notion/backup.ts";
import { createNotionClient } from "../src/notion/client.ts";
import type { BlockNode } from "../src/notion/model.ts";
import { WorkspaceSnapshot } from "../src/notion/snapshot-reader.ts";
import { MemoryBackend } from "../src/store/backends/memory.ts";
import { initRepository } from "../src/store/repository.ts";
import { startUiServer } from "../src/ui/server.ts";

const { values } = parseArgs({
  options: { blocks: { type: "string", default: "1000" }, runs: { type: "string", default: "20" } },
});
const wanted = Number(values.blocks);
const runs = Number(values.runs);

const countBlocks = (nodes: BlockNode[]): number =>
  nodes.reduce((n, b) => n + 1 + countBlocks(b.children), 0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;

// One page; the generator nests children under some blocks, so ask for fewer top-level blocks than wanted.
const ws = generateWorkspace({
  seed: 3,
  pages: 1,
  depth: 1,
  blocksPerPage: Math.round(wanted * 0.375),
  databases: 0,
  mediaFiles: 4,
  commentsPerPage: 2,
});
const emulator = await createEmulator({ workspace: ws, rateLimit: false });
const repo = await initRepository(new MemoryBackend(), "bench", {
  cacheDir: false,
  kdf: { memoryKiB: 8 * 1024, iterations: 1, parallelism: 1 },
});
const client = createNotionClient({
  token: DEFAULT_TOKEN,
  baseUrl: emulator.url,
  ratePerSecond: 5000,
  burst: 500,
});
const { snapshot } = await backupNotion({ repo, client });
await emulator.close();
const reader = await WorkspaceSnapshot.open(repo, snapshot);
const pageId = reader.ids().find((id) => reader.entry(id)?.type === "page")!;
const blocks = countBlocks(await reader.blocks(pageId));
console.log(`page ${pageId.slice(0, 8)}: ${blocks} blocks (every depth)`);

// 1. The renderer alone (records already in memory).
const doc = await loadPageDoc(reader, pageId);
const ctx = await snapshotRenderContext(reader, { linkHref: (id) => `/p/${id}`, mediaHref: (r) => r.path });
await ctx.prepare(doc);
const renderTimes: number[] = [];
let bytes = 0;
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  bytes = renderHtml(doc, ctx, { standalone: false }).length;
  renderTimes.push(performance.now() - t);
}
console.log(
  `renderHtml alone:          median ${ms(median(renderTimes))} (${(bytes / 1024).toFixed(0)} KiB of HTML)`,
);

// 2. The server: GET the page view (reads page.json, blocks.json, comments, files from the store, renders, frames).
const ui = await startUiServer({ repo, searchCacheDir: false });
const url = `${ui.url}s/${snapshot.id}/p/${pageId}`;
const get = async () => {
  const t = performance.now();
  const r = await fetch(url);
  const body = await r.text();
  if (r.status !== 200) throw new Error(`${r.status}: ${body.slice(0, 300)}`);
  return performance.now() - t;
};
const cold = await get();
const warm: number[] = [];
for (let i = 0; i < runs; i++) warm.push(await get());
console.log(`server, first request:     ${ms(cold)} (opens the snapshot, reads and decrypts the page)`);
console.log(
  `server, later requests:    median ${ms(median(warm))}, max ${ms(Math.max(...warm))} (${runs} runs)`,
);

// 3. Chromium: navigation to first contentful paint.
if (existsSync("/usr/bin/chromium")) {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
  });
  const page = await browser.newPage();
  const paints: number[] = [];
  const loads: number[] = [];
  for (let i = 0; i < Math.min(runs, 10); i++) {
    await page.goto(url, { waitUntil: "load" });
    // A string: the page's DOM types are not in this project's (Node-only) type library.
    // Paint entries may be delivered after the load event: wait for it through a buffered observer.
    const t = (await page.evaluate(`new Promise((resolve) => {
      const nav = performance.getEntriesByType("navigation")[0];
      const done = (fcp) => resolve({ fcp, load: nav.loadEventEnd });
      new PerformanceObserver((list) => {
        const e = list.getEntriesByName("first-contentful-paint")[0];
        if (e) done(e.startTime);
      }).observe({ type: "paint", buffered: true });
      setTimeout(() => done(NaN), 3000);
    })`)) as { fcp: number; load: number };
    paints.push(t.fcp);
    loads.push(t.load);
  }
  await browser.close();
  console.log(
    `chromium, first paint:     median ${ms(median(paints))} from navigation start (load event ${ms(median(loads))})`,
  );
} else {
  console.log("chromium: /usr/bin/chromium not installed, skipped");
}
await ui.close();
await repo.close();
const target = median(warm);
console.log(
  `target < 200 ms for a 1,000-block page: ${target < 200 ? "met" : "NOT met"} (server median ${ms(target)})`,
);
