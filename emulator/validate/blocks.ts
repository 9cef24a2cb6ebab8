// Validation of request blocks (append and page create): creatable types, nesting, columns, tables, limits.
import { validationError } from "../errors.ts";
import { bodyError, checkArray, checkLength, checkObject, LIMITS, quote } from "./limits.ts";
import { validateRichText } from "./rich-text.ts";

/** Block types whose content is rich text plus color (children allowed). */
export const TEXT_BLOCKS = [
  "paragraph",
  "heading_1",
  "heading_2",
  "heading_3",
  "heading_4",
  "bulleted_list_item",
  "numbered_list_item",
  "quote",
  "to_do",
  "toggle",
  "callout",
] as const;

/** Media blocks, whose content is a file object plus caption. */
export const MEDIA_BLOCKS = ["image", "video", "pdf", "file", "audio"] as const;

/** Every block type the API can create. */
export const CREATABLE_BLOCKS: readonly string[] = [
  ...TEXT_BLOCKS,
  ...MEDIA_BLOCKS,
  "code",
  "equation",
  "divider",
  "breadcrumb",
  "table_of_contents",
  "link_to_page",
  "bookmark",
  "embed",
  "synced_block",
  "column_list",
  "column",
  "table",
  "table_row",
];

/** Types that appear in responses but that append cannot create, with what to use instead. */
const NOT_CREATABLE: Record<string, string> = {
  child_page: "create pages with POST /v1/pages",
  child_database: "create databases with POST /v1/databases",
  link_preview: "link_preview blocks are read-only",
  unsupported: "unsupported blocks cannot be created",
  meeting_notes: "meeting notes cannot be created through the API",
  transcription: "meeting notes cannot be created through the API",
  template: "template blocks can no longer be created through the API",
  tab: "tab blocks cannot be created through the API",
};

// Headings take children too: Notion then makes them toggleable, whatever is_toggleable said.
const WITH_CHILDREN = new Set<string>([...TEXT_BLOCKS, "synced_block", "column_list", "column", "table"]);

/** The type of a request block: `type`, or the one known block key it carries. */
export function blockType(block: Record<string, any>): string | undefined {
  if (typeof block.type === "string") return block.type;
  return [...CREATABLE_BLOCKS, ...Object.keys(NOT_CREATABLE)].find((t) => block[t] !== undefined);
}

/** The nested `children` of a request block (inside its content, or beside it as older clients send). */
export function blockChildren(block: Record<string, any>, type: string): unknown {
  return block[type]?.children ?? block.children;
}

/**
 * Validates the `children` of an append or page create: at most 100 blocks per array, two levels of
 * nesting, 1000 block elements in all, and each block's own rules. Throws Notion's validation_error.
 */
export function validateBlockPayload(
  children: unknown,
  path = "body.children",
  parentType?: string,
  tableWidth?: number,
): void {
  if (children === undefined) throw bodyError(`${path} should be defined, instead was \`undefined\`.`);
  const count = validateList(children, path, 1, parentType);
  if (parentType === "table") checkRows(children as unknown[], tableWidth ?? 0, path);
  if (count > LIMITS.blockElements) {
    throw validationError(
      `body failed validation: the request has ${count} block elements; at most ${LIMITS.blockElements} are allowed per request.`,
    );
  }
}

function validateList(value: unknown, path: string, depth: number, parentType: string | undefined): number {
  const list = checkArray(value, LIMITS.children, path);
  let count = 0;
  list.forEach((raw, i) => {
    count += validateBlock(raw, `${path}[${i}]`, depth, parentType);
  });
  return count;
}

function validateBlock(raw: unknown, path: string, depth: number, parentType: string | undefined): number {
  const block = checkObject(raw, path);
  const type = blockType(block);
  if (type && NOT_CREATABLE[type]) {
    throw bodyError(`${path}.type \`${type}\` cannot be created through the API: ${NOT_CREATABLE[type]}.`);
  }
  if (!type || !CREATABLE_BLOCKS.includes(type)) {
    throw bodyError(`${path} should be a block object of a supported type, instead was \`${quote(type)}\`.`);
  }
  if (type === "column" && parentType !== "column_list") {
    throw bodyError(`${path}.column should be not present: a column may only be a child of a column_list.`);
  }
  if (type === "table_row" && parentType !== "table") {
    throw bodyError(`${path}.table_row should be not present: a table_row may only be a child of a table.`);
  }
  const content = checkObject(block[type], `${path}.${type}`);
  validateContent(type, content, `${path}.${type}`);
  const children = blockChildren(block, type);
  const childPath = `${path}.${type}.children`;
  if (children === undefined) {
    if (type === "column_list" || type === "table" || type === "column") requireChildren(type, [], childPath);
    return 1;
  }
  if (!WITH_CHILDREN.has(type)) {
    throw bodyError(`${childPath} should be not present, instead was \`${quote(children)}\`.`);
  }
  if (type === "synced_block" && content.synced_from) {
    throw bodyError(
      `${childPath} should be not present: a synced block copy takes its children from the original.`,
    );
  }
  if (depth > LIMITS.nesting) {
    throw bodyError(`${childPath} should be not present, instead was \`${quote(children)}\`.`);
  }
  const list = checkArray(children, LIMITS.children, childPath);
  requireChildren(type, list, childPath);
  if (type === "table") checkRows(list, content.table_width, childPath);
  return 1 + validateList(list, childPath, depth + 1, type);
}

