import assert from "node:assert/strict";
import { test } from "node:test";
import { collectPaginatedAPI, isFullBlock } from "@notionhq/client";
import { startEmulator } from "../../test/helpers/emulator.ts";
import { generateWorkspace } from "./index.ts";

test("the SDK lists a generated page's children, pages and rows through the emulator", async () => {
  const ws = generateWorkspace({ seed: 3, pages: 12, blocksPerPage: 120, databases: 2, rowsPerDatabase: 8 });
  const em = await startEmulator({ workspace: ws });
  try {
    const root = [...ws.pages.values()].find((p) => p.parent.type === "workspace")!;
    const expected = ws.children.get(root.id) ?? [];
    assert.ok(expected.length > 100, "enough children to need a second page of results");
    const listed = await collectPaginatedAPI(em.client.blocks.children.list, { block_id: root.id });
    assert.deepEqual(
      listed.map((b) => b.id),
      expected,
    );
    const first = listed.find(isFullBlock)!;
    assert.equal(first.type, ws.blocks.get(first.id)!.type);

    const page = await em.client.pages.retrieve({ page_id: root.id });
    assert.equal(page.id, root.id);

    const source = [...ws.dataSources.values()][0]!;
    const rows = await collectPaginatedAPI(em.client.dataSources.query, { data_source_id: source.id });
    const stored = [...ws.pages.values()].filter(
      (p) =>
        p.parent.data_source_id === source.id &&
        !(source.templates ?? []).some((t: { id: string }) => t.id === p.id),
    );
    assert.deepEqual(rows.map((r) => r.id).sort(), stored.map((p) => p.id).sort());
  } finally {
    await em.close();
  }
});

test("every generated block type, hosted file, oversized relation and comment reads back through the SDK", async () => {
  const ws = generateWorkspace({ seed: 4 });
  const em = await startEmulator({ workspace: ws });
  try {
    const oneOfEach = new Map<string, string>();
    for (const b of ws.blocks.values()) if (!oneOfEach.has(b.type)) oneOfEach.set(b.type, b.id);
    for (const [type, id] of oneOfEach) {
      const block = await em.client.blocks.retrieve({ block_id: id });
      assert.ok(isFullBlock(block) && block.type === type, `block ${type} reads back`);
    }
    const hosted = [...ws.blocks.values()].find((b) => b.type === "image" && b.image.type === "file")!;
    const image = (await em.client.blocks.retrieve({ block_id: hosted.id })) as { image: any };
    assert.equal(typeof image.image.file.url, "string");
    assert.equal(typeof image.image.file.expiry_time, "string");

    const row = [...ws.pages.values()].find((p) =>
      Object.values<any>(p.properties).some((v) => v.type === "relation" && v.relation.length > 25),
    )!;
    const page = (await em.client.pages.retrieve({ page_id: row.id })) as { properties: Record<string, any> };
    const big = Object.values(page.properties).find((v) => v.type === "relation" && v.has_more === true);
    assert.ok(big, "a relation over 25 targets comes back truncated with has_more");
    assert.equal(big.relation.length, 25);

    const view = [...ws.views.values()][0]!;
    const views = await em.client.views.list({ database_id: view.parent.database_id });
    assert.ok(views.results.some((v) => v.id === view.id));
    const full = (await em.client.views.retrieve({ view_id: view.id })) as { name?: string };
    assert.equal(full.name, view.name);

    const withTemplate = [...ws.dataSources.values()].find((ds) => ds.templates?.length)!;
    const templates = await em.client.dataSources.listTemplates({ data_source_id: withTemplate.id });
    assert.deepEqual(
      templates.templates.map((t) => t.id),
      withTemplate.templates.map((t: { id: string }) => t.id),
    );

    const withComments = [...ws.comments.values()].find((c) => c.parent.type === "page_id" && !c.resolved)!;
    const listed = await em.client.comments.list({ block_id: withComments.parent.page_id });
    assert.ok(listed.results.some((c) => c.id === withComments.id));
  } finally {
    await em.close();
  }
});

test("crawling a generated workspace through the SDK reaches every page, block and row", async () => {
  const ws = generateWorkspace({ seed: 6, pages: 25, databases: 3, rowsPerDatabase: 12 });
  const em = await startEmulator({ workspace: ws });
  const { client } = em;
  const pages = new Set<string>();
  const blocks = new Set<string>();
  const crawlChildren = async (id: string): Promise<void> => {
    for (const b of await collectPaginatedAPI(client.blocks.children.list, { block_id: id })) {
      if (!isFullBlock(b) || blocks.has(b.id)) continue;
      blocks.add(b.id);
      if (b.type === "child_page") await crawlPage(b.id);
      else if (b.type === "child_database") await crawlDatabase(b.id);
      else if (b.has_children) await crawlChildren(b.id);
    }
  };
  const crawlPage = async (id: string): Promise<void> => {
    pages.add((await client.pages.retrieve({ page_id: id })).id);
    await crawlChildren(id);
  };
  const crawlDatabase = async (id: string): Promise<void> => {
    const db = (await client.databases.retrieve({ database_id: id })) as {
      data_sources: Array<{ id: string }>;
    };
    for (const source of db.data_sources) {
      for (const row of await collectPaginatedAPI(client.dataSources.query, { data_source_id: source.id })) {
        await crawlPage(row.id);
      }
    }
  };
  try {
    for (const root of [...ws.integrations.values()][0]!.shared) await crawlPage(root);
    const templates = new Set(
      [...ws.dataSources.values()].flatMap((ds) => (ds.templates ?? []).map((t: { id: string }) => t.id)),
    );
    const expectedBlocks = [...ws.blocks.keys()].filter(
      (id) => !templates.has(ws.blocks.get(id)!.parent.page_id),
    );
    assert.equal(pages.size, ws.pages.size - templates.size);
    assert.equal(blocks.size, expectedBlocks.length);
  } finally {
    await em.close();
  }
});
