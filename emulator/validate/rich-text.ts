// Validation of request rich text arrays: item shapes and Notion's length and count limits.
import { bodyError, checkArray, checkLength, checkObject, LIMITS, quote } from "./limits.ts";

const MENTION_TYPES = [
  "user",
  "date",
  "page",
  "database",
  "template_mention",
  "link_preview",
  "custom_emoji",
];

/** The type of a request rich text item, inferred from its keys when `type` is omitted (as the SDK allows). */
export function richTextType(item: Record<string, any>): string | undefined {
  if (typeof item.type === "string") return item.type;
  return ["text", "mention", "equation"].find((k) => item[k] !== undefined);
}

/** Throws Notion's validation_error for the first problem in a request rich text array. */
export function validateRichText(value: unknown, path: string): void {
  const items = checkArray(value, LIMITS.arrayItems, path);
  items.forEach((raw, i) => {
    validateItem(raw, `${path}[${i}]`);
  });
}

function validateItem(raw: unknown, path: string): void {
  const item = checkObject(raw, path);
  const type = richTextType(item);
  if (type === "text") {
    const text = checkObject(item.text, `${path}.text`);
    if (typeof text.content !== "string") {
      throw bodyError(`${path}.text.content should be a string, instead was \`${quote(text.content)}\`.`);
    }
    checkLength(text.content, LIMITS.richTextContent, `${path}.text.content`);
    if (text.link !== undefined && text.link !== null) {
      const link = checkObject(text.link, `${path}.text.link`);
      if (typeof link.url !== "string") {
        throw bodyError(`${path}.text.link.url should be a string, instead was \`${quote(link.url)}\`.`);
      }
      checkLength(link.url, LIMITS.url, `${path}.text.link.url`);
    }
  } else if (type === "equation") {
    const eq = checkObject(item.equation, `${path}.equation`);
    if (typeof eq.expression !== "string") {
      throw bodyError(
        `${path}.equation.expression should be a string, instead was \`${quote(eq.expression)}\`.`,
      );
    }
    checkLength(eq.expression, LIMITS.equation, `${path}.equation.expression`);
  } else if (type === "mention") {
    validateMention(checkObject(item.mention, `${path}.mention`), `${path}.mention`);
  } else {
    throw bodyError(
      `${path}.type should be one of \`text\`, \`mention\`, \`equation\`, instead was \`${quote(type)}\`.`,
    );
  }
  if (item.annotations !== undefined) checkObject(item.annotations, `${path}.annotations`);
}

function validateMention(mention: Record<string, any>, path: string): void {
  const type =
    typeof mention.type === "string" ? mention.type : MENTION_TYPES.find((k) => mention[k] !== undefined);
  if (!type || !MENTION_TYPES.includes(type)) {
    throw bodyError(`${path}.type should be one of ${MENTION_TYPES.map((t) => `\`${t}\``).join(", ")}.`);
  }
  const value = checkObject(mention[type], `${path}.${type}`);
  if (["user", "page", "database", "custom_emoji"].includes(type) && typeof value.id !== "string") {
    throw bodyError(`${path}.${type}.id should be defined, instead was \`${quote(value.id)}\`.`);
  }
  if (type === "date" && typeof value.start !== "string") {
    throw bodyError(`${path}.date.start should be defined, instead was \`${quote(value.start)}\`.`);
  }
  if (type === "link_preview") checkLength(value.url, LIMITS.url, `${path}.link_preview.url`);
}
