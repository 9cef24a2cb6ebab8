// `nvault backup`: a Notion workspace (token from NOTION_TOKEN) or, with --source, a directory, into a new signed snapshot.

import { resolve } from "node:path";
import type { Command } from "commander";
import { type BackupEvent, backupDirectory } from "../store/archiver.ts";
import { defaultCacheRoot } from "../store/index-cache.ts";
import { parseLocation } from "../store/location.ts";
import { backupNotionCommand } from "./backup-notion.ts";
import { formatBytes, shortId } from "./human-format.ts";
import { printResult } from "./output.ts";
import { addStoreOptions, collect, type StoreCliOptions, storeLocation, withStore } from "./store-options.ts";

interface BackupCliOptions extends StoreCliOptions {
  source?: string;
  tag?: string[];
  host?: string;
  parent?: string;
  force?: boolean;
  exclude: string[];
  verbose?: boolean;
  tokenFile?: string;
  rate?: string;
  comments?: string;
  commentsRefresh?: string;
  externalFiles?: boolean;
  full?: boolean;
}

function localStorePaths(location: string): string[] {
  const loc = parseLocation(location);
  const paths = loc.kind === "local" ? [loc.path] : [];
  return [...paths, resolve(defaultCacheRoot())];
}

function reporter(opts: BackupCliOptions): { onProgress: (e: BackupEvent) => void; end: () => void } {
  // Progress goes to stderr so stdout stays the result (and valid JSON with --json).
  const live = process.stderr.isTTY && !opts.verbose;
  let files = 0;
  let bytes = 0;
  let shown = 0;
  const clear = () => live && shown > 0 && process.stderr.write("\r\x1b[K");
  return {
    onProgress: (e) => {
      if (e.type === "warning") {
        clear();
        process.stderr.write(`warning: ${e.path}: ${e.message}\n`);
      } else if (e.type === "file") {
        files++;
        bytes += e.size;
        if (opts.verbose && e.status !== "unchanged") {
          process.stderr.write(`${e.status.padEnd(9)} ${e.path} (${formatBytes(e.size)})\n`);
        }
        // A status line at most every 200 ms on a terminal.
        if (live && Date.now() - shown > 200) {
          shown = Date.now();
          process.stderr.write(`\r\x1b[K${files} files, ${formatBytes(bytes)} ...`);
        }
      }
    },
    end: () => void clear(),
  };
}

/** Registers `backup`. */
export function register(program: Command): void {
  const cmd = program
    .command("backup")
    .description("take a snapshot of the Notion workspace the token sees (or of a directory with --source)");
  addStoreOptions(cmd)
    .option("--source <dir>", "back up this directory")
    .option("--tag <tag>", "add a tag to the snapshot (repeatable)", collect, [])
    .option("--host <name>", "record this host name instead of the machine's")
    .option("--parent <snapshot>", "compare against this snapshot instead of the latest of the same source")
    .option("--exclude <path>", "leave this file or directory out (repeatable)", collect, [])
    .option("--force", "re-read every file instead of trusting size, mtime and inode")
    .option("-v, --verbose", "list each new or changed file on stderr")
    .option("--token-file <file>", "read the Notion integration token from this file (env NOTION_TOKEN)")
    .option("--rate <n>", "average Notion API requests per second (default 3)")
    .option("--comments <mode>", "comments to capture: all, pages or none", "all")
    .option(
      "--comments-refresh <period>",
      "list the comments of unchanged pages again once per period (e.g. 7d, 12h; 0 = every backup, never)",
      "7d",
    )
    .option(
      "--external-files",
      "also download files linked from outside Notion (never from private addresses)",
    )
    .option("--full", "read every page again instead of reusing unchanged ones from the previous snapshot")
    .addHelpText(
      "after",
      `
Examples:
  $ NOTION_TOKEN=ntn_... nvault backup --store ./vault
  $ nvault backup --token-file ~/.notion-token --rate 2 --comments pages --json
  $ nvault backup --comments-refresh 0      # list every page's comments again (new comments never wait)
  $ NOTION_BASE_URL=http://127.0.0.1:4010 NOTION_TOKEN=... nvault backup   # against \`nvault emulator\`
  $ nvault backup --source ~/notes --tag daily
  $ nvault backup --source /srv/export --json`,
    )
    .action((opts: BackupCliOptions) => {
      if (opts.source) return backupDir(opts, opts.source);
      return backupNotionCommand(opts);
    });
}

function backupDir(opts: BackupCliOptions, source: string): Promise<void> {
  const progress = reporter(opts);
  return withStore(opts, async (repo, signal) => {
    const result = await backupDirectory(repo, {
      source,
      tags: opts.tag,
      host: opts.host,
      parent: opts.force ? null : opts.parent,
      // A local store or cache inside the source must not back itself up.
      exclude: [...opts.exclude, ...localStorePaths(storeLocation(opts))],
      signal,
      onProgress: progress.onProgress,
    }).finally(progress.end);
    const m = result.snapshot.manifest;
    const out = {
      id: result.snapshot.id,
      time: m.time,
      parent: m.parent ?? null,
      warnings: result.warnings,
      ...m.summary,
    };
    printResult(out, opts.json, (r) =>
      [
        `snapshot ${shortId(r.id)} saved`,
        `  ${r.files} files, ${r.dirs} dirs, ${formatBytes(r.bytes)}`,
        `  added ${r.newBlobs} blobs, ${formatBytes(r.addedBytes)}${r.parent ? ` (parent ${shortId(r.parent)})` : ""}`,
        ...(r.warnings > 0 ? [`  ${r.warnings} entries could not be read (see warnings above)`] : []),
      ].join("\n"),
    );
  });
}
