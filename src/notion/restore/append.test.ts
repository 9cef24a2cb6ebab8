import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { fastClient } from "../../../test/helpers/crawl.ts";
import { HOME_PAGE_ID, startEmulator, type TestEmulator } from "../../../test/helpers/emulator.ts";
import type { NotionClient } from "../client.ts";
import type { BlockNode } from "../model.ts";
import { type AppendContext, appendBlockTree } from "./append.ts";
import { IdMap } from "./id-map.ts";
import { RestoreJournal } from "./journal.ts";

type Json = Record<string, any>;

const text = (content: string) => [
  { type: "text", text: { content, link: null }, annotations: {}, plain_text: content, href: null },
];
const node = (type: string, content: Json, children: BlockNode[] = []): BlockNode => ({
  block: { object: "block", id: randomUUID(), type, [type]: content } as never,
  children,
});
const para = (s: string, children: BlockNode[] = []) => node("paragraph", { rich_text: text(s) }, children);
const toggle = (s: string, children: BlockNode[]) => node("toggle", { rich_text: text(s) }, children);

/** A block tree as it reads back: type, text and children. */
async function readBack(client: NotionClient, id: string): Promise<unknown[]> {
  const out: unknown[] = [];
  let cursor: string | undefined;
  do {
    const res = await client.call("blocks.children.list", {
      block_id: id,
      page_size: 100,
      ...(cursor ? { start_cursor: cursor } : {}),
    });
    for (const b of res.results as Json[]) {
      const c = b[b.type] ?? {};
      const words = (c.rich_text ?? c.cells?.flat() ?? []).map((r: Json) => r.plain_text).join("");
      out.push([b.type, words, b.has_children ? await readBack(client, b.id) : []]);
    }
    cursor = res.has_more ? (res.next_cursor ?? undefined) : undefined;
  } while (cursor);
  return out;
}

function shape(nodes: BlockNode[]): unknown[] {
  return nodes.map((n) => {
    const b = n.block as Json;
    const c = b[b.type] ?? {};
    const words = (c.rich_text ?? c.cells?.flat() ?? []).map((r: Json) => r.plain_text).join("");
    return [b.type, words, shape(n.children)];
  });
}

describe("appendBlockTree", () => {
  let t: TestEmulator;
  before(async () => {
    t = await startEmulator();
  });
  after(async () => t?.close());

  const context = (journal: RestoreJournal): AppendContext => ({
    journal,
    idMap: new IdMap(journal),
    payload: { inSet: () => false },
  });

  it("sends any tree within Notion's limits and reads back the same tree", async () => {
    let deep = para("level 8");
    for (let i = 7; i >= 1; i--) deep = toggle(`level ${i}`, [deep]);
    const row = (i: number) => node("table_row", { cells: [text(`r${i}a`), text(`r${i}b`)] });
    const tree: BlockNode[] = [
      deep,
      toggle(
        "250 children",
        Array.from({ length: 250 }, (_, i) => para(`child ${i}`)),
      ),
      node(
        "table",
        { table_width: 2, has_column_header: true, has_row_header: false },
        Array.from({ length: 150 }, (_, i) => row(i)),
      ),
      node("column_list", {}, [
        node("column", {}, [toggle("in a column", [toggle("deeper", [para("deepest")])])]),
        node("column", {}, [para("second column")]),
      ]),
      para("x".repeat(4500)),
      ...Array.from({ length: 230 }, (_, i) => para(`top ${i}`, i % 50 === 0 ? [para(`under ${i}`)] : [])),
    ];
    const page = await t.client.pages.create({
      parent: { page_id: HOME_PAGE_ID },
      properties: { title: { title: [{ text: { content: "Append target" } }] } },
    });
    t.log.reset();
    const client = fastClient(t);
    const journal = RestoreJournal.memory();
    await appendBlockTree(client, page.id, tree, context(journal));
    const statuses = t.log.snapshot().statuses;
    assert.deepEqual(
      Object.keys(statuses).filter((s) => s.startsWith("4")),
      [],
    );
    assert.deepEqual(await readBack(client, page.id), shape(tree));
    // Running it again with the same journal sends no append.
    t.log.reset();
    await appendBlockTree(client, page.id, tree, context(journal));
    assert.equal(t.log.count("blocks.children.append"), 0);
  });
});
