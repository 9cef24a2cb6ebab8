// Folder export of a backed-up workspace: every object has its file, links resolve, media are there, titles cannot escape.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { lstat, mkdir, readdir, readFile, realpath, stat, symlink, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { after, before, test } from "node:test";
import { generateWorkspace } from "../emulator/generator/index.ts";
import { exportFolder } from "../src/inspect/folder-export.ts";
import type { ExportFormat } from "../src/inspect/folder-plan.ts";
import { ClashError } from "../src/inspect/folder-writer.ts";
import { renderDocument } from "../src/inspect/render-document.ts";
import { byteLength, foldName } from "../src/inspect/safe-name.ts";
import type { WorkspaceSnapshot } from "../src/notion/snapshot-reader.ts";
import { tempDir } from "./helpers/memory-repo.ts";
import { type BackedUpWorkspace, backedUpWorkspace } from "./helpers/workspace-snapshot.ts";

const ALL: ExportFormat[] = ["md", "html", "csv", "json"];

interface IndexNode {
  id: string;
  type: string;
  title: string;
  files: Partial<Record<ExportFormat, string>>;
  media: string[];
  children: IndexNode[];
}

let b: BackedUpWorkspace;
let tmp: { dir: string; cleanup: () => Promise<void> };
before(async () => {
  b = await backedUpWorkspace({ seed: 5, pages: 10, rowsPerDatabase: 4, mediaFiles: 4, commentsPerPage: 1 });
  tmp = await tempDir("nvault-folder-");
});
after(async () => {
  await b?.close();
  await tmp?.cleanup();
});

/** Every entry below `dir` (relative paths), with lstat. */
async function walk(dir: string): Promise<Array<{ rel: string; isDir: boolean; isLink: boolean }>> {
  const out = [];
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const abs = join(e.parentPath, e.name);
    const st = await lstat(abs);
    out.push({ rel: relative(dir, abs), isDir: st.isDirectory(), isLink: st.isSymbolicLink() });
  }
  return out;
}

function flatten(nodes: IndexNode[]): IndexNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

async function exportIndex(out: string): Promise<IndexNode[]> {
  return flatten((JSON.parse(await readFile(join(out, "index.json"), "utf8")) as { tree: IndexNode[] }).tree);
}

/** Relative links of a Markdown or HTML document (external and in-page ones left out). */
function relativeLinks(text: string, html: boolean): string[] {
  const re = html ? /(?:href|src)="([^"]*)"/g : /\]\((<[^>]*>|[^)\s]*)\)/g;
  const out: string[] = [];
  for (const m of text.matchAll(re)) {
    let href = m[1]!.replace(/^<|>$/g, "").replace(/&amp;/g, "&");
    if (href === "" || href.startsWith("#") || /^[a-z][a-z0-9+.-]*:/i.test(href)) continue;
    href = href.split("#")[0]!;
    out.push(decodeURIComponent(href));
  }
  return out;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

test("every page, row, database and data source gets its files; links resolve; media are present", async () => {
  const out = join(tmp.dir, "all");
  const result = await exportFolder(b.reader, { target: out, formats: ALL });
  const nodes = await exportIndex(out);
  assert.deepEqual(result.warnings, [], "every document renders");
  assert.equal(result.objects, b.reader.ids().length);
  assert.deepEqual(
    nodes.map((n) => n.id).sort(),
    [...b.reader.ids()].sort(),
    "every indexed object is exported",
  );
  for (const n of nodes) {
    const expected = n.type === "data_source" ? ["md", "html", "csv", "json"] : ["md", "html", "json"];
    assert.deepEqual(Object.keys(n.files).sort(), expected.sort(), `${n.type} ${n.id}`);
    for (const f of Object.values(n.files)) assert.ok(await exists(join(out, f)), f);
  }
  for (const top of ["index.md", "index.html", "index.json"]) assert.ok(await exists(join(out, top)));

  // Links: every relative link of every Markdown and HTML file points at an existing file.
  let links = 0;
  let pageLinks = 0;
  let mediaLinks = 0;
  const docs = [join(out, "index.md"), join(out, "index.html")];
  for (const n of nodes) docs.push(join(out, n.files.md!), join(out, n.files.html!));
  for (const doc of docs) {
    const text = await readFile(doc, "utf8");
    for (const href of relativeLinks(text, doc.endsWith(".html"))) {
      const target = resolve(dirname(doc), href);
      assert.ok(target.startsWith(out + sep), `${href} in ${doc} stays in the export`);
      assert.ok(await exists(target), `${relative(out, doc)} links to ${href}, which exists`);
      links++;
      if (/\.(md|html)$/.test(href)) pageLinks++;
      if (href.includes("media/")) mediaLinks++;
    }
  }
  assert.ok(pageLinks > nodes.length, `documents link to each other (${pageLinks} of ${links})`);
  assert.ok(mediaLinks > 0, "pages show their media through relative links");

  // Media: every downloaded file of every object is in the export, same bytes.
  const exported = new Set<string>();
  for (const n of nodes)
    for (const m of n.media)
      exported.add(
        createHash("sha256")
          .update(await readFile(join(out, m)))
          .digest("hex"),
      );
  let media = 0;
  for (const id of b.reader.ids()) {
    for (const f of await b.reader.files(id)) {
      media++;
      assert.ok(exported.has(f.sha256), `${f.path} is exported`);
    }
  }
  assert.ok(media > 0 && result.media > 0);

  // Each data source's CSV has a header and every row's title.
  for (const n of nodes.filter((x) => x.type === "data_source")) {
    const csv = await readFile(join(out, n.files.csv!), "utf8");
    const rows = b.reader.rows(n.id);
    assert.ok(csv.split("\r\n").filter(Boolean).length >= rows.length + 1, n.files.csv);
    for (const r of rows)
      assert.ok(csv.includes(b.reader.entry(r)!.title), `${b.reader.entry(r)!.title} in ${n.files.csv}`);
  }

  // The index lists every object's title.
  const index = await readFile(join(out, "index.md"), "utf8");
  assert.equal(relativeLinks(index, false).length, nodes.length);
});