function requireChildren(type: string, list: unknown[], path: string): void {
  if (type === "column_list") {
    if (list.length < 2) throw bodyError(`${path}.length should be ≥ \`2\`, instead was \`${list.length}\`.`);
    list.forEach((c, i) => {
      const col = checkObject(c, `${path}[${i}]`);
      if (blockType(col) !== "column") {
        throw bodyError(
          `${path}[${i}].type should be \`"column"\`, instead was \`${quote(blockType(col))}\`.`,
        );
      }
    });
  } else if (type === "column" || type === "table") {
    if (list.length < 1) throw bodyError(`${path}.length should be ≥ \`1\`, instead was \`${list.length}\`.`);
  }
}

function checkRows(rows: unknown[], width: number, path: string): void {
  rows.forEach((r, i) => {
    const row = checkObject(r, `${path}[${i}]`);
    if (blockType(row) !== "table_row") {
      throw bodyError(
        `${path}[${i}].type should be \`"table_row"\`, instead was \`${quote(blockType(row))}\`.`,
      );
    }
    const cells = row.table_row?.cells;
    if (Array.isArray(cells) && cells.length !== width) {
      throw validationError(`Number of cells in table row must match the table width of ${width}.`);
    }
  });
}

/** Validates the type-specific content of one request block (creation or update). */
export function validateContent(
  type: string,
  content: Record<string, any>,
  path: string,
  partial = false,
): void {
  if ((TEXT_BLOCKS as readonly string[]).includes(type) || type === "code") {
    if (content.rich_text !== undefined || !partial) validateRichText(content.rich_text, `${path}.rich_text`);
  }
  if (content.caption !== undefined) validateRichText(content.caption, `${path}.caption`);
  if (type === "equation" && (content.expression !== undefined || !partial)) {
    if (typeof content.expression !== "string") {
      throw bodyError(`${path}.expression should be a string, instead was \`${quote(content.expression)}\`.`);
    }
    checkLength(content.expression, LIMITS.equation, `${path}.expression`);
  }
  if ((type === "bookmark" || type === "embed") && (content.url !== undefined || !partial)) {
    if (typeof content.url !== "string") {
      throw bodyError(`${path}.url should be a string, instead was \`${quote(content.url)}\`.`);
    }
    checkLength(content.url, LIMITS.url, `${path}.url`);
  }
  if (type === "code" && !partial && typeof content.language !== "string") {
    throw bodyError(`${path}.language should be defined, instead was \`${quote(content.language)}\`.`);
  }
  if (type === "table" && !partial) {
    if (!Number.isInteger(content.table_width) || content.table_width < 1) {
      throw bodyError(
        `${path}.table_width should be a positive integer, instead was \`${quote(content.table_width)}\`.`,
      );
    }
  }
  if (type === "table_row" && (content.cells !== undefined || !partial)) {
    const cells = checkArray(content.cells, LIMITS.arrayItems, `${path}.cells`);
    cells.forEach((cell, i) => {
      validateRichText(cell, `${path}.cells[${i}]`);
    });
  }
  if (type === "link_to_page" && !partial) {
    const id = content.page_id ?? content.database_id ?? content.comment_id;
    if (typeof id !== "string")
      throw bodyError(`${path}.page_id should be defined, instead was \`undefined\`.`);
  }
  if (
    type === "synced_block" &&
    !partial &&
    content.synced_from !== null &&
    content.synced_from !== undefined
  ) {
    if (typeof content.synced_from.block_id !== "string") {
      throw bodyError(`${path}.synced_from.block_id should be defined, instead was \`undefined\`.`);
    }
  }
}
