// A backed-up workspace for tests of what reads snapshots: emulator + generated (or given) workspace -> memory store.
import { type GenerateOptions, generateWorkspace } from "../../emulator/generator/index.ts";
import { Workspace } from "../../emulator/workspace.ts";
import { backupNotion, type NotionBackupResult } from "../../src/notion/backup.ts";
import { WorkspaceSnapshot } from "../../src/notion/snapshot-reader.ts";
import type { Repository } from "../../src/store/repository.ts";
import { fastClient } from "./crawl.ts";
import { startEmulator, type TestEmulator } from "./emulator.ts";
import { memoryRepo } from "./memory-repo.ts";

/** A workspace served by the emulator and backed up once into a memory store. */
export interface BackedUpWorkspace {
  ws: Workspace;
  emulator: TestEmulator;
  repo: Repository;
  /** The first backup's result and its snapshot opened for reading. */
  result: NotionBackupResult;
  reader: WorkspaceSnapshot;
  /** Backs the (possibly edited) workspace up again and opens the new snapshot. */
  backupAgain(opts?: { full?: boolean }): Promise<{ result: NotionBackupResult; reader: WorkspaceSnapshot }>;
  close(): Promise<void>;
}

/** Generates a workspace (or takes one), serves it and backs it up once. */
export async function backedUpWorkspace(
  source: Partial<GenerateOptions> | Workspace = { seed: 7, pages: 12, rowsPerDatabase: 6, mediaFiles: 3 },
): Promise<BackedUpWorkspace> {
  const ws = source instanceof Workspace ? source : generateWorkspace(source);
  const emulator = await startEmulator({ workspace: ws });
  const repo = await memoryRepo();
  const client = fastClient(emulator);
  const run = async (opts: { full?: boolean } = {}) => {
    const result = await backupNotion({ repo, client, ...opts });
    return { result, reader: await WorkspaceSnapshot.open(repo, result.snapshot) };
  };
  const first = await run();
  return {
    ws,
    emulator,
    repo,
    ...first,
    backupAgain: run,
    close: async () => {
      await repo.close();
      await emulator.close();
    },
  };
}
