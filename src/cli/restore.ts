// `nvault restore SNAPSHOT[:PATH] --to DIR`: a Notion snapshot as a readable folder, any snapshot byte-identical.
import type { Command } from "commander";
import { exportFolder } from "../inspect/folder-export.ts";
import { DEFAULT_EXPORT_FORMATS, EXPORT_FORMATS, type ExportFormat } from "../inspect/folder-plan.ts";
import { checkRestoreTarget } from "../inspect/folder-restore-check.ts";
import { nothingMatches, resolveRef } from "../inspect/object-ref.ts";
import { restoreSnapshot } from "../store/restorer.ts";
import { formatBytes, shortId } from "./human-format.ts";
import { printResult } from "./output.ts";
import {
  addNotionRestoreOptions,
  type NotionRestoreCliOptions,
  restoreToNotionCommand,
} from "./restore-notion.ts";
import { addStoreOptions, type StoreCliOptions, usageError, withStore } from "./store-options.ts";

interface RestoreCliOptions extends StoreCliOptions, NotionRestoreCliOptions {
  to?: string;
  verbose?: boolean;
  format?: string;
  overwrite?: boolean;
  raw?: boolean;
}

/** Parses "md,html" (or "all") into export formats. */
export function parseFormats(text: string | undefined): ExportFormat[] {
  if (text === undefined) return [...DEFAULT_EXPORT_FORMATS];
  if (text.trim() === "all") return [...EXPORT_FORMATS];
  const asked = text
    .split(",")
    .map((f) => f.trim().toLowerCase())
    .filter(Boolean);
  const bad = asked.find((f) => !(EXPORT_FORMATS as readonly string[]).includes(f));
  if (bad !== undefined || asked.length === 0) {
    throw usageError(`--format takes a comma-separated list of ${EXPORT_FORMATS.join(", ")} (or all)`);
  }
  return EXPORT_FORMATS.filter((f) => asked.includes(f));
}

/** Registers `restore`. */
export function register(program: Command): void {
  const cmd = program
    .command("restore")
    .description("restore a snapshot, or a part of it, to a directory (a Notion snapshot as readable files)")
    .argument("<snapshot>", "snapshot id prefix, 'latest' or 'latest~N', optionally :PATH or :NOTION_ID");
  addStoreOptions(cmd)
    .option("--to <dir>", "directory to restore into (created if missing)")
    .option(
      "--format <list>",
      `Notion snapshots: comma-separated formats among ${EXPORT_FORMATS.join(", ")}, or all (default ${DEFAULT_EXPORT_FORMATS.join(",")})`,
    )
    .option("--overwrite", "replace files that already exist (default: fail before writing anything)")
    .option("--raw", "restore a Notion snapshot's stored files byte-identical instead of a readable folder")
    .option("-v, --verbose", "list each written file on stderr")
    .addHelpText(
      "after",
      `
A Notion snapshot becomes a folder a person can open: index.md / index.html (the workspace tree),
one Markdown or HTML file per page and row, a CSV (and a table page) per data source, media files
in a media/ folder beside their page, and with json each object's stored records; links between
pages are relative. Names come from titles, made safe for every file system (duplicates get " (2)").
SNAPSHOT:PATH or SNAPSHOT:NOTION_ID exports one page, database or row with what it holds; a PATH
naming a stored file or another folder (".../page.json", "synced-blocks") restores it as stored.

Other snapshots (and --raw) restore byte-identical with modes and times: the whole snapshot lands
as DIR's contents, SNAPSHOT:PATH as DIR/<last part of PATH>.

Nothing is written outside DIR and no symlink in DIR is followed. An existing file at a path the
restore would write fails it before anything is written (exit code 2) unless --overwrite.

Examples:
  $ nvault restore latest --to ./wiki
  $ nvault restore latest --to ./wiki --format md,html,csv,json --overwrite
  $ nvault restore "latest:Engineering Wiki 1a2b3c4d" --to ./engineering --format html
  $ nvault restore latest:1a2b3c4d5e6f4a1b8c9d0e1f2a3b4c5d --to ./page
  $ nvault restore latest --raw --to /tmp/raw
  $ nvault restore 1a2b3c4d:docs/handbook --to ./out --json`,
    );
  // Restoring into Notion (src/cli/restore-notion.ts) shares the command: --to-notion / --in-place.
  addNotionRestoreOptions(cmd).action((arg: string, opts: RestoreCliOptions) => {
    if (opts.toNotion || opts.inPlace) {
      if (opts.to) throw usageError("--to and --to-notion/--in-place exclude each other");
      return restoreToNotionCommand(arg, opts);
    }
    if (!opts.to) throw usageError("where to? pass --to DIR (or --to-notion PAGE_ID)");
    const target = opts.to;
    const formats = parseFormats(opts.format);
    return withStore(opts, async (repo, signal) => {
      const ref = await resolveRef(repo, arg, signal);
      const { snapshot, path, reader } = ref;
      const where = `${shortId(snapshot.id)}${path ? `:${path}` : ""}`;
      // A path to a single stored file restores that file, as for any snapshot.
      if (reader && !opts.raw && (path === "" || ref.object || !ref.entry)) {
        if (path !== "" && !ref.object) throw nothingMatches(ref);
        const result = await exportFolder(reader, {
          target,
          formats,
          rootId: ref.object,
          overwrite: opts.overwrite,
          signal,
          onFile: (p) => {
            if (opts.verbose) process.stderr.write(`${p}\n`);
          },
        });
        for (const w of result.warnings) process.stderr.write(`nvault: warning: ${w.path}: ${w.message}\n`);
        printResult(
          { snapshot: snapshot.id, kind: "folder", ...result },
          opts.json,
          (r) =>
            `exported ${where} to ${r.target}: ${r.objects} objects, ${r.files} files (${r.media} media), ${formatBytes(r.bytes)}; formats ${r.formats.join(",")}`,
        );
        return;
      }
      if (opts.format !== undefined) throw usageError("--format applies to Notion snapshots (without --raw)");
      // A Notion id names the object's folder.
      const rawPath = reader && ref.id && !ref.entry ? reader.entry(ref.id)!.path : path;
      if (!opts.overwrite) await checkRestoreTarget(repo, snapshot, rawPath, target);
      const result = await restoreSnapshot(repo, snapshot, {
        target,
        path: rawPath,
        signal,
        onProgress: (e) => {
          if (opts.verbose) process.stderr.write(`${e.path}\n`);
        },
      });
      printResult(
        { snapshot: snapshot.id, kind: "raw", ...result },
        opts.json,
        (r) =>
          `restored ${where} to ${r.target}: ${r.files} files, ${r.dirs} dirs, ${r.symlinks} symlinks, ${formatBytes(r.bytes)}`,
      );
    });
  });
}
