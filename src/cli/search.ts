// `nvault search QUERY`: full-text search over titles, blocks, properties and comments of workspace snapshots.
import type { Command } from "commander";
import { type SearchEvent, type SearchHit, type SearchResult, searchSnapshots } from "../search/search.ts";
import { formatBytes, shortId } from "./human-format.ts";
import { printResult } from "./output.ts";
import {
  addStoreOptions,
  countOption,
  type StoreCliOptions,
  usageError,
  withStore,
} from "./store-options.ts";

interface SearchCliOptions extends StoreCliOptions {
  snapshot?: string;
  all?: boolean;
  limit: number;
}

/** Milliseconds between progress lines when stderr is not a terminal. */
const LOG_EVERY_MS = 3000;

/** Index building on stderr: a line per snapshot (rewritten in place on a terminal). */
function progress(): { onEvent: (e: SearchEvent) => void; end: () => void } {
  const live = process.stderr.isTTY === true;
  let open = false;
  let lastLog = 0;
  const line = (text: string) => {
    if (live) {
      process.stderr.write(`\r\x1b[2K${text}`);
      open = true;
    } else process.stderr.write(`${text}\n`);
  };
  const end = () => {
    if (open) process.stderr.write("\n");
    open = false;
  };
  return {
    onEvent: (e) => {
      if (e.type === "index-open" && e.state === "missing") line("search: building the index (first use)");
      else if (e.type === "index-open" && e.state === "corrupt")
        line(`search: the cached index is unreadable (${e.problem}); rebuilding it`);
      else if (e.type === "snapshot" && e.done < e.total) {
        // Off a terminal, one line every few seconds is enough for a log.
        if (!live && e.done > 0 && Date.now() - lastLog < LOG_EVERY_MS) return;
        lastLog = Date.now();
        line(`search: indexing snapshot ${shortId(e.snapshot)} (${e.done + 1}/${e.total})`);
      } else if (e.type === "objects" && live)
        line(
          `search: indexing snapshot ${shortId(e.snapshot)}: ${e.objects} objects, ${e.indexed} new versions`,
        );
      else if (e.type === "index-saved") {
        line(`search: index saved (${e.docs} versions, ${e.snapshots} snapshots, ${formatBytes(e.bytes)})`);
        end();
      }
    },
    end,
  };
}

/** The snippet with its matches marked: bold on a terminal, **like this** otherwise. */
function marked(hit: SearchHit, tty: boolean): string {
  const [open, close] = tty ? ["\x1b[1;33m", "\x1b[0m"] : ["**", "**"];
  let out = "";
  let at = 0;
  for (const [s, e] of hit.snippet.marks) {
    out += `${hit.snippet.text.slice(at, s)}${open}${hit.snippet.text.slice(s, e)}${close}`;
    at = e;
  }
  return out + hit.snippet.text.slice(at);
}

function where(hit: SearchHit): string {
  const f = hit.snippet.field;
  if (f.kind === "property") return `property ${JSON.stringify(f.label)}`;
  if (f.kind === "block") return `${f.label} block`;
  if (f.kind === "comment") return "comment";
  return f.kind;
}

function snapshotsText(hit: SearchHit): string {
  const shown = hit.snapshots
    .slice(0, 4)
    .map((s) => `${shortId(s.id)} (${s.time.slice(0, 16).replace("T", " ")})`);
  const more = hit.snapshots.length - shown.length;
  return `${hit.snapshots.length === 1 ? "snapshot" : `${hit.snapshots.length} snapshots`}: ${shown.join(", ")}${more > 0 ? `, … ${more} more` : ""}`;
}

function text(r: SearchResult): string {
  const tty = process.stdout.isTTY === true;
  const lines: string[] = [];
  for (const hit of r.hits) {
    lines.push(hit.path.join(" › "));
    lines.push(`  ${hit.type} ${hit.id} · ${where(hit)}`);
    lines.push(`  ${marked(hit, tty)}`);
    lines.push(`  ${snapshotsText(hit)}`);
    lines.push("");
  }
  const scope = r.scope.length === 1 ? `snapshot ${shortId(r.scope[0]!.id)}` : `${r.scope.length} snapshots`;
  if (r.total === 0) lines.push(`no match for ${JSON.stringify(r.query)} in ${scope}`);
  else {
    const cut = r.total > r.hits.length ? ` (showing ${r.hits.length}; --limit N shows more)` : "";
    lines.push(`${r.total} ${r.total === 1 ? "hit" : "hits"} in ${scope}${cut}`);
  }
  return lines.join("\n");
}

/** Registers `search`. */
export function register(program: Command): void {
  const cmd = program
    .command("search")
    .description("search titles, page text, property values and comments of workspace snapshots")
    .argument(
      "<query...>",
      'words to find (all must match; the last may be a prefix); "quoted phrase" for exact order',
    );
  addStoreOptions(cmd)
    .option("--snapshot <id>", "search this snapshot (id prefix, 'latest' or 'latest~N'; default latest)")
    .option("--all", "search every workspace snapshot; each hit names the snapshots holding that text")
    .option("--limit <n>", "hits to show ('all' for every hit)", countOption, 20)
    .addHelpText(
      "after",
      [
        "",
        "Words match without regard to case or accents (cafe finds Café); the last word also matches",
        "longer words (onboard finds onboarding). The index is kept, encrypted, in the local cache",
        "(NVAULT_CACHE_DIR or ~/.cache/notion-vault) and built or updated on first use.",
        "",
        "Examples:",
        "  $ nvault search onboarding checklist",
        "  $ nvault search '\"incident review\"' --all",
        "  $ nvault search budget --snapshot 1a2b3c4d --limit 5 --json",
        "  $ nvault search budget --snapshot latest~1",
      ].join("\n"),
    )
    .action((words: string[], opts: SearchCliOptions) => {
      if (opts.all && opts.snapshot) throw usageError("use either --all or --snapshot, not both");
      const query = words.join(" ");
      const shown = progress();
      return withStore(opts, async (repo, signal) => {
        try {
          const result = await searchSnapshots(repo, query, {
            snapshot: opts.snapshot,
            all: opts.all,
            limit: opts.limit < 0 ? Number.MAX_SAFE_INTEGER : opts.limit,
            signal,
            onEvent: shown.onEvent,
          });
          shown.end();
          printResult(result, opts.json, text);
        } finally {
          shown.end();
        }
      });
    });
}
