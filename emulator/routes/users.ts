// Users: list, retrieve, and the calling integration's own bot (`users/me`).
import { createHash } from "node:crypto";
import { objectNotFound } from "../access.ts";
import { paginate } from "../pagination.ts";
import type { RequestContext, Route } from "../router.ts";
import type { NotionObject } from "../workspace.ts";

/** A user as the calling integration sees it: its own bot carries the workspace details. */
export function renderUser(
  ctx: Pick<RequestContext, "ws" | "integration">,
  user: NotionObject,
): NotionObject {
  if (user.type !== "bot" || user.id !== ctx.integration.botId) return user;
  return {
    ...user,
    bot: {
      owner: { type: "workspace", workspace: true },
      workspace_name: ctx.ws.name,
      workspace_id: workspaceId(ctx.ws.name),
      workspace_limits: { max_file_upload_size_in_bytes: ctx.integration.maxFileUploadSize },
    },
  };
}

/** The workspace has no id of its own in the emulator; derive a stable one from its name. */
function workspaceId(name: string): string {
  const h = createHash("sha256").update(`workspace:${name}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The routes of the users endpoints. */
export const routes: Route[] = [
  {
    method: "GET",
    path: "/v1/users/me",
    name: "users.me",
    handler: (ctx) => {
      const me = ctx.ws.users.get(ctx.integration.botId);
      if (!me) throw objectNotFound(ctx, ctx.integration.botId, "user");
      return renderUser(ctx, me);
    },
  },
  {
    method: "GET",
    path: "/v1/users/:id",
    name: "users.retrieve",
    handler: (ctx) => {
      const user = ctx.ws.users.get(ctx.params.id ?? "");
      if (!user) throw objectNotFound(ctx, ctx.params.id ?? "", "user");
      return renderUser(ctx, user);
    },
  },
  {
    method: "GET",
    path: "/v1/users",
    name: "users.list",
    handler: (ctx) => {
      const members = [...ctx.ws.users.values()].map((u) => renderUser(ctx, u));
      return paginate(members as Array<NotionObject & { id: string }>, {
        startCursor: ctx.query.get("start_cursor") ?? undefined,
        pageSize: ctx.query.get("page_size") ?? undefined,
        type: "user",
        where: "query",
      });
    },
  },
];
