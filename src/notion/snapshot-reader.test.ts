// WorkspaceSnapshot over a real backup of a generated workspace: ids, paths, records and files.json.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { type BackedUpWorkspace, backedUpWorkspace } from "../../test/helpers/workspace-snapshot.ts";
import { normaliseNotionId } from "./snapshot-reader.ts";

let b: BackedUpWorkspace;
before(async () => {
  b = await backedUpWorkspace({ seed: 11, pages: 8, rowsPerDatabase: 4, mediaFiles: 3, commentsPerPage: 1 });
});
after(() => b?.close());

test("normaliseNotionId takes bare, dashed and URL forms", () => {
  const id = "1a2b3c4d-5e6f-4a1b-8c9d-0e1f2a3b4c5d";
  assert.equal(normaliseNotionId(id.replace(/-/g, "")), id);
  assert.equal(normaliseNotionId(id.toUpperCase()), id);
  assert.equal(normaliseNotionId(`https://www.notion.so/Wiki-${id.replace(/-/g, "")}?pvs=4`), id);
  assert.equal(normaliseNotionId("not an id"), undefined);
});

test("every captured page resolves by id and by path, and reads back as the emulator holds it", async () => {
  const { reader, ws } = b;
  let pages = 0;
  for (const id of reader.ids()) {
    const e = reader.entry(id)!;
    assert.equal(reader.resolve(e.path), id);
    assert.equal(reader.resolve(`${e.path}/page.json`), id);
    if (e.type !== "page" && e.type !== "row") continue;
    pages++;
    const page = await reader.page(id);
    assert.equal(page.id, id);
    assert.equal(page.last_edited_time, ws.pages.get(id)?.last_edited_time);
    const blocks = await reader.blocks(id);
    const live = [...ws.blocks.values()].filter(
      (x) => x.parent?.page_id === id && !x.in_trash && !x.archived,
    );
    assert.equal(blocks.length, live.length, `top-level blocks of ${id}`);
  }
  assert.ok(pages > 8);
  const tops = reader.roots();
  assert.ok(tops.length > 0);
  for (const id of tops) assert.equal(reader.resolve(reader.entry(id)!.path), id);
  assert.throws(() => reader.require("no such page"), /nothing in snapshot/);
});

test("files.json says which block or page uses each downloaded file", async () => {
  const { reader } = b;
  let refs = 0;
  for (const id of reader.ids()) {
    for (const f of await reader.files(id)) {
      refs++;
      assert.match(f.sha256, /^[0-9a-f]{64}$/);
      assert.ok(!f.url_path.includes("?"), "no signature in the stored URL");
      const bytes = await reader.readBytes(f.path);
      assert.equal(bytes.length, f.size);
      if (f.owner.object === "block") {
        const blocks = JSON.stringify(await reader.blocks(id));
        assert.ok(blocks.includes(f.owner.id), `block ${f.owner.id} is in ${id}'s tree`);
      }
    }
  }
  assert.ok(refs > 0, "the generated workspace has hosted files");
});

test("users and report are readable", async () => {
  const users = await b.reader.userMap();
  assert.ok(users.size > 0);
  const report = await b.reader.report();
  assert.ok(report && report.counts.page! > 0);
});
