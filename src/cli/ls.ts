// `nvault ls SNAPSHOT[:PATH]`: a Notion snapshot as a tree of titles, or the files of any snapshot.
import type { Command } from "commander";
import { nothingMatches, resolveRef } from "../inspect/object-ref.ts";
import { formatTree, workspaceTree } from "../inspect/workspace-tree.ts";
import { listPath } from "../store/browse.ts";
import { formatBytes } from "./human-format.ts";
import { printResult } from "./output.ts";
import { addStoreOptions, type StoreCliOptions, withStore } from "./store-options.ts";

interface LsOptions extends StoreCliOptions {
  recursive?: boolean;
  long?: boolean;
  raw?: boolean;
}

/** Registers `ls`. */
export function register(program: Command): void {
  const cmd = program
    .command("ls")
    .description("list a snapshot: a Notion workspace as a tree of titles, any other snapshot as files")
    .argument(
      "<snapshot>",
      "snapshot id prefix, 'latest' or 'latest~N', optionally :PATH or :NOTION_ID (or a bare Notion id)",
    );
  addStoreOptions(cmd)
    .option("-r, --recursive", "list every file below the path (file listing)")
    .option("-l, --long", "tree: add type, size and last edited; files: type, mode, size and mtime")
    .option("--raw", "list the snapshot's files even for a Notion snapshot")
    .addHelpText(
      "after",
      `
For a Notion snapshot, ls shows the workspace as it is nested in Notion: pages, databases
[database], data sources [data source], rows [row] and templates [template]. SNAPSHOT:PATH or
SNAPSHOT:NOTION_ID shows one subtree. --raw (and any non-Notion snapshot) lists files.

Examples:
  $ nvault ls latest
  $ nvault ls latest -l
  $ nvault ls "latest:Engineering Wiki 1a2b3c4d" --json
  $ nvault ls latest --raw -r
  $ nvault ls 1a2b3c4d:docs -r --json`,
    )
    .action((arg: string, opts: LsOptions) =>
      withStore(opts, async (repo, signal) => {
        const ref = await resolveRef(repo, arg, signal);
        const { snapshot, path, reader } = ref;
        // The tree view for the whole workspace or an object; a path to a file or other folder lists files.
        if (reader && !opts.raw && !opts.recursive && (path === "" || ref.object || !ref.entry)) {
          if (path !== "" && !ref.object) throw nothingMatches(ref);
          const tree = await workspaceTree(reader, { rootId: ref.object, sizes: opts.long, signal });
          printResult({ snapshot: snapshot.id, tree }, opts.json, (r) =>
            formatTree(r.tree, !!opts.long, formatBytes),
          );
          return;
        }
        // A Notion id or URL names the object's folder.
        const rawPath = reader && ref.id && !ref.entry ? reader.entry(ref.id)!.path : path;
        const entries = await listPath(repo, snapshot, rawPath, { recursive: opts.recursive });
        printResult({ snapshot: snapshot.id, entries }, opts.json, (r) =>
          r.entries
            .map((e) => {
              const name = `${e.path}${e.type === "dir" ? "/" : ""}${e.type === "symlink" ? ` -> ${e.target}` : ""}`;
              if (!opts.long) return name;
              const mode = e.mode.toString(8).padStart(4, "0");
              return `${e.type.padEnd(7)} ${mode} ${formatBytes(e.size ?? 0).padStart(10)} ${e.mtime.slice(0, 19)}  ${name}`;
            })
            .join("\n"),
        );
      }),
    );
}
