// Building blocks for hand-written workspaces (the demo sample, tests): pages, blocks and comments by hand.
import type { NotionObject } from "../workspace.ts";
import { type BlockParent, makeBlock, writeMedia } from "./blocks.ts";
import { type GenContext, notionUrl, stamps, userRef } from "./context.ts";
import { hostedRef } from "./media.ts";
import { text } from "./rich-text.ts";

/** The plain title of a page object. */
export function titleOf(p: NotionObject): string {
  return p.properties.title.title[0].plain_text;
}

/** A regular page (top-level when no parent; a top-level page gets a hosted cover). */
export function page(
  ctx: GenContext,
  title: string,
  parent: NotionObject | undefined,
  icon: string,
): NotionObject {
  const id = ctx.rng.uuid();
  const p = {
    object: "page",
    id,
    ...stamps(ctx),
    cover: parent ? null : coverOf(ctx),
    icon: { type: "emoji", emoji: icon },
    parent: parent ? { type: "page_id", page_id: parent.id } : { type: "workspace", workspace: true },
    archived: false,
    in_trash: false,
    is_archived: false,
    is_locked: false,
    properties: { title: { id: "title", type: "title", title: [text(title)] } },
    url: notionUrl(id, title),
    public_url: null,
  };
  ctx.data.pages.push(p);
  return p;
}

function coverOf(ctx: GenContext): NotionObject {
  const hosted = ctx.media.hosted("image");
  return hosted
    ? hostedRef(hosted.id)
    : { type: "external", external: { url: "https://images.example.com/cover.jpg" } };
}

/** Gives the rows of a data source hand-picked titles, in row order. */
export function renameRows(ctx: GenContext, dataSourceId: string, titles: string[]): void {
  const rows = ctx.data.pages.filter((p) => p.parent.data_source_id === dataSourceId);
  rows.forEach((row, i) => {
    const title = titles[i];
    if (!title) return;
    row.properties.Name.title = [text(title)];
    row.url = notionUrl(row.id, title);
  });
}

/** Writes hand-made blocks and comments into a generator context. */
export class Writer {
  constructor(private readonly ctx: GenContext) {}

  /** A block of any type with its payload as given. */
  block(parent: BlockParent, type: string, payload: NotionObject): NotionObject {
    return makeBlock(this.ctx, parent, type, payload);
  }

  /** A plain paragraph. */
  para(parent: BlockParent, content: string): NotionObject {
    return this.block(parent, "paragraph", { rich_text: [text(content)], color: "default" });
  }

  /** A to-do item. */
  todo(parent: BlockParent, content: string, checked: boolean): NotionObject {
    return this.block(parent, "to_do", { rich_text: [text(content)], checked, color: "default" });
  }

  /** A media block, hosted (while the file budget lasts) or external. */
  media(parent: BlockParent, kind: "image" | "pdf" | "file" | "video", hosted: boolean): NotionObject {
    return writeMedia(this.ctx, parent, kind, hosted);
  }

  /** The child_page / child_database block of a page or database plan (same id, same stamps). */
  child(parent: BlockParent, type: "child_page" | "child_database", target: NotionObject): void {
    const title = target.title ?? titleOf(target);
    const s = target.stamps ?? target;
    const own = {
      created_time: s.created_time,
      last_edited_time: s.last_edited_time,
      created_by: s.created_by,
      last_edited_by: s.last_edited_by,
    };
    makeBlock(this.ctx, parent, type, { title }, { id: target.id, stamps: own });
  }

  /** A comment in a discussion; an attachment reuses the hosted file of an image block. */
  comment(
    parent: NotionObject,
    discussion: string,
    by: NotionObject,
    content: string,
    attachment?: NotionObject,
    resolved = false,
  ): void {
    const created = this.ctx.clock.created();
    const c: NotionObject = {
      object: "comment",
      id: this.ctx.rng.uuid(),
      parent,
      discussion_id: discussion,
      created_time: created,
      last_edited_time: created,
      created_by: userRef(by.id),
      rich_text: [text(content)],
      display_name: { type: "user", resolved_name: by.name },
    };
    const fileId = attachment?.image?.file?.file_id;
    if (fileId) c.attachments = [{ category: "image", file: { file_id: fileId } }];
    if (resolved) c.resolved = true;
    this.ctx.data.comments.push(c);
  }
}
