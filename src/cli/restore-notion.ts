// `nvault restore SNAPSHOT[:PATH|NOTION_ID] --to-notion PAGE_ID` (and --in-place): a snapshot recreated in Notion.
import type { Command } from "commander";
import { resolveSnapshotRef } from "../inspect/snapshot-ref.ts";
import { createNotionClient, type NotionClient } from "../notion/client.ts";
import { type InPlaceReport, restoreInPlace } from "../notion/restore/in-place.ts";
import { RestoreJournal } from "../notion/restore/journal.ts";
import { type RestoreEvent, type RestoreReport, restoreToNotion } from "../notion/restore/restore.ts";
import { normaliseNotionId, WorkspaceSnapshot } from "../notion/snapshot-reader.ts";
import { parseSnapshotRef } from "../store/browse.ts";
import type { Repository } from "../store/repository.ts";
import { readToken } from "./backup-notion.ts";
import { shortId } from "./human-format.ts";
import { printResult } from "./output.ts";
import { type StoreCliOptions, usageError, withStore } from "./store-options.ts";

/** Options of the Notion modes of `nvault restore`. */
export interface NotionRestoreCliOptions extends StoreCliOptions {
  toNotion?: string;
  inPlace?: boolean;
  dryRun?: boolean;
  tokenFile?: string;
  rate?: string;
  journal?: string;
}

/** The Notion options of `nvault restore`, with their help text. */
export function addNotionRestoreOptions(cmd: Command): Command {
  return cmd
    .option(
      "--to-notion <page>",
      "recreate the snapshot (or SNAPSHOT:PATH) under this Notion page (id or URL)",
    )
    .option("--in-place", "roll the page named by SNAPSHOT:PATH back to its snapshot content, keeping its id")
    .option("--dry-run", "print the plan and the number of requests without writing to Notion")
    .option("--token-file <file>", "read the Notion token from this file (env NOTION_TOKEN)")
    .option("--rate <n>", "average Notion requests per second (default 3)")
    .option(
      "--journal <file>",
      "the restore journal (default: in the cache, one per snapshot, root and target)",
    )
    .addHelpText(
      "after",
      `
Into Notion (--to-notion PAGE_ID): pages with icons, covers and properties, whole block trees,
databases with their data sources, schemas, relations, rollups, formulas and rows, files (uploaded
again) and comments (author and time written into the text) are recreated under PAGE_ID, which
must be shared with the integration. Ids are remapped wherever one restored object points at
another; links to objects outside the restore stay as they were and are listed. What the API
cannot create (formula and rollup values, unique ids, created/edited stamps, unsupported blocks,
templates) is listed in the report. A journal in the cache records every object created: run the
same command again after a failure or Ctrl-C and it continues where it stopped, creating nothing
twice. NOTION_BASE_URL points the client at another API (the emulator).

Examples:
  $ nvault restore latest --to-notion 1a2b3c4d5e6f4a1b8c9d0e1f2a3b4c5d --dry-run
  $ nvault restore latest --to-notion https://www.notion.so/Restore-1a2b3c4d5e6f4a1b8c9d0e1f2a3b4c5d
  $ nvault restore "latest:Engineering Wiki 1a2b3c4d" --to-notion 1a2b3c4d5e6f4a1b8c9d0e1f2a3b4c5d --json
  $ nvault restore 5f3e:9c8b7a6d5e4f4a3b8c2d1e0f9a8b7c6d --in-place
  $ nvault restore latest~1:9c8b7a6d5e4f4a3b8c2d1e0f9a8b7c6d --in-place`,
    );
}

/** The result of a Notion restore, as printed with --json. */
export type NotionRestoreResult =
  | ({ mode: "to-notion"; snapshot: string; target: string } & RestoreReport)
  | ({ mode: "in-place"; snapshot: string } & InPlaceReport);

/** Runs a Notion restore on an open store: the library function behind the command. */
export async function runNotionRestore(
  repo: Repository,
  snapshotRef: string,
  opts: NotionRestoreCliOptions & { client: NotionClient },
  signal?: AbortSignal,
  onEvent?: (e: RestoreEvent) => void,
): Promise<NotionRestoreResult> {
  const { ref, path } = parseSnapshotRef(snapshotRef);
  // Only a workspace snapshot can go back to Notion: "latest" and "latest~N" count those.
  const snapshot = await resolveSnapshotRef(repo, ref, { workspace: true, ...(signal ? { signal } : {}) });
  const reader = await WorkspaceSnapshot.open(repo, snapshot, signal);
  const root = path === "" ? undefined : reader.require(path);
  const journalFor = (target: string) =>
    opts.journal ?? RestoreJournal.pathFor(repo.config.id, snapshot.id, root ? `${root}-${target}` : target);
  if (opts.inPlace) {
    if (!root)
      throw usageError("--in-place needs the page to roll back: SNAPSHOT:PATH or SNAPSHOT:NOTION_ID");
    const journal = await RestoreJournal.open(journalFor(`in-place-${root}`));
    try {
      const report = await restoreInPlace(reader, {
        client: opts.client,
        pageId: root,
        journal,
        ...(signal ? { signal } : {}),
      });
      return { mode: "in-place", snapshot: snapshot.id, ...report };
    } finally {
      await journal.close();
    }
  }
  const target = normaliseNotionId(opts.toNotion ?? "");
  if (!target) throw usageError("--to-notion needs a Notion page id or URL");
  const report = await restoreToNotion(reader, {
    client: opts.client,
    target,
    ...(root ? { root } : {}),
    dryRun: opts.dryRun === true,
    journalPath: journalFor(target),
    ...(signal ? { signal } : {}),
    ...(onEvent ? { onEvent } : {}),
  });
  return { mode: "to-notion", snapshot: snapshot.id, target, ...report };
}

function rateOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw usageError("--rate must be a positive number of requests per second");
  return n;
}

/** `nvault restore SNAPSHOT --to-notion PAGE | --in-place`: reads the token, opens the store, restores, prints. */
export async function restoreToNotionCommand(
  snapshotRef: string,
  opts: NotionRestoreCliOptions,
): Promise<void> {
  if (!opts.inPlace && !opts.toNotion) throw usageError("where to? pass --to-notion PAGE_ID (or --in-place)");
  if (opts.inPlace && opts.toNotion) throw usageError("--in-place and --to-notion exclude each other");
  if (opts.inPlace && opts.dryRun) throw usageError("--dry-run applies to --to-notion");
  const rate = rateOption(opts.rate);
  const token = await readToken(opts.tokenFile);
  await withStore(opts, async (repo, signal) => {
    const client = createNotionClient({
      token,
      ...(process.env.NOTION_BASE_URL ? { baseUrl: process.env.NOTION_BASE_URL } : {}),
      ...(rate ? { ratePerSecond: rate } : {}),
      signal,
    });
    const progress = (e: RestoreEvent) => {
      if (opts.json || !process.stderr.isTTY) return;
      if (e.type === "phase")
        process.stderr.write(`restore: ${e.phase} (${client.stats().totalRequests} requests so far)\n`);
    };
    const result = await runNotionRestore(repo, snapshotRef, { ...opts, client }, signal, progress);
    printResult(result, opts.json, formatNotionRestore);
  });
}

/** The report as text for people. */
export function formatNotionRestore(r: NotionRestoreResult): string {
  if (r.mode === "in-place") {
    const lines = [
      `rolled back page ${r.pageId} from snapshot ${shortId(r.snapshot)}${r.untrashed ? " (taken out of the trash)" : ""}: ` +
        `${r.properties.length} properties, ${r.blocksDeleted} blocks removed, ${r.blocksCreated} created, ${r.comments} comments`,
    ];
    for (const n of r.notRestored) lines.push(`  not restored: ${n.id}: ${n.reason}`);
    for (const w of r.warnings) lines.push(`  warning: ${w}`);
    return lines.join("\n");
  }
  const c = r.created;
  const verb = r.dryRun ? "would create" : "created";
  const lines = [
    `${r.dryRun ? "plan: restore" : "restored"} snapshot ${shortId(r.snapshot)} under ${r.target}: ${verb} ${c.pages} pages, ${c.rows} rows, ` +
      `${c.databases} databases, ${c.dataSources} data sources, ${c.blocks} blocks, ${c.comments} comments, ${c.files} files ` +
      `with ${r.requests.total} requests${r.alreadyRestored ? ` (${r.alreadyRestored} objects were already restored by an earlier run)` : ""}`,
  ];
  const endpoints = Object.entries(r.requests.byEndpoint)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  if (endpoints) lines.push(`  requests: ${endpoints}`);
  if (r.notRestored.length > 0) {
    lines.push(`not restored (${r.notRestored.length}):`);
    for (const n of r.notRestored.slice(0, 50)) lines.push(`  ${n.type} ${n.id}: ${n.reason}`);
    if (r.notRestored.length > 50)
      lines.push(`  ... and ${r.notRestored.length - 50} more (--json lists all)`);
  }
  for (const m of r.moved.slice(0, 20)) lines.push(`moved: ${m.id}: ${m.reason}`);
  if (r.readOnlyValues.length > 0) {
    const kinds = [...new Set(r.readOnlyValues.map((v) => v.type))].join(", ");
    const values = r.readOnlyValues.reduce((n, v) => n + v.rows, 0);
    lines.push(`read-only values not written: ${values} (${kinds}; --json lists them per property)`);
  }
  if (r.outsideLinks.length > 0)
    lines.push(`links kept pointing outside the restore: ${r.outsideLinks.length}`);
  if (!r.dryRun) lines.push(`journal: ${r.journal} (run the same command again to resume after a failure)`);
  return lines.join("\n");
}
