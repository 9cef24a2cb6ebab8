// Block objects of every type, in API response shape (has_children is left for the emulator to compute).
import type { NotionObject } from "../workspace.ts";
import { type GenContext, stamps } from "./context.ts";
import type { MediaKind } from "./media.ts";
import { richParagraph, simpleText, text } from "./rich-text.ts";
import { emoji, noun, sentence } from "./words.ts";

/** Where a block sits: directly on a page or inside another block. */
export interface BlockParent {
  type: "page_id" | "block_id";
  id: string;
}

/** Every kind of block the generator writes (variants such as hosted vs external media count apart). */
// biome-ignore format: a table reads better packed
export const BLOCK_KINDS = [
  "paragraph", "heading_1", "heading_2", "heading_3", "heading_4", "toggle_heading_1", "toggle_heading_2",
  "toggle_heading_3", "bulleted_list_item", "numbered_list_item", "to_do", "toggle", "quote", "callout_emoji",
  "callout_icon", "code", "equation", "divider", "breadcrumb", "table_of_contents", "column_list", "table",
  "synced_original", "synced_reference", "link_to_page_page", "link_to_page_database", "bookmark", "embed",
  "image_hosted", "image_external", "video_hosted", "video_external", "pdf_hosted", "pdf_external", "file_hosted",
  "file_external", "audio_hosted", "audio_external", "link_preview", "unsupported",
] as const;

/** One entry of BLOCK_KINDS. */
export type BlockKind = (typeof BLOCK_KINDS)[number];

const COLORS = ["default", "default", "default", "gray_background", "blue_background", "yellow", "red"];
const LANGUAGES = ["typescript", "javascript", "python", "shell", "json", "sql", "go", "rust", "plain text"];
const EQUATIONS = [
  "x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}",
  "e^{i\\pi} + 1 = 0",
  "\\int_0^1 x^2\\,dx = \\frac{1}{3}",
];
const ICONS = [
  { name: "lightbulb", color: "yellow" },
  { name: "warning", color: "orange" },
  { name: "info-alternate", color: "blue" },
];
const UNSUPPORTED = ["button", "ai_block", "form"];

/** Creates a block, records it in order, and returns it (children are written after it by the caller). */
export function makeBlock(
  ctx: GenContext,
  parent: BlockParent,
  type: string,
  payload: NotionObject,
  opts: { id?: string; stamps?: NotionObject } = {},
): NotionObject {
  const block = {
    object: "block",
    id: opts.id ?? ctx.rng.uuid(),
    parent: { type: parent.type, [parent.type]: parent.id },
    ...(opts.stamps ? structuredClone(opts.stamps) : stamps(ctx)),
    archived: false,
    in_trash: false,
    type,
    [type]: payload,
  };
  ctx.data.blocks.push(block);
  return block;
}

const under = (block: NotionObject): BlockParent => ({ type: "block_id", id: block.id });

