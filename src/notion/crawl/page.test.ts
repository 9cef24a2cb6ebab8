// Property completion: which values pages.retrieve may have cut, and their full values read page by page.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import type { PageObjectResponse } from "@notionhq/client";
import { generateWorkspace } from "../../../emulator/generator/index.ts";
import type { NotionObject } from "../../../emulator/workspace.ts";
import { crawlContext, fastClient } from "../../../test/helpers/crawl.ts";
import { startEmulator, type TestEmulator } from "../../../test/helpers/emulator.ts";
import { completeProperties, isTruncated } from "./page.ts";

const refs = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `id-${i}` }));
const mention = { type: "mention", mention: { type: "user", user: { id: "u" } } };

test("only values that may have been cut at 25 references count as truncated", () => {
  assert.equal(isTruncated({ type: "relation", relation: refs(3), has_more: true }), true);
  assert.equal(isTruncated({ type: "relation", relation: refs(25), has_more: false }), true);
  assert.equal(isTruncated({ type: "relation", relation: refs(24), has_more: false }), false);
  assert.equal(isTruncated({ type: "people", people: refs(25) }), true);
  assert.equal(isTruncated({ type: "people", people: refs(2) }), false);
  assert.equal(isTruncated({ type: "rich_text", rich_text: Array(25).fill(mention) }), true);
  assert.equal(isTruncated({ type: "rich_text", rich_text: Array(40).fill({ type: "text" }) }), false);
  assert.equal(isTruncated({ type: "rollup", rollup: { type: "array", array: refs(25) } }), true);
  assert.equal(isTruncated({ type: "rollup", rollup: { type: "number", number: 3 } }), false);
  assert.equal(isTruncated({ type: "number", number: 25 }), false);
});

const open: TestEmulator[] = [];
after(async () => {
  await Promise.all(open.map((t) => t.close()));
});

test("truncated values are completed through pages.properties.retrieve, the rest cost nothing", async () => {
  const ws = generateWorkspace({ seed: 3, pages: 6 });
  const t = await startEmulator({ workspace: ws });
  open.push(t);
  const client = fastClient(t);
  const long = [...ws.pages.values()].find((p) =>
    Object.values(p.properties as Record<string, NotionObject>).some(
      (v) => v.type === "relation" && v.relation.length > 25,
    ),
  )!;
  assert.ok(long, "the generated workspace has a row with more than 25 relation targets");
  const { ctx } = crawlContext(client);
  const page = (await client.call("pages.retrieve", { page_id: long.id })) as PageObjectResponse;
  await completeProperties(ctx, page);
  for (const [name, prop] of Object.entries(page.properties) as Array<[string, NotionObject]>) {
    const stored = long.properties[name];
    if (["relation", "people", "title", "rich_text"].includes(prop.type)) {
      assert.deepEqual(prop[prop.type], stored[stored.type], name);
    }
  }
  const truncated = Object.values(long.properties as Record<string, NotionObject>).filter((p) => {
    const v = p[p.type];
    return Array.isArray(v) && v.length > 25;
  }).length;
  assert.ok(truncated > 0);
  assert.ok(t.log.count("pages.properties.retrieve") >= truncated);

  const short = [...ws.pages.values()].find((p) => p.parent?.type === "workspace")!;
  const before = t.log.count("pages.properties.retrieve");
  const plain = (await client.call("pages.retrieve", { page_id: short.id })) as PageObjectResponse;
  await completeProperties(ctx, plain);
  assert.equal(t.log.count("pages.properties.retrieve"), before);
});
