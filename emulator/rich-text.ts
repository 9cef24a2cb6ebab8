// Request rich text -> response rich text: default annotations, plain_text and href, resolved mentions.
import { richTextType, validateRichText } from "./validate/rich-text.ts";
import { type NotionObject, normalizeId, type Workspace } from "./workspace.ts";

/** The annotations of unformatted text. */
export const DEFAULT_ANNOTATIONS = {
  bold: false,
  italic: false,
  strikethrough: false,
  underline: false,
  code: false,
  color: "default",
};

const TEMPLATE_LABELS: Record<string, string> = { today: "@Today", now: "@Now", me: "@Me" };

/** The concatenated plain text of a response rich text array. */
export function plainText(items: unknown): string {
  return Array.isArray(items) ? items.map((i) => (i as NotionObject)?.plain_text ?? "").join("") : "";
}

/** The title of a page (its title property) as plain text. */
export function pageTitle(page: NotionObject): string {
  const prop = Object.values(page.properties ?? {}).find((p: any) => p?.type === "title") as
    | NotionObject
    | undefined;
  return plainText(prop?.title);
}

/** Notion's public link for a page or database id. */
export function notionUrl(id: string, title = ""): string {
  const slug = title.replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "");
  const hex = id.replace(/-/g, "");
  return `https://www.notion.so/${slug ? `${slug}-` : ""}${hex}`;
}

/** Validates a request rich text array (throws validation_error) and returns its response form. */
export function normalizeRichText(value: unknown, ws: Workspace, path: string): NotionObject[] {
  validateRichText(value, path);
  return (value as NotionObject[]).map((item) => normalizeItem(item, ws));
}

function normalizeItem(item: NotionObject, ws: Workspace): NotionObject {
  const annotations = { ...DEFAULT_ANNOTATIONS, ...(item.annotations ?? {}) };
  const type = richTextType(item);
  if (type === "text") {
    const link = item.text.link?.url ? { url: item.text.link.url as string } : null;
    return {
      type: "text",
      text: { content: item.text.content, link },
      annotations,
      plain_text: item.text.content,
      href: link?.url ?? null,
    };
  }
  if (type === "equation") {
    const expression = item.equation.expression as string;
    return { type: "equation", equation: { expression }, annotations, plain_text: expression, href: null };
  }
  const { mention, plain_text, href } = normalizeMention(item.mention, ws);
  return { type: "mention", mention, annotations, plain_text, href };
}

function normalizeMention(
  raw: NotionObject,
  ws: Workspace,
): { mention: NotionObject; plain_text: string; href: string | null } {
  const type: string =
    raw.type ??
    ["user", "date", "page", "database", "template_mention", "link_preview", "custom_emoji"].find(
      (k) => raw[k] !== undefined,
    );
  const value = raw[type] as NotionObject;
  switch (type) {
    case "page": {
      const id = normalizeId(value.id);
      const page = ws.pages.get(id);
      return {
        mention: { type, page: { id } },
        plain_text: page ? pageTitle(page) || "Untitled" : "Untitled",
        href: notionUrl(id),
      };
    }
    case "database": {
      const id = normalizeId(value.id);
      const db = ws.databases.get(id);
      return {
        mention: { type, database: { id } },
        plain_text: db ? plainText(db.title) || "Untitled" : "Untitled",
        href: notionUrl(id),
      };
    }
    case "user": {
      const id = normalizeId(value.id);
      const user = ws.users.get(id);
      return {
        mention: { type, user: user ? { ...user } : { object: "user", id } },
        plain_text: `@${user?.name ?? "Anonymous"}`,
        href: null,
      };
    }
    case "date": {
      const date = { start: value.start, end: value.end ?? null, time_zone: value.time_zone ?? null };
      return {
        mention: { type, date },
        // As recorded from Notion: the arrow stays when there is no end ("2022-02-21 → ").
        plain_text: `${date.start} → ${date.end ?? ""}`,
        href: null,
      };
    }
    case "link_preview":
      return { mention: { type, link_preview: { url: value.url } }, plain_text: value.url, href: value.url };
    case "template_mention": {
      const sub =
        value.type ?? (value.template_mention_date ? "template_mention_date" : "template_mention_user");
      const label = TEMPLATE_LABELS[value[sub] as string] ?? `@${value[sub]}`;
      return {
        mention: { type, template_mention: { type: sub, [sub]: value[sub] } },
        plain_text: label,
        href: null,
      };
    }
    default: {
      const name = value.name ?? "emoji";
      return {
        mention: { type, [type]: { id: normalizeId(value.id), name, url: value.url ?? "" } },
        plain_text: `:${name}:`,
        href: null,
      };
    }
  }
}

/** One unformatted text item in the response form. */
export function textItem(content: string): NotionObject {
  return {
    type: "text",
    text: { content, link: null },
    annotations: { ...DEFAULT_ANNOTATIONS },
    plain_text: content,
    href: null,
  };
}
