import assert from "node:assert/strict";
import { test } from "node:test";
import { draftBlocks, insertBlocks, mergeContent } from "./block-input.ts";
import { NotionError } from "./errors.ts";
import { Workspace } from "./workspace.ts";

const PAGE = "11111111-1111-4111-8111-111111111111";

function ctx() {
  const ws = new Workspace();
  ws.pages.set(PAGE, {
    object: "page",
    id: PAGE,
    parent: { type: "workspace", workspace: true },
    properties: {},
  });
  ws.now = () => new Date("2026-03-04T05:06:07.000Z");
  const integration = ws.addIntegration("tok", [PAGE]);
  return { ws, integration, baseUrl: "http://127.0.0.1:1" };
}

test("drafts become stamped blocks under their parent, nested children included", () => {
  const c = ctx();
  const drafts = draftBlocks(
    [
      { toggle: { rich_text: [{ text: { content: "t" } }], children: [{ divider: {} }] } },
      { callout: { rich_text: [] } },
      { file: { external: { url: "https://e.com/a%20b.pdf?x=1" } } },
    ],
    c,
  );
  const [toggle, callout, file] = insertBlocks(drafts, PAGE, c);
  assert.equal(toggle!.created_time, "2026-03-04T05:06:00.000Z");
  assert.deepEqual(toggle!.parent, { type: "page_id", page_id: PAGE });
  assert.deepEqual(toggle!.created_by, { object: "user", id: c.integration.botId });
  const [divider] = c.ws.children.get(toggle!.id)!;
  assert.deepEqual(c.ws.blocks.get(divider!)!.parent, { type: "block_id", block_id: toggle!.id });
  assert.deepEqual(callout!.callout.icon, { type: "emoji", emoji: "💡" });
  assert.equal(file!.file.name, "a b.pdf");
  assert.deepEqual(c.ws.children.get(PAGE), [toggle!.id, callout!.id, file!.id]);
  const [first] = insertBlocks(draftBlocks([{ divider: {} }], c), PAGE, c, 0);
  assert.equal(c.ws.children.get(PAGE)![0], first!.id);
});

test("updates merge key by key and media sources are replaced whole", () => {
  const c = ctx();
  const stored = { caption: [], type: "external", external: { url: "https://e.com/old.png" } };
  const merged = mergeContent(
    "image",
    stored,
    { external: { url: "https://e.com/new.png" } },
    c,
    "body.image",
  );
  assert.deepEqual(merged, { caption: [], type: "external", external: { url: "https://e.com/new.png" } });
  const table = { table_width: 2, has_column_header: false, has_row_header: false };
  assert.equal(mergeContent("table", table, { has_row_header: true }, c, "body.table").has_row_header, true);
  assert.throws(() => mergeContent("table", table, { table_width: 3 }, c, "body.table"), NotionError);
  assert.throws(
    () => draftBlocks([{ synced_block: { synced_from: { block_id: PAGE } } }], c),
    /original synced block/,
  );
});