test("a subtree export holds that object and what it holds, nothing else", async () => {
  const parent = b.reader
    .ids()
    .find((id) => b.reader.entry(id)!.type === "page" && b.reader.childrenOf(id).length > 0)!;
  const out = join(tmp.dir, "subtree");
  const result = await exportFolder(b.reader, { target: out, formats: ["md", "json"], rootId: parent });
  const nodes = await exportIndex(out);
  const below = (id: string): string[] => [id, ...b.reader.childrenOf(id).flatMap(below)];
  assert.deepEqual(nodes.map((n) => n.id).sort(), below(parent).sort());
  assert.equal(result.objects, nodes.length);
  const top = (await readdir(out)).sort();
  const stem = nodes[0]!.files.md!.replace(/\.md$/, "");
  assert.deepEqual(top, ["index.json", "index.md", stem, `${stem}.json`, `${stem}.md`].sort());
});

/** Titles that try every trick on a file system. */
const HOSTILE = [
  "../../etc/passwd",
  "a/b\\c",
  "CON",
  "NUL.txt",
  "x\u0000y",
  "é".repeat(300),
  "🙂".repeat(100),
  "Twin",
  "Twin",
  "Foo",
  "foo",
  "Café",
  "Cafe\u0301",
  "..",
  " trailing dots... ",
];

async function hostileWorkspace(): Promise<{
  hb: BackedUpWorkspace;
  reader: WorkspaceSnapshot;
  ids: string[];
}> {
  const ws = generateWorkspace({
    seed: 9,
    pages: 2,
    databases: 1,
    rowsPerDatabase: 2,
    mediaFiles: 1,
    blocksPerPage: 3,
  });
  const hb = await backedUpWorkspace(ws);
  const root = hb.reader.roots().find((id) => hb.reader.entry(id)!.type === "page")!;
  const ids: string[] = [];
  const create = async (title: string, parent: string) => {
    const page = await hb.emulator.client.pages.create({
      parent: { page_id: parent },
      properties: { title: { title: [{ text: { content: title } }] } },
      children: [{ paragraph: { rich_text: [{ text: { content: `about ${title}` } }] } }],
    });
    ids.push(page.id);
    return page.id;
  };
  for (const title of HOSTILE) await create(title, root);
  // Nested under a hostile parent, with a hostile title of its own.
  await create("../../../../tmp/escape", ids[0]!);
  const { reader } = await hb.backupAgain();
  return { hb, reader, ids };
}