/** Writes one block of the kind (with any children it has) under the parent; `level` limits nesting. */
export function writeBlock(ctx: GenContext, parent: BlockParent, kind: BlockKind, level = 0): NotionObject {
  const { rng } = ctx;
  const color = () => rng.pick(COLORS);
  switch (kind) {
    case "paragraph":
      return makeBlock(ctx, parent, "paragraph", { rich_text: richParagraph(ctx), color: color() });
    case "heading_1":
    case "heading_2":
    case "heading_3":
    case "heading_4":
      return makeBlock(ctx, parent, kind, {
        rich_text: simpleText(ctx),
        is_toggleable: false,
        color: color(),
      });
    case "toggle_heading_1":
    case "toggle_heading_2":
    case "toggle_heading_3": {
      const type = kind.replace("toggle_", "");
      const b = makeBlock(ctx, parent, type, {
        rich_text: simpleText(ctx),
        is_toggleable: true,
        color: color(),
      });
      writeChildren(ctx, b, rng.range(1, 3), level);
      return b;
    }
    case "bulleted_list_item":
    case "numbered_list_item":
    case "to_do": {
      const payload: NotionObject = { rich_text: richParagraph(ctx) };
      if (kind === "to_do") payload.checked = rng.chance(0.4);
      payload.color = "default";
      const b = makeBlock(ctx, parent, kind, payload);
      // nested lists, two levels deep at most
      if (level < 2 && rng.chance(0.3)) {
        for (let i = rng.range(1, 3); i > 0; i--) writeBlock(ctx, under(b), kind, level + 1);
      }
      return b;
    }
    case "toggle":
    case "quote": {
      const b = makeBlock(ctx, parent, kind, { rich_text: richParagraph(ctx), color: color() });
      if (kind === "toggle" || rng.chance(0.15)) writeChildren(ctx, b, rng.range(1, 3), level);
      return b;
    }
    case "callout_emoji":
    case "callout_icon": {
      const icon =
        kind === "callout_emoji"
          ? { type: "emoji", emoji: emoji(rng) }
          : { type: "icon", icon: rng.pick(ICONS) };
      const b = makeBlock(ctx, parent, "callout", {
        rich_text: richParagraph(ctx),
        icon,
        color: "gray_background",
      });
      if (rng.chance(0.6)) writeChildren(ctx, b, rng.range(1, 2), level);
      return b;
    }
    case "code":
      return makeBlock(ctx, parent, "code", {
        caption: rng.chance(0.3) ? simpleText(ctx) : [],
        rich_text: [text(codeSample(ctx))],
        language: rng.pick(LANGUAGES),
      });
    case "equation":
      return makeBlock(ctx, parent, "equation", { expression: rng.pick(EQUATIONS) });
    case "divider":
    case "breadcrumb":
      return makeBlock(ctx, parent, kind, {});
    case "table_of_contents":
      return makeBlock(ctx, parent, kind, { color: "default" });
    case "column_list":
      return writeColumns(ctx, parent, level);
    case "table":
      return writeTable(ctx, parent);
    case "synced_original": {
      const b = makeBlock(ctx, parent, "synced_block", { synced_from: null });
      writeChildren(ctx, b, rng.range(1, 3), level);
      ctx.syncedOriginals.push(b.id);
      return b;
    }
    case "synced_reference": {
      if (ctx.syncedOriginals.length === 0) return writeBlock(ctx, parent, "synced_original", level);
      const original = rng.pick(ctx.syncedOriginals);
      return makeBlock(ctx, parent, "synced_block", {
        synced_from: { type: "block_id", block_id: original },
      });
    }
    case "link_to_page_page":
    case "link_to_page_database": {
      if (kind === "link_to_page_database" && ctx.databaseTargets.length > 0) {
        return makeBlock(ctx, parent, "link_to_page", {
          type: "database_id",
          database_id: rng.pick(ctx.databaseTargets).id,
        });
      }
      return makeBlock(ctx, parent, "link_to_page", {
        type: "page_id",
        page_id: rng.pick(ctx.pageTargets).id,
      });
    }
    case "bookmark":
      return makeBlock(ctx, parent, "bookmark", {
        caption: [],
        url: `https://example.com/${noun(rng)}/${rng.range(1, 999)}`,
      });
    case "embed":
      return makeBlock(ctx, parent, "embed", { caption: [], url: `https://example.com/embed/${noun(rng)}` });
    case "link_preview":
      return makeBlock(ctx, parent, "link_preview", {
        url: `https://github.com/example/${noun(rng)}/pull/${rng.range(1, 500)}`,
      });
    case "unsupported":
      if (!ctx.opts.unsupported) return writeBlock(ctx, parent, "paragraph", level);
      return makeBlock(ctx, parent, "unsupported", { block_type: rng.pick(UNSUPPORTED) });
    default: {
      const [media, where] = kind.split("_") as [MediaKind, "hosted" | "external"];
      return writeMedia(ctx, parent, media, where === "hosted");
    }
  }
}

/** A media block; hosted while the file budget lasts, else an external link. */
export function writeMedia(
  ctx: GenContext,
  parent: BlockParent,
  kind: MediaKind,
  hosted: boolean,
): NotionObject {
  const { object, name } = ctx.media.fileObject(kind, hosted);
  const payload: NotionObject = { caption: ctx.rng.chance(0.3) ? simpleText(ctx) : [], ...object };
  if (kind === "file") payload.name = name;
  return makeBlock(ctx, parent, kind, payload);
}

const SIMPLE: BlockKind[] = ["paragraph", "paragraph", "bulleted_list_item", "to_do", "numbered_list_item"];

function writeChildren(ctx: GenContext, parent: NotionObject, count: number, level: number): void {
  for (let i = 0; i < count; i++)
    writeBlock(ctx, under(parent), ctx.rng.pick(SIMPLE), Math.max(level + 1, 2));
}

function writeColumns(ctx: GenContext, parent: BlockParent, level: number): NotionObject {
  const list = makeBlock(ctx, parent, "column_list", {});
  const n = ctx.rng.range(2, 3);
  for (let i = 0; i < n; i++) {
    const column = makeBlock(ctx, under(list), "column", { width_ratio: 1 / n });
    writeChildren(ctx, column, ctx.rng.range(1, 3), level);
  }
  return list;
}

function writeTable(ctx: GenContext, parent: BlockParent): NotionObject {
  const { rng } = ctx;
  const width = rng.range(2, 4);
  const table = makeBlock(ctx, parent, "table", {
    table_width: width,
    has_column_header: rng.chance(0.7),
    has_row_header: rng.chance(0.3),
  });
  for (let r = rng.range(2, 5); r > 0; r--) {
    const cells = Array.from({ length: width }, () => (rng.chance(0.1) ? [] : [text(noun(rng))]));
    makeBlock(ctx, under(table), "table_row", { cells });
  }
  return table;
}

function codeSample(ctx: GenContext): string {
  const name = noun(ctx.rng);
  return `// ${sentence(ctx.rng)}\nfunction ${name}(input) {\n  return input.map((x) => x * ${ctx.rng.range(2, 9)});\n}`;
}
