// `diffSnapshots` and `nvault diff` over real backups of an emulated workspace edited through the Notion API.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { generateWorkspace } from "../emulator/generator/index.ts";
import { diffSnapshots, type SnapshotDiff } from "../src/inspect/diff.ts";
import type { ObjectDiff } from "../src/inspect/diff-object.ts";
import { renderDiff } from "../src/inspect/diff-render.ts";
import type { WorkspaceSnapshot } from "../src/notion/snapshot-reader.ts";
import { startEmulator } from "./helpers/emulator.ts";
import { makeTempStore } from "./helpers/store.ts";
import { type BackedUpWorkspace, backedUpWorkspace } from "./helpers/workspace-snapshot.ts";

let b: BackedUpWorkspace;
let unchanged: WorkspaceSnapshot;
before(async () => {
  b = await backedUpWorkspace({ seed: 21, pages: 30, rowsPerDatabase: 8, mediaFiles: 3, commentsPerPage: 1 });
});
after(() => b?.close());

const rich = (content: string) => [{ type: "text" as const, text: { content } }];

function byId(diff: SnapshotDiff, id: string): ObjectDiff | undefined {
  return diff.objects.find((d) => d.id === id);
}

function isUnder(reader: WorkspaceSnapshot, id: string, ancestor: string): boolean {
  for (let cur = reader.entry(id)?.parent; cur; cur = reader.entry(cur)?.parent)
    if (cur === ancestor) return true;
  return false;
}

test("two backups of an unchanged workspace differ in nothing, and an unchanged tree is not read", async () => {
  unchanged = (await b.backupAgain()).reader;
  const diff = await diffSnapshots(b.reader, unchanged);
  assert.deepEqual(diff.objects, []);
  assert.equal(diff.massChange, undefined);
  assert.equal(diff.summary.changed + diff.summary.added + diff.summary.removed, 0);
  assert.equal(diff.stats.objects, b.reader.ids().length);
  assert.ok(
    diff.stats.compared < diff.stats.objects / 4,
    `compared ${diff.stats.compared} of ${diff.stats.objects}`,
  );
  assert.match(renderDiff(diff), /no changes/);

  const self = await diffSnapshots(unchanged, unchanged);
  assert.deepEqual(self.objects, []);
  assert.equal(self.stats.compared, 0);
  assert.equal(self.stats.blobsRead, 1, "only the root tree is loaded");
});

