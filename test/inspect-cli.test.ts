// `nvault restore --to`, `cat` and `ls` on a Notion snapshot, through the real CLI against the emulator.
import assert from "node:assert/strict";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { generateWorkspace } from "../emulator/generator/index.ts";
import { startEmulator, type TestEmulator } from "./helpers/emulator.ts";
import { makeTempStore, type TempStore } from "./helpers/store.ts";

interface IndexEntry {
  path: string;
  type: string;
  title: string;
  parent?: string;
}

let t: TestEmulator;
let store: TempStore;
let entries: Record<string, IndexEntry>;

before(async () => {
  t = await startEmulator({
    workspace: generateWorkspace({ seed: 4, pages: 6, rowsPerDatabase: 3, mediaFiles: 2, databases: 1 }),
  });
  store = await makeTempStore({ env: { NOTION_BASE_URL: t.url, NOTION_TOKEN: t.token } });
  await store.ok(["backup", "--rate", "500"]);
  entries = (
    JSON.parse(await store.ok(["cat", "latest:index.json"])) as { entries: Record<string, IndexEntry> }
  ).entries;
});

after(async () => {
  await store?.close();
  await t?.close();
});

function ofType(type: string): Array<[string, IndexEntry]> {
  return Object.entries(entries).filter(([, e]) => e.type === type);
}

