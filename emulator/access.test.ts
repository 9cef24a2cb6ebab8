// Unit tests of sharing: visible objects are returned, anything else is a Notion-worded 404.
import assert from "node:assert/strict";
import { test } from "node:test";
import { visibleOr404 } from "./access.ts";
import { NotionError } from "./errors.ts";
import { Workspace } from "./workspace.ts";

const ROOT = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const CHILD = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
const OTHER = "cccccccc-cccc-4ccc-8ccc-cccccccccccc";

function workspace() {
  const ws = Workspace.fromData({
    pages: [
      { object: "page", id: ROOT, parent: { type: "workspace", workspace: true } },
      { object: "page", id: OTHER, parent: { type: "workspace", workspace: true } },
    ],
    blocks: [{ object: "block", id: CHILD, parent: { type: "page_id", page_id: ROOT }, type: "paragraph" }],
    integrations: [{ token: "t", name: "Backup", shared: [ROOT] }],
  });
  return { ws, integration: ws.integrations.get("t")! };
}

test("shared roots and their descendants are visible, by dashed or undashed id", () => {
  const ctx = workspace();
  assert.equal(visibleOr404(ctx, ROOT.replace(/-/g, ""), "page").id, ROOT);
  assert.equal(visibleOr404(ctx, CHILD, "block").id, CHILD);
});

test("unshared, missing or wrong-kind ids answer 404 object_not_found naming the integration", () => {
  const ctx = workspace();
  for (const [id, kind] of [
    [OTHER, "page"],
    [CHILD, "page"],
    ["dddddddd-dddd-4ddd-8ddd-dddddddddddd", "database"],
  ] as const) {
    assert.throws(
      () => visibleOr404(ctx, id, kind),
      (e) =>
        e instanceof NotionError &&
        e.status === 404 &&
        e.code === "object_not_found" &&
        e.message.startsWith(`Could not find ${kind} with ID: ${id}.`) &&
        e.message.includes('"Backup"'),
    );
  }
});

test("a shared memo answers as the walk up the parents does, for every object, in any order", () => {
  const { ws, integration } = workspace();
  const ids = [CHILD, OTHER, ROOT, CHILD.replace(/-/g, ""), OTHER];
  const memo = new Map<string, boolean>();
  for (const id of ids) assert.equal(ws.isVisible(id, integration, memo), ws.isVisible(id, integration), id);
  assert.equal(memo.get(OTHER), false);
  assert.equal(memo.get(CHILD), true);
});
