// `nvault cat SNAPSHOT[:PATH]`: a Notion object rendered (md, html) or as JSON, a file's bytes, or the manifest.
import type { Command } from "commander";
import { objectJson } from "../inspect/object-json.ts";
import { nothingMatches, resolveRef } from "../inspect/object-ref.ts";
import { renderForCat } from "../inspect/render-document.ts";
import { readFile } from "../store/browse.ts";
import { checkSignature } from "../store/snapshot.ts";
import { printResult } from "./output.ts";
import { addStoreOptions, type StoreCliOptions, usageError, withStore } from "./store-options.ts";

const FORMATS = ["json", "md", "html"] as const;

function write(bytes: Uint8Array | string): Promise<void> {
  return new Promise((resolve, reject) =>
    process.stdout.write(bytes, (err) => (err ? reject(err) : resolve())),
  );
}

/** Registers `cat`. */
export function register(program: Command): void {
  const cmd = program
    .command("cat")
    .description(
      "print a Notion page, row, database or data source, a file from a snapshot, or a snapshot's manifest",
    )
    .argument(
      "<ref>",
      "SNAPSHOT[:PATH] or SNAPSHOT:NOTION_ID (SNAPSHOT: id prefix, 'latest' or 'latest~N'), or a bare Notion id or notion.so URL (the latest Notion snapshot)",
    );
  addStoreOptions(cmd)
    .option("--format <format>", "for a Notion object: md (default), html or json")
    .addHelpText(
      "after",
      `
In a Notion snapshot, a path to an object's folder or a Notion id (bare, dashed, a notion.so URL,
or the 8-digit prefix ls -l shows) names a page, row, template, database or data source: md and
html render it (a table for a database or data source), json prints the stored records (page +
blocks + comments for a page, schema + rows for a data source). A path to a file prints its bytes unchanged, as for any
snapshot. Links to other pages point at notion.so; media links name the file in the snapshot.
Without :PATH, cat prints the snapshot's signed manifest.

Examples:
  $ nvault cat latest:notes/todo.md
  $ nvault cat "latest:Engineering Wiki 1a2b3c4d"
  $ nvault cat latest:1a2b3c4d5e6f4a1b8c9d0e1f2a3b4c5d --format html > page.html
  $ nvault cat https://www.notion.so/Roadmap-1a2b3c4d5e6f4a1b8c9d0e1f2a3b4c5d --format json
  $ nvault cat "latest:Engineering Wiki 1a2b3c4d/page.json"
  $ nvault cat 1a2b3c4d > manifest.json`,
    )
    .action((arg: string, opts: StoreCliOptions & { format?: string }) => {
      const format = opts.format;
      if (format !== undefined && !(FORMATS as readonly string[]).includes(format)) {
        throw usageError(`--format must be one of ${FORMATS.join(", ")}`);
      }
      return withStore(opts, async (repo, signal) => {
        const ref = await resolveRef(repo, arg, signal);
        const { snapshot, path, reader } = ref;
        if (path === "") {
          const doc = { ...snapshot, verified: checkSignature(repo, snapshot) };
          // A manifest is a document: always JSON.
          printResult(doc, true, () => "");
          return;
        }
        if (!reader || (ref.entry?.type === "file" && format === undefined)) {
          if (format !== undefined && !reader) throw usageError("--format applies to Notion snapshots only");
          for await (const bytes of readFile(repo, snapshot, path, signal)) await write(bytes);
          return;
        }
        if (!ref.id) throw nothingMatches(ref);
        if (format === "json" || (format === undefined && opts.json)) {
          printResult(await objectJson(reader, ref.id, { rows: true, signal }), true, () => "");
          return;
        }
        await write(await renderForCat(reader, ref.id, format === "html" ? "html" : "md"));
      });
    });
}
