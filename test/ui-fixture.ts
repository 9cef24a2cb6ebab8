// Shared by the UI tests: a generated workspace backed up twice (an edit in between) and the UI served over it.

import type { WorkspaceSnapshot } from "../src/notion/snapshot-reader.ts";
import { startUiServer, type UiServer, type UiServerOptions } from "../src/ui/server.ts";
import { type BackedUpWorkspace, backedUpWorkspace } from "./helpers/workspace-snapshot.ts";

/** A word only the second snapshot holds (added to the edited page between the backups). */
export const NEW_WORD = "Zanzibarmarmalade";

/** Two snapshots of one workspace and the page edited between them. */
export interface UiFixture {
  backed: BackedUpWorkspace;
  first: WorkspaceSnapshot;
  second: WorkspaceSnapshot;
  /** The edited page: renamed, one paragraph appended. */
  pageId: string;
  oldTitle: string;
  newTitle: string;
  serve(opts?: Partial<UiServerOptions>): Promise<UiServer>;
  close(): Promise<void>;
}

/** Backs a generated workspace up, edits one top-level page through the API, backs it up again. */
export async function uiFixture(): Promise<UiFixture> {
  const backed = await backedUpWorkspace({ seed: 11, pages: 12, rowsPerDatabase: 5, mediaFiles: 4 });
  const first = backed.reader;
  const pageId = first.roots().find((id) => first.entry(id)?.type === "page")!;
  const oldTitle = first.entry(pageId)!.title;
  const newTitle = `${oldTitle} (renamed)`;
  const client = backed.emulator.client;
  await client.blocks.children.append({
    block_id: pageId,
    children: [{ paragraph: { rich_text: [{ text: { content: `A new line about ${NEW_WORD} jam.` } }] } }],
  });
  await client.pages.update({
    page_id: pageId,
    properties: { title: { title: [{ text: { content: newTitle } }] } },
  });
  const { reader: second } = await backed.backupAgain();
  const servers: UiServer[] = [];
  return {
    backed,
    first,
    second,
    pageId,
    oldTitle,
    newTitle,
    serve: async (opts = {}) => {
      const s = await startUiServer({ repo: backed.repo, searchCacheDir: false, ...opts });
      servers.push(s);
      return s;
    },
    close: async () => {
      for (const s of servers) await s.close();
      await backed.close();
    },
  };
}