async function files(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

test("restore --to writes a readable folder in the formats asked, and refuses to overwrite", async () => {
  const plain = await store.scratch("restore-default");
  const r = await store.json<{ kind: string; objects: number; formats: string[] }>([
    "restore",
    "latest",
    "--to",
    plain,
  ]);
  assert.equal(r.kind, "folder");
  assert.deepEqual(r.formats, ["md", "csv"]);
  assert.equal(r.objects, Object.keys(entries).length);
  const got = await files(plain);
  assert.ok(got.includes("index.md"));
  assert.equal(got.filter((f) => f.endsWith(".csv")).length, ofType("data_source").length);
  assert.equal(got.filter((f) => f.endsWith(".md")).length, Object.keys(entries).length + 1);
  assert.ok(!got.some((f) => f.endsWith(".html") || f.endsWith(".json")));
  assert.ok(
    got.some((f) => f.includes("/media/")),
    "media files are exported",
  );
  const [, aPage] = ofType("page")[0]!;
  const index = await readFile(join(plain, "index.md"), "utf8");
  assert.ok(index.includes(aPage.title.split(" ")[0]!), "the index lists the pages");

  const all = await store.scratch("restore-all");
  await store.ok(["restore", "latest", "--to", all, "--format", "md,html,csv,json"]);
  const every = await files(all);
  for (const ext of [".md", ".html", ".csv", ".json"])
    assert.ok(
      every.some((f) => f.endsWith(ext)),
      ext,
    );
  assert.ok(every.includes("index.html") && every.includes("index.json"));

  const again = await store.run(["restore", "latest", "--to", plain]);
  assert.equal(again.code, 2, again.stderr);
  assert.match(again.stderr, /already exists/);
  await writeFile(join(plain, "index.md"), "mine\n");
  await store.ok(["restore", "latest", "--to", plain, "--overwrite"]);
  assert.notEqual(await readFile(join(plain, "index.md"), "utf8"), "mine\n");

  const bad = await store.run(["restore", "latest", "--to", plain, "--format", "pdf"]);
  assert.equal(bad.code, 2);
});

test("restore SNAPSHOT:NOTION_ID exports one subtree; --raw restores the stored files", async () => {
  const [id, page] = ofType("page").find(([pid]) => Object.values(entries).some((e) => e.parent === pid))!;
  const out = await store.scratch("restore-one");
  await store.ok(["restore", `latest:${id.replace(/-/g, "")}`, "--to", out]);
  const got = await files(out);
  const below = Object.values(entries).filter((e) => e.path.startsWith(`${page.path}/`)).length + 1;
  assert.equal(got.filter((f) => f.endsWith(".md") && f !== "index.md").length, below);

  const raw = await store.scratch("restore-raw");
  const r = await store.json<{ kind: string }>(["restore", `latest:${page.path}`, "--raw", "--to", raw]);
  assert.equal(r.kind, "raw");
  const leaf = page.path.split("/").at(-1)!;
  const pageJson = JSON.parse(await readFile(join(raw, leaf, "page.json"), "utf8")) as { id: string };
  assert.equal(pageJson.id, id);
  const twice = await store.run(["restore", `latest:${page.path}`, "--raw", "--to", raw]);
  assert.equal(twice.code, 2, "the raw restore does not overwrite either");
  assert.match(twice.stderr, /page\.json|already exists/);
  await store.ok(["restore", `latest:${page.path}`, "--raw", "--to", raw, "--overwrite"]);
});

test("cat prints a page by id or path as Markdown, HTML or its stored JSON", async () => {
  const [id, page] = ofType("page")[0]!;
  const bare = id.replace(/-/g, "");
  const first = page.title.split(" ")[0]!;
  const md = await store.ok(["cat", `latest:${page.path}`]);
  assert.match(md, /^# /);
  assert.ok(md.includes(first), "the Markdown starts with the title");
  assert.equal(
    await store.ok(["cat", id, "--format", "md"]),
    md,
    "a bare dashed id means the latest snapshot",
  );
  assert.equal(await store.ok(["cat", `https://www.notion.so/Some-page-${bare}`]), md);
  assert.equal(await store.ok(["cat", `latest:${bare.slice(0, 8)}`]), md, "the short id ls -l shows");
  const html = await store.ok(["cat", `latest:${bare}`, "--format", "html"]);
  assert.match(html, /^<!doctype html>/i);
  assert.ok(html.includes(first));
  const json = JSON.parse(await store.ok(["cat", bare, "--format", "json"])) as {
    page: { id: string };
    blocks: unknown[];
    comments: { page: unknown[] };
  };
  assert.equal(json.page.id, id);
  assert.ok(Array.isArray(json.blocks) && json.blocks.length > 0);
  assert.ok(Array.isArray(json.comments.page));
  // A file path still prints the file's bytes.
  const raw = JSON.parse(await store.ok(["cat", `latest:${page.path}/page.json`])) as { id: string };
  assert.equal(raw.id, id);
  const missing = await store.run(["cat", "latest:ffffffffffffffffffffffffffffffff"]);
  assert.equal(missing.code, 6, missing.stderr);
});

test("cat renders a data source or database as a table; json gives its records", async () => {
  const [dsId, ds] = ofType("data_source")[0]!;
  const rows = Object.entries(entries).filter(([, e]) => e.parent === dsId && e.type === "row");
  assert.ok(rows.length > 0);
  const md = await store.ok(["cat", `latest:${dsId}`]);
  assert.match(md, /^\| .* \|$/m, "a Markdown table");
  for (const [, row] of rows) assert.ok(md.includes(row.title.split(" ")[0]!), row.title);
  const html = await store.ok(["cat", `latest:${ds.path}`, "--format", "html"]);
  assert.match(html, /<table/);
  const json = JSON.parse(await store.ok(["cat", `latest:${dsId}`, "--format", "json"])) as {
    data_source: { id: string };
    rows: Array<{ id: string }>;
  };
  assert.equal(json.data_source.id, dsId);
  assert.deepEqual(json.rows.map((r) => r.id).sort(), rows.map(([rid]) => rid).sort());
  const [dbId] = ofType("database")[0]!;
  const db = JSON.parse(await store.ok(["cat", `latest:${dbId}`, "--json"])) as {
    database: { id: string };
    data_sources: unknown[];
  };
  assert.equal(db.database.id, dbId);
  assert.ok(db.data_sources.length > 0);
  assert.match(await store.ok(["cat", `latest:${dbId}`]), /^\| /m);
});

test("ls shows the workspace tree; -l adds type, size and time; --json gives the structure", async () => {
  const text = await store.ok(["ls", "latest"]);
  const lines = text.trimEnd().split("\n");
  assert.equal(lines.length, Object.keys(entries).length, "one line per object");
  assert.ok(lines.some((l) => l.includes("[database]")));
  assert.ok(lines.some((l) => l.includes("[data source]")));
  assert.ok(lines.some((l) => /└── .* \[row\]$/.test(l)));
  for (const e of Object.values(entries)) assert.ok(text.includes(e.title), e.title);

  const long = await store.ok(["ls", "latest", "-l"]);
  assert.match(long, /^page\s+\d[\d.]* (B|KiB|MiB)\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+[0-9a-f]{8}\s+\S/m);
  assert.match(long, /^row\s/m);

  interface Node {
    id: string;
    type: string;
    size?: number;
    children: Node[];
  }
  const tree = await store.json<{ tree: Node[] }>(["ls", "latest", "-l"]);
  const flat = (n: Node[]): Node[] => n.flatMap((x) => [x, ...flat(x.children)]);
  const all = flat(tree.tree);
  assert.deepEqual(all.map((n) => n.id).sort(), Object.keys(entries).sort());
  assert.ok(
    all.every((n) => typeof n.size === "number" && n.size > 0),
    "every object has a size",
  );

  const [id, page] = ofType("page").find(([pid]) => Object.values(entries).some((e) => e.parent === pid))!;
  const sub = await store.json<{ tree: Node[] }>(["ls", `latest:${page.path}`]);
  assert.equal(sub.tree.length, 1);
  assert.equal(sub.tree[0]!.id, id);
  assert.ok(sub.tree[0]!.children.length > 0);

  const media = await store.ok(["ls", `latest:${page.path}/page.json`]);
  assert.equal(media.trim(), `${page.path}/page.json`, "a path to a file lists that file");
  const raw = await store.ok(["ls", "latest", "--raw"]);
  assert.match(raw, /^index\.json$/m);
  assert.match(raw, /^users\.json$/m);
  assert.ok((await stat(store.dir)).isDirectory());
});

test("the byte-identical restore of a plain snapshot refuses to overwrite too, unless --overwrite", async () => {
  const src = await store.scratch("plain-src");
  await writeFile(join(src, "a.txt"), "one\n");
  const snap = await store.json<{ id: string }>(["backup", "--source", src]);
  const out = await store.scratch("plain-out");
  await store.ok(["restore", snap.id.slice(0, 8), "--to", out]);
  await writeFile(join(out, "a.txt"), "changed\n");
  const again = await store.run(["restore", snap.id.slice(0, 8), "--to", out]);
  assert.equal(again.code, 2, again.stderr);
  assert.match(again.stderr, /a\.txt already exists/);
  assert.equal(await readFile(join(out, "a.txt"), "utf8"), "changed\n");
  await store.ok(["restore", snap.id.slice(0, 8), "--to", out, "--overwrite"]);
  assert.equal(await readFile(join(out, "a.txt"), "utf8"), "one\n");
  // A plain snapshot keeps the file listing.
  assert.equal((await store.ok(["ls", snap.id.slice(0, 8)])).trim(), "a.txt");
});
