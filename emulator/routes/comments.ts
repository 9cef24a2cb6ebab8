// Comment endpoints: list a page's or block's open comments, create one (new discussion or reply), retrieve one.
import { objectNotFound, visibleOr404 } from "../access.ts";
import { validationError } from "../errors.ts";
import { resolveFileInput } from "../files.ts";
import { paginate } from "../pagination.ts";
import { normalizeRichText } from "../rich-text.ts";
import type { RequestContext, Route } from "../router.ts";
import { type NotionObject, normalizeId } from "../workspace.ts";
import { pathId } from "./path-id.ts";

/** Notion accepts at most this many attachments on one comment. */
const MAX_ATTACHMENTS = 3;

/** A comment as the API answers it: the emulator's `resolved` flag left out. */
export function renderComment(comment: NotionObject): NotionObject {
  const { resolved: _resolved, ...rest } = comment;
  return rest;
}

function list(ctx: RequestContext): NotionObject {
  const raw = ctx.query.get("block_id");
  if (!raw) {
    throw validationError(
      "query failed validation: query.block_id should be defined, instead was `undefined`.",
    );
  }
  const id = normalizeId(raw);
  visibleOr404(ctx, id, ctx.ws.pages.has(id) ? "page" : "block");
  const open = [...ctx.ws.comments.values()]
    .filter((c) => c.resolved !== true && (c.parent?.page_id === id || c.parent?.block_id === id))
    .sort((a, b) => String(a.created_time).localeCompare(String(b.created_time)))
    .map(renderComment);
  return paginate(open as Array<NotionObject & { id: string }>, {
    startCursor: ctx.query.get("start_cursor"),
    pageSize: ctx.query.get("page_size"),
    type: "comment",
    where: "query",
  });
}

/** Where a new comment goes: its parent and discussion (an open page-level discussion is joined, as Notion does). */
function placement(ctx: RequestContext): { parent: NotionObject; discussionId: string } {
  const { ws, body } = ctx;
  if (body.discussion_id !== undefined) {
    const discussionId = normalizeId(String(body.discussion_id));
    const first = [...ws.comments.values()].find((c) => c.discussion_id === discussionId);
    if (!first || !ws.isVisible(first.id, ctx.integration))
      throw objectNotFound(ctx, discussionId, "discussion");
    return { parent: { ...first.parent }, discussionId };
  }
  const parent = body.parent;
  if (!parent || typeof parent !== "object") {
    throw validationError("body failed validation: body.parent should be defined, instead was `undefined`.");
  }
  if (typeof parent.page_id === "string") {
    const page = visibleOr404(ctx, parent.page_id, "page");
    const existing = [...ws.comments.values()].find(
      (c) => c.parent?.page_id === page.id && c.resolved !== true,
    );
    return {
      parent: { type: "page_id", page_id: page.id },
      discussionId: existing?.discussion_id ?? ws.newId(),
    };
  }
  if (typeof parent.block_id === "string") {
    const block = visibleOr404(ctx, parent.block_id, "block");
    return { parent: { type: "block_id", block_id: block.id }, discussionId: ws.newId() };
  }
  throw validationError(
    "body failed validation: body.parent.page_id should be defined, instead was `undefined`.",
  );
}

function displayName(ctx: RequestContext): NotionObject {
  const d = ctx.body.display_name;
  if (d === undefined || d === null || d.type === "integration") {
    return { type: "integration", resolved_name: ctx.integration.name };
  }
  if (d.type === "user") return { type: "user", resolved_name: null };
  if (d.type === "custom" && typeof d.custom?.name === "string" && d.custom.name !== "") {
    return { type: "custom", resolved_name: d.custom.name };
  }
  throw validationError(
    "body failed validation: body.display_name.type should be `integration`, `user` or `custom` (with custom.name).",
  );
}

function attachments(ctx: RequestContext): NotionObject[] | undefined {
  const raw = ctx.body.attachments;
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw))
    throw validationError("body failed validation: body.attachments should be an array.");
  if (raw.length > MAX_ATTACHMENTS) {
    throw validationError(
      `body failed validation: body.attachments.length should be ≤ \`${MAX_ATTACHMENTS}\`, instead was \`${raw.length}\`.`,
    );
  }
  return raw.map((a: NotionObject, i) => {
    const where = `body.attachments[${i}]`;
    if (typeof a?.file_upload_id !== "string") {
      throw validationError(
        `body failed validation: ${where}.file_upload_id should be defined, instead was \`undefined\`.`,
      );
    }
    const file = resolveFileInput({ type: "file_upload", file_upload: { id: a.file_upload_id } }, ctx, where);
    const stored = ctx.ws.files.get(file.file.file_id);
    // Kept as a typed file object so the server renders it as a signed URL like any hosted file.
    return { category: category(stored?.contentType ?? ""), type: "file", file: file.file };
  });
}

function category(contentType: string): string {
  if (contentType.startsWith("image/")) return "image";
  if (contentType.startsWith("audio/")) return "audio";
  if (contentType.startsWith("video/")) return "video";
  if (contentType === "application/pdf") return "pdf";
  return "productivity";
}

function create(ctx: RequestContext): NotionObject {
  const { ws, body, integration } = ctx;
  if (body.rich_text === undefined && typeof body.markdown !== "string") {
    throw validationError(
      "body failed validation: body.rich_text should be defined, instead was `undefined`.",
    );
  }
  const { parent, discussionId } = placement(ctx);
  const richText =
    body.rich_text !== undefined
      ? normalizeRichText(body.rich_text, ws, "body.rich_text")
      : normalizeRichText([{ type: "text", text: { content: body.markdown } }], ws, "body.markdown");
  const files = attachments(ctx);
  const now = ws.timestamp();
  const comment: NotionObject = {
    object: "comment",
    id: ws.newId(),
    parent,
    discussion_id: discussionId,
    created_time: now,
    last_edited_time: now,
    created_by: { object: "user", id: integration.botId },
    rich_text: richText,
    display_name: displayName(ctx),
  };
  if (files?.length) comment.attachments = files;
  ws.comments.set(comment.id, comment);
  return renderComment(comment);
}

function retrieve(ctx: RequestContext): NotionObject {
  const id = pathId(ctx, "comment_id");
  const comment = ctx.ws.comments.get(id);
  if (!comment || !ctx.ws.isVisible(id, ctx.integration)) {
    throw objectNotFound(ctx, id, "comment");
  }
  return renderComment(comment);
}

/** The routes of this endpoint group. */
export const routes: Route[] = [
  { method: "GET", path: "/v1/comments/:id", name: "comments.retrieve", handler: retrieve },
  { method: "GET", path: "/v1/comments", name: "comments.list", handler: list },
  { method: "POST", path: "/v1/comments", name: "comments.create", handler: create },
];
