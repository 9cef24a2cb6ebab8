// index.json's synced_originals: readers find a synced original on another page by reading that page alone.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { loadPageDoc, snapshotRenderContext } from "../src/export/snapshot-context.ts";
import type { BlockNode } from "../src/notion/model.ts";
import { WorkspaceSnapshot } from "../src/notion/snapshot-reader.ts";
import { collectSyncedOriginals } from "../src/notion/synced-lookup.ts";
import type { Repository } from "../src/store/repository.ts";
import { findEntry } from "../src/store/tree.ts";
import { type BackedUpWorkspace, backedUpWorkspace } from "./helpers/workspace-snapshot.ts";

let b: BackedUpWorkspace;
/** Every page's blocks.json blob ids, by page id. */
const blocksBlobs = new Map<string, string[]>();
/** Every original found by reading every page, with the page holding it. */
let originals: Map<string, { pageId: string; children: BlockNode[] }>;
/** A page with a reference to an original held by another page. */
let cross: { refPage: string; original: string; holder: string };

function references(nodes: BlockNode[], into: string[] = []): string[] {
  for (const n of nodes) {
    if (n.syncedOriginalId) into.push(n.syncedOriginalId);
    references(n.children, into);
  }
  return into;
}

const isPage = (type?: string) => type === "page" || type === "row" || type === "template";

before(async () => {
  b = await backedUpWorkspace({ seed: 7, pages: 10, rowsPerDatabase: 3, mediaFiles: 2 });
  originals = new Map();
  const refs: Array<{ page: string; original: string }> = [];
  for (const id of b.reader.ids()) {
    const e = b.reader.entry(id)!;
    if (!isPage(e.type)) continue;
    const blocks = await b.reader.blocks(id);
    collectSyncedOriginals(blocks, id, originals);
    for (const original of references(blocks)) refs.push({ page: id, original });
    const { entry } = await findEntry(b.repo, b.reader.snapshot.manifest.tree, `${e.path}/blocks.json`);
    blocksBlobs.set(id, entry?.content ?? []);
  }
  const hit = refs.find((r) => originals.get(r.original) && originals.get(r.original)!.pageId !== r.page);
  assert.ok(hit, "the generated workspace has a reference to an original on another page");
  cross = { refPage: hit.page, original: hit.original, holder: originals.get(hit.original)!.pageId };
});
after(() => b?.close());

/** The snapshot opened again over a repository that notes every blob read. */
async function countingReader(): Promise<{ reader: WorkspaceSnapshot; loaded: Set<string> }> {
  const loaded = new Set<string>();
  const repo = new Proxy(b.repo, {
    get(target, prop, receiver) {
      if (prop === "loadBlob") {
        return (id: string, signal?: AbortSignal) => {
          loaded.add(id);
          return target.loadBlob(id, signal);
        };
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === "function" ? v.bind(target) : v;
    },
  }) as Repository;
  return { reader: await WorkspaceSnapshot.open(repo, b.reader.snapshot), loaded };
}

/** The pages whose blocks.json was read. */
function pagesRead(loaded: Set<string>): string[] {
  return [...blocksBlobs].filter(([, blobs]) => blobs.some((id) => loaded.has(id))).map(([id]) => id);
}

test("index.json maps every synced original to the page holding it", () => {
  const map = b.reader.index.synced_originals;
  assert.ok(map, "index.json has synced_originals");
  assert.ok(originals.size > 0);
  for (const [id, { pageId }] of originals) assert.equal(map[id], pageId, `original ${id}`);
  for (const [id, at] of Object.entries(map)) {
    assert.ok(originals.has(id) || at === "synced-blocks", `${id} is an original somewhere`);
  }
});

test("an original on another page is found by reading that page's blocks.json alone", async () => {
  const { reader, loaded } = await countingReader();
  const found = await reader.syncedOriginal(cross.original);
  assert.equal(found?.pageId, cross.holder);
  assert.deepEqual(found?.children, originals.get(cross.original)!.children);
  assert.deepEqual(pagesRead(loaded), [cross.holder]);
});

test("rendering a page with a reference reads only that page and the original's", async () => {
  const { reader, loaded } = await countingReader();
  const doc = await loadPageDoc(reader, cross.refPage);
  const ctx = await snapshotRenderContext(reader, { docs: [doc] });
  assert.deepEqual(ctx.syncedChildren(cross.original), originals.get(cross.original)!.children);
  const read = new Set(pagesRead(loaded));
  assert.ok(read.has(cross.refPage) && read.has(cross.holder));
  // Originals referenced from the originals' own children may add a page each, never the whole workspace.
  const pages = [...blocksBlobs.keys()];
  assert.ok(read.size < pages.length, `${read.size} of ${pages.length} pages read`);
});

test("a snapshot without synced_originals still resolves originals, by scanning its pages", async () => {
  const { reader, loaded } = await countingReader();
  // As written before the field existed.
  delete (reader.index as { synced_originals?: unknown }).synced_originals;
  const found = await reader.syncedOriginal(cross.original);
  assert.equal(found?.pageId, cross.holder);
  assert.deepEqual(found?.children, originals.get(cross.original)!.children);
  assert.equal(pagesRead(loaded).length, blocksBlobs.size, "every page was read");
});

test("an incremental backup keeps reused pages' originals in the map", async () => {
  const again = await b.backupAgain();
  assert.ok(again.result.report.reusedPages > 0, "pages were reused");
  assert.deepEqual(again.reader.index.synced_originals, b.reader.index.synced_originals);
  const found = await again.reader.syncedOriginal(cross.original);
  assert.deepEqual(found?.children, originals.get(cross.original)!.children);
});
