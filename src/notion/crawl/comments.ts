// Comments: the open discussions of a page (listed by page id) and of each block (inline), with their attachments.
import type { CommentObjectResponse } from "@notionhq/client";
import { type CrawlContext, paginate } from "./context.ts";
import type { MediaFetcher } from "./media.ts";
import type { UserTracker } from "./users.ts";

/** What reading comments needs besides the context. */
export interface CommentSinks {
  users: UserTracker;
  media: MediaFetcher;
}

/**
 * Lists the unresolved comments hanging off `parentId` (a page: its page-level discussion; a block:
 * its inline discussions) and emits them as one record when there are any.
 */
export async function crawlComments(
  ctx: CrawlContext,
  sinks: CommentSinks,
  parentId: string,
  parentType: "page" | "block",
  pageId: string,
): Promise<void> {
  const comments: CommentObjectResponse[] = [];
  await ctx.tolerant(parentId, `comments of ${parentType}`, () =>
    paginate(
      (cursor) =>
        ctx.call("comments.list", {
          block_id: parentId,
          page_size: 100,
          ...(cursor ? { start_cursor: cursor } : {}),
        }),
      (results) => {
        for (const c of results) comments.push(c as CommentObjectResponse);
      },
    ),
  );
  if (comments.length === 0) return;
  for (const c of comments) sinks.users.note(c);
  await ctx.emit({ kind: "comments", parentId, parentType, pageId, comments }, "comment", comments.length);
  await Promise.all(
    comments.map((c) => sinks.media.capture(c, { object: "comment", id: c.id, listedUnder: parentId })),
  );
}

/** Lists the comments of a page and, with comments "all", of every one of its blocks. */
export async function crawlPageComments(
  ctx: CrawlContext,
  sinks: CommentSinks,
  pageId: string,
  blockIds: Iterable<string>,
): Promise<void> {
  if (ctx.opts.comments === "none") return;
  const jobs = [crawlComments(ctx, sinks, pageId, "page", pageId)];
  if (ctx.opts.comments === "all") {
    for (const id of blockIds) jobs.push(crawlComments(ctx, sinks, id, "block", pageId));
  }
  await Promise.all(jobs);
}
