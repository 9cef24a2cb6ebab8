// Users: everyone users.list shows, plus every user referenced anywhere in the crawl and not listed.
import type { UserObjectResponse } from "@notionhq/client";
import { isNotionApiError } from "../errors.ts";
import { type CrawlContext, paginate } from "./context.ts";
import { walkJson } from "./json-walk.ts";

/** Tracks listed and referenced users of one crawl (ids only, so memory stays small). */
export class UserTracker {
  private readonly listed = new Set<string>();
  private readonly referenced = new Set<string>();

  /** Emits every user of users.list. */
  async listAll(ctx: CrawlContext): Promise<void> {
    await paginate(
      (cursor) => ctx.call("users.list", { page_size: 100, ...(cursor ? { start_cursor: cursor } : {}) }),
      async (users) => {
        for (const user of users as UserObjectResponse[]) {
          this.listed.add(user.id);
          await ctx.emit({ kind: "user", id: user.id, source: "list", user });
        }
      },
    );
  }

  /** Notes every `{object: "user", id}` inside an API object (stamps, people values, mentions, comments). */
  note(obj: unknown): void {
    walkJson(obj, (node) => {
      if (node.object === "user" && typeof node.id === "string" && !this.listed.has(node.id)) {
        this.referenced.add(node.id);
      }
    });
  }

  /** Retrieves and emits each referenced user that users.list did not show. */
  async retrieveMissing(ctx: CrawlContext): Promise<void> {
    const missing = [...this.referenced].filter((id) => !this.listed.has(id));
    await Promise.all(
      missing.map(async (id) => {
        try {
          const user = (await ctx.call("users.retrieve", { user_id: id })) as UserObjectResponse;
          this.listed.add(id);
          await ctx.emit({ kind: "user", id, source: "retrieved", user });
        } catch (err) {
          // Guests and people who left the workspace may not be readable: keep the reference, report it.
          if (!isNotionApiError(err, "object_not_found") && !isNotionApiError(err, "validation_error"))
            throw err;
          ctx.warn({ code: "user_unavailable", id, message: `referenced user ${id} could not be retrieved` });
        }
      }),
    );
  }
}
