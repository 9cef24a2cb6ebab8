// Rich text items in Notion's response shape: text with annotations and links, mentions, inline equations.
import type { NotionObject } from "../workspace.ts";
import type { GenContext } from "./context.ts";
import { copyUser } from "./users.ts";
import { noun, sentence } from "./words.ts";

/** Text styling; anything left out is off / "default". */
export interface Style {
  bold?: boolean;
  italic?: boolean;
  strikethrough?: boolean;
  underline?: boolean;
  code?: boolean;
  color?: string;
}

function annotations(style: Style = {}): NotionObject {
  return {
    bold: style.bold ?? false,
    italic: style.italic ?? false,
    strikethrough: style.strikethrough ?? false,
    underline: style.underline ?? false,
    code: style.code ?? false,
    color: style.color ?? "default",
  };
}

/** A text item, optionally styled and linked. */
export function text(content: string, style?: Style, link?: string): NotionObject {
  return {
    type: "text",
    text: { content, link: link ? { url: link } : null },
    annotations: annotations(style),
    plain_text: content,
    href: link ?? null,
  };
}

function mention(inner: NotionObject, plain: string, href: string | null): NotionObject {
  return { type: "mention", mention: inner, annotations: annotations(), plain_text: plain, href };
}

/** A mention of a page; plain_text is the page's title. */
export function mentionPage(id: string, title: string): NotionObject {
  return mention({ type: "page", page: { id } }, title, `https://www.notion.so/${id.replace(/-/g, "")}`);
}

/** A mention of a database. */
export function mentionDatabase(id: string, title: string): NotionObject {
  return mention(
    { type: "database", database: { id } },
    title,
    `https://www.notion.so/${id.replace(/-/g, "")}`,
  );
}

/** A mention of a user, carrying the full user object as Notion does. */
export function mentionUser(user: NotionObject): NotionObject {
  return mention({ type: "user", user: copyUser(user) }, `@${user.name ?? "Anonymous"}`, null);
}

/** A date mention (Notion renders a missing end as a trailing arrow in plain_text). */
export function mentionDate(start: string, end: string | null = null): NotionObject {
  return mention({ type: "date", date: { start, end, time_zone: null } }, `${start} → ${end ?? ""}`, null);
}

/** A link preview mention of an external URL. */
export function mentionLinkPreview(url: string): NotionObject {
  return mention({ type: "link_preview", link_preview: { url } }, url, url);
}

/** An inline equation. */
export function equation(expression: string): NotionObject {
  return {
    type: "equation",
    equation: { expression },
    annotations: annotations(),
    plain_text: expression,
    href: null,
  };
}

/** The concatenated plain text of rich text items. */
export function plainText(items: NotionObject[]): string {
  return items.map((i) => i.plain_text).join("");
}

const COLORS = ["default", "gray", "brown", "orange", "yellow", "green", "blue", "purple", "pink", "red"];
const INLINE_EQUATIONS = ["E = mc^2", "a^2 + b^2 = c^2", "\\sum_{i=1}^{n} i", "f(x) = x^2", "\\sqrt{2}"];

/** One sentence of plain text, for titles, captions and table cells. */
export function simpleText(ctx: GenContext): NotionObject[] {
  return [text(sentence(ctx.rng))];
}

/**
 * A realistic paragraph: mostly plain sentences, sometimes styled words, links, inline equations and
 * mentions of pages, databases, people and dates.
 */
export function richParagraph(ctx: GenContext): NotionObject[] {
  const { rng } = ctx;
  const out: NotionObject[] = [text(`${sentence(rng)} `)];
  const extras = rng.chance(0.5) ? rng.range(1, 3) : 0;
  for (let i = 0; i < extras; i++) {
    out.push(decoration(ctx), text(` ${sentence(rng)}`));
  }
  return out;
}

function decoration(ctx: GenContext): NotionObject {
  const { rng } = ctx;
  switch (rng.int(10)) {
    case 0:
      return text(noun(rng), { bold: true });
    case 1:
      return text(noun(rng), { italic: rng.chance(0.5), underline: true, color: rng.pick(COLORS) });
    case 2:
      return text(`${noun(rng)}()`, { code: true });
    case 3:
      return text(noun(rng), { strikethrough: true });
    case 4:
      return text(noun(rng), {}, `https://example.com/${noun(rng)}`);
    case 5:
      return equation(rng.pick(INLINE_EQUATIONS));
    case 6: {
      const page = rng.pick(ctx.pageTargets);
      return mentionPage(page.id, page.title);
    }
    case 7:
      if (ctx.databaseTargets.length > 0) {
        const db = rng.pick(ctx.databaseTargets);
        return mentionDatabase(db.id, db.title);
      }
      return mentionUser(rng.pick(ctx.people));
    case 8:
      return rng.chance(0.5) ? mentionUser(rng.pick(ctx.people)) : mentionDate(ctx.clock.day());
    default:
      return mentionLinkPreview(`https://github.com/example/${noun(rng)}/issues/${rng.range(1, 300)}`);
  }
}
