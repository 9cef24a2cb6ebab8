// Golden files of the export renderers: pages, rows, templates (Markdown, HTML) and data sources (CSV) of a
// generated workspace holding every block and property type, and of the hand-made sample. UPDATE_GOLDEN=1 rewrites them.
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { loadSample } from "../emulator/sample.ts";
import { renderCsv } from "../src/export/csv.ts";
import { renderHtml } from "../src/export/html.ts";
import { renderMarkdown } from "../src/export/markdown.ts";
import { loadPageDoc, loadTableDoc, snapshotRenderContext } from "../src/export/snapshot-context.ts";
import type { WorkspaceSnapshot } from "../src/notion/snapshot-reader.ts";
import { type BackedUpWorkspace, backedUpWorkspace } from "./helpers/workspace-snapshot.ts";

const GOLDEN = fileURLToPath(new URL("./golden/", import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === "1";
const GENERATED = { seed: 7, pages: 12, rowsPerDatabase: 6, mediaFiles: 3 };

/** Every page, row and template as Markdown and an HTML fragment, every data source as CSV, one standalone page. */
async function renderAll(reader: WorkspaceSnapshot): Promise<Map<string, string>> {
  // Links as a browser of the snapshot would form them: the target's path in the snapshot.
  const ctx = await snapshotRenderContext(reader, {
    linkHref: (id) => `/${reader.entry(id)!.path}`,
    inlineTables: true,
  });
  const out = new Map<string, string>();
  let standalone = false;
  for (const id of [...reader.ids()].sort((a, b) =>
    reader.entry(a)!.path.localeCompare(reader.entry(b)!.path),
  )) {
    const entry = reader.entry(id)!;
    const name = `${entry.type} ${basename(entry.path)}`;
    if (entry.type === "page" || entry.type === "row" || entry.type === "template") {
      const doc = await loadPageDoc(reader, id);
      await ctx.prepare(doc);
      out.set(`${name}.md`, renderMarkdown(doc, ctx));
      out.set(`${name}.html`, renderHtml(doc, ctx, { standalone: false }));
      if (!standalone && entry.type === "page") {
        out.set(`${name} (standalone).html`, renderHtml(doc, ctx));
        standalone = true;
      }
    } else if (entry.type === "data_source") {
      const table = await loadTableDoc(reader, id);
      await ctx.prepare(table);
      out.set(`${name}.csv`, renderCsv(table, ctx));
    }
  }
  return out;
}

function compareWithGolden(folder: string, rendered: Map<string, string>): void {
  const dir = join(GOLDEN, folder);
  if (UPDATE) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of rendered) writeFileSync(join(dir, name), text);
  }
  const onDisk = readdirSync(dir).sort();
  assert.deepEqual(
    onDisk,
    [...rendered.keys()].sort(),
    `golden files of ${folder} (UPDATE_GOLDEN=1 rewrites them)`,
  );
  for (const [name, text] of rendered) {
    assert.equal(
      text,
      readFileSync(join(dir, name), "utf8"),
      `${folder}/${name} differs from its golden file`,
    );
  }
}

describe("export renderers against golden files", () => {
  let generated: BackedUpWorkspace;
  before(async () => {
    generated = await backedUpWorkspace(GENERATED);
  });
  after(async () => {
    await generated?.close();
  });

  test("a generated workspace with every block and property type renders as its golden files", async () => {
    const rendered = await renderAll(generated.reader);
    const kinds = new Set([...rendered.keys()].map((n) => n.split(".").pop()));
    assert.deepEqual([...kinds].sort(), ["csv", "html", "md"]);
    compareWithGolden("generated", rendered);
  });

  test("rendering is deterministic across two separate generations and backups", async () => {
    const again = await backedUpWorkspace(GENERATED);
    try {
      const [first, second] = [await renderAll(generated.reader), await renderAll(again.reader)];
      assert.deepEqual([...second.keys()], [...first.keys()]);
      for (const [name, text] of first) assert.equal(second.get(name), text, name);
    } finally {
      await again.close();
    }
  });

  test("the sample workspace (Acme Wiki) renders as its golden files", async () => {
    const sample = await backedUpWorkspace(loadSample());
    try {
      compareWithGolden("sample", await renderAll(sample.reader));
    } finally {
      await sample.close();
    }
  });
});
