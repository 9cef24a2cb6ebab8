import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { loadSample } from "../../emulator/sample.ts";
import { type BackedUpWorkspace, backedUpWorkspace } from "../../test/helpers/workspace-snapshot.ts";
import type { WorkspaceSnapshot } from "../notion/snapshot-reader.ts";
import { renderCsv } from "./csv.ts";
import { renderHtml } from "./html.ts";
import { renderMarkdown } from "./markdown.ts";
import { loadPageDoc, loadTableDoc, snapshotRenderContext } from "./snapshot-context.ts";

type Json = Record<string, any>;

function byTitle(reader: WorkspaceSnapshot, title: string, type = "page"): string {
  const id = reader.ids().find((i) => reader.entry(i)?.title === title && reader.entry(i)?.type === type);
  assert.ok(id, `${type} ${title} in the snapshot`);
  return id;
}

describe("a RenderContext over a workspace snapshot", () => {
  let sample: BackedUpWorkspace;
  before(async () => {
    sample = await backedUpWorkspace(loadSample());
  });
  after(async () => {
    await sample?.close();
  });

  test("a synced reference shows the original held by another page", async () => {
    const reader = sample.reader;
    const doc = await loadPageDoc(reader, byTitle(reader, "Runbooks"));
    const ref = doc.blocks.find((n) => (n.block as Json).type === "synced_block");
    assert.ok(ref?.syncedOriginalId, "Runbooks holds a synced reference");
    const ctx = await snapshotRenderContext(reader, { docs: [doc] });
    assert.ok((ctx.syncedChildren(ref.syncedOriginalId)?.length ?? 0) > 0);
    assert.match(renderMarkdown(doc, ctx), /Incident hotline/);
  });

  test("links default to titles without addresses; linkHref and mediaHref shape them", async () => {
    const reader = sample.reader;
    const engineering = await loadPageDoc(reader, byTitle(reader, "Engineering"));
    const plain = await snapshotRenderContext(reader, { docs: [engineering] });
    const runbooks = byTitle(reader, "Runbooks");
    assert.deepEqual(plain.link(runbooks), { title: "Runbooks", href: "" });
    assert.equal(plain.link("00000000-0000-4000-8000-00000000dead"), undefined);
    const md = renderMarkdown(engineering, plain);
    assert.match(md, /\n\nRunbooks\n/);
    assert.match(
      md,
      /\[pipeline-3\.pdf\]\(Acme%20Wiki%2008fa3b69\/Engineering%20dea7b1c8\/media\/pipeline-3%20[0-9a-f]{8}\.pdf\)/,
    );

    const shaped = await snapshotRenderContext(reader, {
      docs: [engineering],
      linkHref: (id) => `/page/${id}`,
      mediaHref: (ref) => `/file/${ref.sha256.slice(0, 8)}`,
    });
    const html = renderHtml(engineering, shaped, { standalone: false });
    assert.match(html, new RegExp(`<a href="/page/${runbooks}">Runbooks</a>`));
    assert.match(html, /<a href="\/file\/[0-9a-f]{8}">pipeline-3\.pdf<\/a>/);
  });

  test("breadcrumbs name the ancestors, outermost first", async () => {
    const reader = sample.reader;
    const ctx = await snapshotRenderContext(reader);
    assert.deepEqual(
      ctx.ancestors!(byTitle(reader, "Runbooks")).map((t) => t.title),
      ["Acme Wiki", "Engineering", "Runbooks"],
    );
  });

  test("child databases are inlined as tables when asked", async () => {
    const reader = sample.reader;
    const wiki = await loadPageDoc(reader, byTitle(reader, "Acme Wiki"));
    const ctx = await snapshotRenderContext(reader, { docs: [wiki], inlineTables: true });
    const projects = byTitle(reader, "Projects", "database");
    const tables = ctx.table!(projects) ?? [];
    assert.equal(tables.length, 1);
    assert.equal(tables[0]!.rows.length, reader.rows(tables[0]!.id).length);
    assert.match(renderMarkdown(wiki, ctx), /\| Name \| Notes \|/);
    const without = await snapshotRenderContext(reader, { docs: [wiki] });
    assert.equal(without.table!(projects), undefined);
  });
});

test("downloaded files of files properties, covers and comment attachments resolve to their snapshot paths", async () => {
  const b = await backedUpWorkspace({ seed: 11, pages: 10, rowsPerDatabase: 8, mediaFiles: 16 });
  try {
    const reader = b.reader;
    let propertyFiles = 0;
    for (const ds of reader.ids().filter((i) => reader.entry(i)?.type === "data_source")) {
      const table = await loadTableDoc(reader, ds);
      const ctx = await snapshotRenderContext(reader, { docs: [table] });
      const csv = renderCsv(table, ctx);
      for (const row of table.rows) {
        for (const [name, prop] of Object.entries(row.properties as Record<string, Json>)) {
          if (prop.type !== "files") continue;
          prop.files.forEach((f: Json, i: number) => {
            if (f.type !== "file") return;
            const href = ctx.media({ object: "page", id: row.id, path: ["properties", name, "files", i] });
            assert.ok(href?.startsWith(reader.entry(row.id)!.path), `${name} of ${row.id} downloaded`);
            assert.ok(csv.includes(href!), "the CSV names the downloaded copy");
            propertyFiles++;
          });
        }
      }
    }
    assert.ok(propertyFiles > 0, "the workspace has hosted files in files properties");
    let attachments = 0;
    for (const id of reader.ids().filter((i) => reader.entry(i)?.type === "page")) {
      const doc = await loadPageDoc(reader, id);
      const ctx = await snapshotRenderContext(reader, { docs: [doc] });
      const md = renderMarkdown(doc, ctx);
      assert.doesNotMatch(md, /expires=|sig=/, "no signed URL when the file was downloaded");
      attachments += (md.match(/comment-files\//g) ?? []).length;
    }
    assert.ok(attachments > 0, "comment attachments point at comment-files/");
  } finally {
    await b.close();
  }
});