test("added, trashed, moved, renamed, edited, emptied pages, a row's property and a comment show up by id", async () => {
  const r = unchanged;
  const { client } = b.emulator;
  const pages = r.ids().filter((id) => r.entry(id)!.type === "page");
  const leaves = pages.filter((id) => r.childrenOf(id).length === 0);
  const withParagraph = async (id: string) =>
    (await r.blocks(id)).map((n) => n.block).find((x) => "type" in x && x.type === "paragraph");
  const taken = new Set<string>();
  const pick = async (from: string[], ok: (id: string) => boolean | Promise<boolean> = () => true) => {
    for (const id of from) {
      if (taken.has(id) || [...taken].some((t) => isUnder(r, id, t) || isUnder(r, t, id))) continue;
      if (await ok(id)) {
        taken.add(id);
        return id;
      }
    }
    throw new Error("the generated workspace has too few pages for this test");
  };
  const edited = await pick(pages, async (id) => !!(await withParagraph(id)));
  const paragraph = (await withParagraph(edited))!;
  const oldText =
    paragraph.type === "paragraph" ? paragraph.paragraph.rich_text.map((t) => t.plain_text).join("") : "";
  const emptied = await pick(leaves, async (id) => (await r.blocks(id)).length > 0);
  const trashed = await pick(leaves);
  const moved = await pick(leaves);
  const target = await pick(pages, (id) => id !== r.entry(moved)!.parent);
  const renamed = await pick(pages);
  const rowId = r.ids().find((id) => r.entry(id)!.type === "row")!;
  const rowPage = await r.page(rowId);
  const [propName, prop] = Object.entries(rowPage.properties).find(([, p]) => p.type === "rich_text")!;
  const oldValue = prop.type === "rich_text" ? prop.rich_text.map((t) => t.plain_text).join("") : "";

  await client.blocks.update({
    block_id: paragraph.id,
    paragraph: { rich_text: rich("edited by the test") },
  });
  await client.comments.create({ parent: { page_id: edited }, rich_text: rich("a comment from the test") });
  for (const n of await r.blocks(emptied)) await client.blocks.delete({ block_id: n.block.id });
  await client.pages.update({ page_id: trashed, in_trash: true });
  await client.pages.move({ page_id: moved, parent: { type: "page_id", page_id: target } });
  await client.pages.update({ page_id: renamed, properties: { title: { title: rich("A brand new name") } } });
  await client.pages.update({
    page_id: rowId,
    properties: { [propName]: { rich_text: rich("changed value") } },
  });
  const dsId = r.entry(rowId)!.parent!;
  await client.dataSources.update({
    data_source_id: dsId,
    title: rich("Renamed source"),
    properties: { "Added by test": { rich_text: {} } },
  });
  const added = await client.pages.create({
    parent: { type: "page_id", page_id: target },
    properties: { title: { title: rich("Page added by the test") } },
    children: [{ paragraph: { rich_text: rich("first words") } }],
  });

  const next = (await b.backupAgain()).reader;
  const diff = await diffSnapshots(unchanged, next);

  assert.equal(byId(diff, added.id)?.status, "added");
  assert.equal(byId(diff, trashed)?.status, "removed");
  assert.equal(next.entry(trashed), undefined);
  const m = byId(diff, moved)!;
  assert.deepEqual([m.moved?.from, m.moved?.to], [r.entry(moved)!.parent ?? null, target]);
  assert.equal(m.moved?.toPath, next.entry(target)!.path);
  assert.deepEqual(byId(diff, renamed)?.renamed, { from: r.entry(renamed)!.title, to: "A brand new name" });
  const e = byId(diff, edited)!;
  assert.equal(e.blocks?.changed, 1);
  const lines = e.blocks!.hunks.flatMap((h) => h.lines.map((l) => `${l.op}${l.text.trim()}`));
  assert.ok(lines.includes(`-paragraph: ${oldText}`), lines.join("\n"));
  assert.ok(lines.includes("+paragraph: edited by the test"));
  const bot = [...b.ws.integrations.values()][0]!.name;
  assert.deepEqual(
    e.comments?.added.map((c) => [c.text, c.author]),
    [["a comment from the test", bot]],
  );
  assert.equal(byId(diff, emptied)?.emptied, true);
  assert.deepEqual(
    byId(diff, rowId)?.properties?.map((p) => [p.name, p.from, p.to]),
    [[propName, oldValue, "changed value"]],
  );

  const ds = byId(diff, dsId)!;
  assert.equal(ds.renamed?.to, "Renamed source");
  assert.deepEqual(
    ds.schema?.map((c) => [c.name, c.change]),
    [["Added by test", "added"]],
  );

  // Nothing else changed but the parents whose child_page blocks moved, went or were renamed.
  const allowed = new Set([edited, emptied, trashed, moved, target, renamed, rowId, added.id, dsId]);
  for (const id of [...allowed]) {
    for (const p of [r.entry(id)?.parent, next.entry(id)?.parent]) if (p) allowed.add(p);
  }
  for (const d of diff.objects) assert.ok(allowed.has(d.id), `unexpected change of ${d.type} ${d.path}`);
  assert.deepEqual(
    [
      diff.summary.added,
      diff.summary.removed,
      diff.summary.moved,
      diff.summary.renamed,
      diff.summary.emptied,
    ],
    [1, 1, 1, 2, 1],
  );
  assert.equal(diff.massChange, undefined, "2 of many pages is no mass change");
  assert.ok(diff.stats.compared < diff.stats.objects / 2);

  const text = renderDiff(diff);
  assert.match(text, /\+paragraph: edited by the test/);
  assert.match(text, /renamed\s+".*" → "A brand new name"/);
  assert.match(text, new RegExp(`property ${propName}: .* → changed value`));
  assert.ok(!renderDiff(diff, { stat: true }).includes("@@"), "--stat shows no hunks");

  // The same diff limited to one page, by path or by id, holds that page only.
  for (const ref of [next.entry(edited)!.path, edited.replace(/-/g, "")]) {
    const scoped = await diffSnapshots(unchanged, next, { path: ref });
    assert.equal(scoped.scope?.id, edited);
    assert.ok(scoped.objects.some((d) => d.id === edited));
    for (const d of scoped.objects) assert.ok(d.id === edited || isUnder(next, d.id, edited), d.path);
  }
  const byOldPath = await diffSnapshots(unchanged, next, { path: r.entry(renamed)!.path });
  assert.equal(byOldPath.scope?.id, renamed, "a renamed page's old path still names it");
  const oldParent = r.entry(moved)!.parent;
  if (oldParent) {
    const movedOut = await diffSnapshots(unchanged, next, { path: oldParent });
    assert.equal(byId(movedOut, moved)?.moved?.to, target, "a page moved out of the subtree is reported");
    for (const d of movedOut.objects) {
      const inside = d.id === oldParent || isUnder(next, d.id, oldParent) || isUnder(r, d.id, oldParent);
      assert.ok(inside, `${d.path} is outside the subtree`);
    }
  }
  const gone = await diffSnapshots(unchanged, next, { path: trashed });
  assert.deepEqual(
    gone.objects.map((d) => [d.id, d.status]),
    [[trashed, "removed"]],
  );
  await assert.rejects(
    diffSnapshots(unchanged, next, { path: "no such page" }),
    /nothing in either snapshot/,
  );
});

