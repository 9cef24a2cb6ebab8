// pageHistory over real backups: a page's versions are the snapshots where its own files changed.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { type BackedUpWorkspace, backedUpWorkspace } from "../../test/helpers/workspace-snapshot.ts";
import { listSnapshots } from "../store/browse.ts";
import { pageHistory } from "./page-history.ts";

let b: BackedUpWorkspace;
before(async () => {
  b = await backedUpWorkspace({ seed: 4, pages: 8, rowsPerDatabase: 3 });
});
after(() => b?.close());

const rich = (content: string) => [{ type: "text" as const, text: { content } }];

test("a page's history lists when it appeared, changed, was renamed and was trashed, and nothing else", async () => {
  const r = b.reader;
  const page = r
    .ids()
    .find((id) => r.entry(id)!.type === "page" && r.entry(id)!.parent && r.childrenOf(id).length === 0)!;
  const other = r
    .ids()
    .find((id) => r.entry(id)!.type === "page" && id !== page && id !== r.entry(page)!.parent)!;
  const { client } = b.emulator;

  const s1 = b.result.snapshot.id;
  await client.pages.update({
    page_id: other,
    properties: { title: { title: rich("Another page renamed") } },
  });
  const s2 = (await b.backupAgain()).result.snapshot.id; // the page itself is untouched here
  await client.blocks.children.append({
    block_id: page,
    children: [{ paragraph: { rich_text: rich("more") } }],
  });
  const s3 = (await b.backupAgain()).result.snapshot.id;
  await client.pages.update({ page_id: page, properties: { title: { title: rich("New title") } } });
  const s4 = (await b.backupAgain()).result.snapshot.id;
  await client.pages.update({ page_id: page, in_trash: true });
  const s5 = (await b.backupAgain()).result.snapshot.id;

  const history = await pageHistory(b.repo, await listSnapshots(b.repo), page.replace(/-/g, ""));
  assert.deepEqual(
    history.map((v) => [v.snapshot, v.change]),
    [
      [s1, "added"],
      [s3, "changed"],
      [s4, "changed"],
      [s5, "removed"],
    ],
  );
  assert.ok(!history.some((v) => v.snapshot === s2), "an unchanged snapshot is not a version");
  assert.equal(history[1]!.diff?.blocks?.added, 1);
  assert.deepEqual(history[2]!.diff?.renamed?.to, "New title");
  assert.equal(history[2]!.title, "New title");
  await assert.rejects(pageHistory(b.repo, [], "not an id"), /not a Notion id/);
});
