// A page's block tree as lines of text ("type: text", indented by depth), diffed by block id where possible.
import { fileNameOf } from "../export/block-tree.ts";
import { plainText } from "../notion/layout.ts";
import type { BlockNode } from "../notion/model.ts";
import { canonicalJson } from "../store/tree.ts";
import { stableJson } from "./diff-json.ts";
import { countOps, type DiffOp, diffKeyedLines, type Hunk, type KeyedLine, toHunks } from "./text-diff.ts";

/** One block as a line: its id, its text, and a fingerprint of everything else it holds (format, colour ...). */
export interface BlockLine {
  id: string;
  text: string;
  fingerprint: string;
}

/** The block-level diff of one page. */
export interface BlockDiff {
  added: number;
  removed: number;
  changed: number;
  /** Blocks before and after (every depth). */
  before: number;
  after: number;
  hunks: Hunk[];
}

type Json = Record<string, any>;

function fileName(file: Json | undefined): string {
  if (!file) return "";
  if (typeof file.name === "string" && file.name) return file.name;
  return fileNameOf(file.file?.url ?? file.external?.url) || (file.file_upload?.id ?? "");
}

/** The text a block shows, as one line (newlines shown as ⏎ so one block stays one line). */
export function blockText(block: Json): string {
  const type: string = block.type ?? "unsupported";
  const body: Json = block[type] ?? {};
  const parts: string[] = [];
  switch (type) {
    case "to_do":
      parts.push(`[${body.checked ? "x" : " "}] ${plainText(body.rich_text)}`);
      break;
    case "code":
      parts.push(`(${body.language ?? "plain text"}) ${plainText(body.rich_text)}`);
      break;
    case "child_page":
    case "child_database":
      parts.push(body.title ?? "");
      break;
    case "equation":
      parts.push(body.expression ?? "");
      break;
    case "bookmark":
    case "embed":
    case "link_preview":
      parts.push(body.url ?? "", plainText(body.caption));
      break;
    case "image":
    case "file":
    case "pdf":
    case "video":
    case "audio":
      parts.push(fileName(body), plainText(body.caption));
      break;
    case "table_row":
      parts.push((body.cells ?? []).map((c: unknown) => plainText(c)).join(" | "));
      break;
    case "link_to_page":
      parts.push(body.page_id ?? body.database_id ?? body.data_source_id ?? "");
      break;
    case "synced_block":
      parts.push(body.synced_from?.block_id ? `from ${body.synced_from.block_id}` : "original");
      break;
    case "divider":
      parts.push("---");
      break;
    default:
      parts.push(plainText(body.rich_text));
  }
  const text = parts.filter((p) => p !== "").join(" ");
  return `${type}${text ? `: ${text}` : ""}`.replace(/\r?\n/g, "⏎");
}

/** The block tree in reading order, one line per block, children indented two spaces per level. */
export function blockLines(nodes: BlockNode[], depth = 0, out: BlockLine[] = []): BlockLine[] {
  for (const n of nodes) {
    const b = n.block as Json;
    const type: string = b.type ?? "unsupported";
    out.push({
      id: b.id,
      text: `${"  ".repeat(depth)}${blockText(b)}`,
      fingerprint: canonicalJson(stableJson(b[type] ?? null)),
    });
    blockLines(n.children, depth + 1, out);
  }
  return out;
}

/**
 * Diffs two block trees. Lines align on the block id when the id is on both sides, else on their text
 * (a block deleted and made again with the same text is not a change); a block whose text is the same
 * but whose format, colour or other content changed shows as changed, marked "(format)".
 */
export function diffBlocks(before: BlockNode[], after: BlockNode[], context = 3): BlockDiff {
  const a = blockLines(before);
  const b = blockLines(after);
  const idsA = new Set(a.map((l) => l.id));
  const idsB = new Set(b.map((l) => l.id));
  const fpA = new Map(a.map((l) => [l.id, l.fingerprint]));
  const textA = new Map(a.map((l) => [l.id, l.text]));
  const keyed = (lines: BlockLine[], other: Set<string>): KeyedLine[] =>
    lines.map((l) => ({ key: other.has(l.id) ? `id:${l.id}` : `text:${l.text}`, text: l.text }));
  const keyedA = keyed(a, idsB);
  const keyedB = keyed(b, idsA).map((l, i) => {
    const line = b[i]!;
    const old = fpA.get(line.id);
    // Same text, other content (bold, colour, a checkbox of a table ...): make the line differ so it counts.
    return old !== undefined && old !== line.fingerprint && textA.get(line.id) === l.text
      ? { ...l, text: `${l.text} (format)` }
      : l;
  });
  const ops: DiffOp[] = diffKeyedLines(keyedA, keyedB);
  return { ...countOps(ops), before: a.length, after: b.length, hunks: toHunks(ops, context) };
}
