// Discussions on pages and blocks: page-level and inline, with replies, resolved threads and attachments.
import type { NotionObject } from "../workspace.ts";
import { type GenContext, userRef } from "./context.ts";
import { hostedRef } from "./media.ts";
import { mentionUser, text } from "./rich-text.ts";
import { sentence } from "./words.ts";

/** Writes about `commentsPerPage` discussions for a page; inline ones anchor on the given blocks. */
export function writeComments(ctx: GenContext, pageId: string, anchors: NotionObject[]): void {
  const { rng } = ctx;
  for (let n = rng.around(ctx.opts.commentsPerPage); n > 0; n--) {
    const k = ctx.discussionCounter++;
    // the first three discussions cover every shape: page-level with an attachment, inline, resolved
    const inline = anchors.length > 0 && (k === 1 || (k > 2 && rng.chance(0.4)));
    const parent = inline
      ? { type: "block_id", block_id: rng.pick(anchors).id }
      : { type: "page_id", page_id: pageId };
    const discussion = rng.uuid();
    const replies = k < 2 ? 1 : rng.chance(0.4) ? rng.range(1, 2) : 0;
    const resolved = k === 2 || (k > 2 && rng.chance(0.1));
    for (let i = 0; i <= replies; i++) {
      const comment = writeComment(ctx, parent, discussion, i === 0 && k === 0);
      if (resolved) comment.resolved = true;
    }
  }
}

function writeComment(
  ctx: GenContext,
  parent: NotionObject,
  discussion: string,
  attach: boolean,
): NotionObject {
  const { rng } = ctx;
  const by = rng.chance(0.15) ? ctx.userById.get(ctx.botId)! : rng.pick(ctx.people);
  const created = ctx.clock.created();
  const richText = [text(`${sentence(rng)} `)];
  if (rng.chance(0.3)) richText.push(mentionUser(rng.pick(ctx.people)), text(" can you check?"));
  const comment: NotionObject = {
    object: "comment",
    id: rng.uuid(),
    parent,
    discussion_id: discussion,
    created_time: created,
    last_edited_time: rng.chance(0.8) ? created : ctx.clock.edited(created),
    created_by: userRef(by.id),
    rich_text: richText,
    display_name: { type: by.type === "bot" ? "integration" : "user", resolved_name: by.name },
  };
  const file = attach ? ctx.media.hosted("image") : undefined;
  if (file) comment.attachments = [{ category: "image", file: hostedRef(file.id).file }];
  ctx.data.comments.push(comment);
  return comment;
}