test("hostile titles: nothing lands outside the folder, every page is exported, names are distinct", async (t) => {
  const { hb, reader, ids } = await hostileWorkspace();
  t.after(() => hb.close());
  const box = join(tmp.dir, "box");
  const out = join(box, "out");
  await mkdir(out, { recursive: true });
  await exportFolder(reader, { target: out, formats: ALL });

  assert.deepEqual(await readdir(box), ["out"], "nothing written beside the export folder");
  const entries = await walk(out);
  const real = await realpath(out);
  for (const e of entries) {
    assert.ok(!e.isLink, `${e.rel} is not a symlink`);
    assert.ok((await realpath(join(out, e.rel))).startsWith(real + sep), `${e.rel} is inside`);
    for (const part of e.rel.split(sep)) {
      assert.ok(byteLength(part) <= 255, `${part} fits a file name`);
      assert.doesNotMatch(part, /[\p{Cc}\\:*?"<>|]/u, `${JSON.stringify(part)} is portable`);
      assert.doesNotMatch(part, /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i, `${part} is not a device name`);
      assert.doesNotMatch(part, /[. ]$/, `${part} has no trailing dot or space`);
    }
  }
  // Within each folder, no two names differ only by case or normalisation.
  const byDir = new Map<string, string[]>();
  for (const e of entries) {
    const d = dirname(e.rel);
    byDir.set(d, [...(byDir.get(d) ?? []), e.rel.slice(d === "." ? 0 : d.length + 1)]);
  }
  for (const [d, names] of byDir) {
    assert.equal(
      new Set(names.map(foldName)).size,
      names.length,
      `distinct names in ${d}: ${names.join(", ")}`,
    );
  }
  const nodes = await exportIndex(out);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const id of ids) {
    const n = byId.get(id);
    assert.ok(n, `page ${reader.entry(id)?.title} is exported`);
    const md = await readFile(join(out, n.files.md!), "utf8");
    assert.match(md, /about /, "its content is in its file");
  }
  const twins = ids
    .slice(HOSTILE.indexOf("Twin"), HOSTILE.indexOf("Twin") + 2)
    .map((id) => byId.get(id)!.files.md!);
  assert.notEqual(twins[0], twins[1]);
  assert.ok(
    twins.some((f) => f.endsWith("Twin.md")) && twins.some((f) => f.endsWith("Twin (2).md")),
    twins.join(),
  );
  // The same snapshot gives the same names.
  const again = join(tmp.dir, "box-again");
  await exportFolder(reader, { target: again, formats: ALL });
  assert.deepEqual((await walk(again)).map((e) => e.rel).sort(), entries.map((e) => e.rel).sort());
});

test("an existing file fails the export before anything is written, unless --overwrite", async () => {
  const out = join(tmp.dir, "twice");
  await exportFolder(b.reader, { target: out, formats: ["md", "csv"] });
  const before = await walk(out);
  const victim = join(out, "index.md");
  await writeFile(victim, "edited by hand\n");
  await assert.rejects(
    exportFolder(b.reader, { target: out, formats: ["md", "csv", "json"] }),
    (err: unknown) => {
      assert.ok(err instanceof ClashError);
      assert.equal(err.exitCode, 2);
      assert.match(err.message, /already exists/);
      return true;
    },
  );
  assert.equal(await readFile(victim, "utf8"), "edited by hand\n", "nothing replaced");
  assert.deepEqual(
    (await walk(out)).map((e) => e.rel).sort(),
    before.map((e) => e.rel).sort(),
    "no new file written (json was asked for this time)",
  );
  await exportFolder(b.reader, { target: out, formats: ["md", "csv"], overwrite: true });
  assert.notEqual(await readFile(victim, "utf8"), "edited by hand\n");
});

test("a symlink planted in the folder is never followed", async () => {
  const out = join(tmp.dir, "planted");
  const outside = join(tmp.dir, "outside");
  await mkdir(outside, { recursive: true });
  // Learn the names, then plant links where a folder and a file will go.
  const probe = join(tmp.dir, "probe");
  await exportFolder(b.reader, { target: probe, formats: ["md"] });
  const nodes = (await walk(probe)).filter((e) => e.isDir);
  const dirName = nodes[0]!.rel;
  await mkdir(out, { recursive: true });
  await symlink(outside, join(out, dirName));
  await symlink(join(outside, "index.md"), join(out, "index.md"));
  await assert.rejects(exportFolder(b.reader, { target: out, formats: ["md"] }), /symbolic link/);
  assert.deepEqual(await readdir(outside), []);
  await exportFolder(b.reader, { target: out, formats: ["md"], overwrite: true });
  assert.deepEqual(await readdir(outside), [], "nothing written through the links");
  assert.ok((await lstat(join(out, dirName))).isDirectory());
  assert.ok((await lstat(join(out, "index.md"))).isFile());
});

test("a document the renderers fail on is written as a note and reported, the rest is exported", async () => {
  const victim = b.reader.ids().find((id) => b.reader.entry(id)!.type === "page")!;
  const out = join(tmp.dir, "broken");
  const result = await exportFolder(b.reader, {
    target: out,
    formats: ["md", "json"],
    render: (reader, id, format, hrefs, signal) => {
      if (id === victim) throw new Error("unexpected block shape");
      return renderDocument(reader, id, format, hrefs, signal);
    },
  });
  assert.deepEqual(
    result.warnings.map((w) => [w.id, w.message]),
    [[victim, "unexpected block shape"]],
  );
  assert.equal(result.objects, b.reader.ids().length);
  const note = await readFile(join(out, result.warnings[0]!.path), "utf8");
  assert.match(note, /could not be rendered: unexpected block shape/);
});