test("nvault diff: exit 0 without changes, exit 10 with a mass deletion (text and --json)", async () => {
  const t = await startEmulator({ workspace: generateWorkspace({ seed: 5, pages: 12, rowsPerDatabase: 4 }) });
  const store = await makeTempStore({ env: { NOTION_BASE_URL: t.url, NOTION_TOKEN: t.token } });
  try {
    await store.ok(["backup", "--rate", "500"]);
    await store.ok(["backup", "--rate", "500"]);
    const same = await store.run(["diff", "latest~1", "latest"]);
    assert.equal(same.code, 0, same.stderr);
    assert.match(same.stdout, /no changes/);
    const sameJson = JSON.parse(
      (await store.run(["diff", "latest~1", "latest", "--json"])).stdout,
    ) as SnapshotDiff;
    assert.deepEqual(sameJson.objects, []);

    // A third of the plain pages (not rows) go to the trash, with whatever is below them.
    const plain = [...t.ws.pages.values()].filter(
      (p) => (p.parent?.type === "page_id" || p.parent?.type === "workspace") && !p.in_trash,
    );
    const trashed = plain.slice(0, Math.ceil(plain.length / 3));
    for (const p of trashed) await t.client.pages.update({ page_id: p.id, in_trash: true });
    await store.ok(["backup", "--rate", "500"]);

    const json = await store.run(["diff", "latest~1", "latest", "--json"]);
    assert.equal(json.code, 10, json.stderr);
    const diff = JSON.parse(json.stdout) as SnapshotDiff;
    const removed = diff.objects.filter(
      (d) => d.status === "removed" && (d.type === "page" || d.type === "row"),
    );
    assert.equal(diff.massChange?.kind, "deleted");
    assert.equal(diff.massChange?.count, removed.length);
    assert.ok(diff.massChange!.ratio > 0.1);
    for (const p of trashed)
      assert.ok(
        removed.some((d) => d.id === p.id),
        `${p.id} removed`,
      );

    // cat reads snapshot references the same way: a trashed page is still in latest~1.
    const gonePage = trashed[0]!.id;
    const before = await store.run(["cat", `latest~1:${gonePage}`]);
    assert.equal(before.code, 0, before.stderr);
    assert.notEqual((await store.run(["cat", `latest:${gonePage}`])).code, 0);

    const text = await store.run(["diff", "latest~1", "latest", "--stat"]);
    assert.equal(text.code, 10);
    assert.match(text.stdout, /removed page/);
    assert.match(text.stderr, /MASS CHANGE/);
    const relaxed = await store.run(["diff", "latest~1", "latest", "--stat", "--threshold", "100"]);
    assert.equal(relaxed.code, 0, relaxed.stderr);
    const bad = await store.run(["diff", "latest~1", "latest", "--threshold", "lots"]);
    assert.equal(bad.code, 2);
    const help = await store.run(["diff", "--help"]);
    assert.match(help.stdout, /Examples:/);
  } finally {
    await store.close();
    await t.close();
  }
});
