// Comments, views and users: records gathered over a crawl and written as files later (comments at page end, the rest at the end).
import type { SourceItem } from "../backup/source.ts";
import type { NotionRecord } from "./model.ts";

type Json = Record<string, any>;
type Comments = { page: unknown[]; blocks: Record<string, unknown[]> };

/** Holds comments until their page is done, and views and users until the crawl ends. */
export class BufferedRecords {
  private readonly commentPage = new Map<string, string>();
  private readonly comments = new Map<string, Comments>();
  private readonly views = new Map<string, Json[]>();
  private readonly users = new Map<string, unknown>();

  /** Keeps a comments record (page-level or inline) for its page's comments.json. */
  addComments(r: Extract<NotionRecord, { kind: "comments" }>): void {
    const c = this.comments.get(r.pageId) ?? { page: [], blocks: {} };
    if (r.parentType === "page") c.page.push(...r.comments);
    else c.blocks[r.parentId] = [...(c.blocks[r.parentId] ?? []), ...r.comments];
    this.comments.set(r.pageId, c);
    for (const comment of r.comments) this.commentPage.set(comment.id, r.pageId);
  }

  /** Keeps a view for its database's views.json. */
  addView(databaseId: string, view: Json): void {
    const list = this.views.get(databaseId) ?? [];
    list.push(view);
    this.views.set(databaseId, list);
  }

  /** Keeps a user for users.json. */
  addUser(id: string, user: unknown): void {
    this.users.set(id, user);
  }

  /** The page a comment read so far belongs to (its attachments go beside that page's comments). */
  pageOfComment(commentId: string): string | undefined {
    return this.commentPage.get(commentId);
  }

  /** A page's comments.json content, removed from the buffer (so comments are not all held). */
  takePageComments(pageId: string): unknown | undefined {
    const c = this.comments.get(pageId);
    if (!c) return undefined;
    this.comments.delete(pageId);
    for (const comment of [...c.page, ...Object.values(c.blocks).flat()]) {
      this.commentPage.delete((comment as { id: string }).id);
    }
    return commentsJson(c);
  }

  /** Comments still held, views and users, written once the crawl ended. */
  *rest(): Iterable<SourceItem> {
    for (const [pageId, c] of this.comments) {
      yield { kind: "file", dir: pageId, name: "comments.json", json: commentsJson(c) };
    }
    for (const [dbId, list] of this.views) {
      list.sort((a, b) => String(a.id).localeCompare(String(b.id)));
      yield { kind: "file", dir: dbId, name: "views.json", json: list };
    }
    const users = [...this.users.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, u]) => u);
    yield { kind: "file", dir: "", name: "users.json", json: users };
  }
}

/** comments.json: page-level comments, then inline ones by block id (sorted, so captures compare). */
function commentsJson(c: Comments): unknown {
  const blocks = Object.fromEntries(
    Object.keys(c.blocks)
      .sort()
      .map((k) => [k, c.blocks[k]]),
  );
  return { page: c.page, blocks };
}
