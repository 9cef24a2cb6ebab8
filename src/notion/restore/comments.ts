// Comments recreated on their restored page or block: discussion by discussion, in order, authors and times written in.
import type { CommentObjectResponse } from "@notionhq/client";
import type { NotionClient } from "../client.ts";
import type { PageComments, SnapshotFileRef, WorkspaceSnapshot } from "../snapshot-reader.ts";
import { ReferenceMapper } from "./blocks-payload.ts";
import type { IdMap } from "./id-map.ts";
import type { RestoreJournal } from "./journal.ts";
import { chunkRichTextArray } from "./rich-text-split.ts";
import { snapshotFileName, uploadSnapshotFile, workspaceUploadLimit } from "./upload.ts";

/** Notion takes at most this many attachments on one comment. */
const MAX_ATTACHMENTS = 3;

/** What restoring the comments of one page needs. */
export interface CommentRestoreContext {
  idMap: IdMap;
  journal: RestoreJournal;
  /** User id -> name, for the "— author, time" line (users.json of the snapshot). */
  users: Map<string, string>;
  signal?: AbortSignal;
  /**
   * Old id of the page the comments belong to: comments of blocks that were not restored go on it,
   * and its comment-files/ hold the attachments. Default: the parent of the page-level comments.
   */
  pageId?: string;
  /** The snapshot, to upload attachments again from its bytes; without it attachments are listed as lost. */
  reader?: WorkspaceSnapshot;
  /** The workspace's upload cap; read from users/me when needed and not given. */
  limitBytes?: number;
  /** Told of each comment created, for progress. */
  onEvent?: (event: { type: "comment-created"; oldId: string; newId: string }) => void;
}

/** What became of the comments of one page. */
export interface CommentRestoreResult {
  created: number;
  /** Comments a previous run of the restore had already created. */
  alreadyRestored: number;
  attachments: number;
  /** Comments restored elsewhere than their original place, and why. */
  moved: Array<{ id: string; reason: string }>;
  /** Comments and attachments not restored, and why. */
  notRestored: Array<{ id: string; reason: string }>;
}

type Json = Record<string, any>;
type Created = { id: string; discussion_id: string };

/**
 * Recreates the open comments of a page: each discussion in the order its first comment was made,
 * its comments in order, the first on the restored page (page-level) or block (inline; the API
 * cannot anchor to a text range, so it anchors to the whole block), the others as replies to the
 * new discussion. The API makes the integration the author and now the time, so each comment's
 * text ends with "— original author, original time" and its display name is the original author's.
 * Notion joins an open page-level discussion when another page-level comment is made, so several
 * page-level discussions of the snapshot become one on the restored page.
 *
 * Each comment is created once per restore (journal key `comment:<old id>`); a create whose answer
 * was lost is looked for among the parent's comments before it is sent again.
 */
export async function restoreComments(
  client: NotionClient,
  comments: PageComments,
  ctx: CommentRestoreContext,
): Promise<CommentRestoreResult> {
  const result: CommentRestoreResult = {
    created: 0,
    alreadyRestored: 0,
    attachments: 0,
    moved: [],
    notRestored: [],
  };
  const oldPageId = ctx.pageId ?? pageIdOf(comments.page[0]);
  const newPageId = oldPageId ? ctx.idMap.get(oldPageId) : undefined;
  const attachments = new AttachmentSource(client, ctx, oldPageId);
  for (const discussion of discussions(comments)) {
    const first = discussion[0]!;
    const anchor = first.parent.type === "block_id" ? first.parent.block_id : undefined;
    let parent: Json | undefined;
    if (anchor) {
      const block = ctx.idMap.get(anchor);
      if (block) parent = { block_id: block };
      else if (newPageId) {
        parent = { page_id: newPageId };
        for (const c of discussion)
          result.moved.push({ id: c.id, reason: `its block ${anchor} was not restored; put on the page` });
      }
    } else if (newPageId) parent = { page_id: newPageId };
    if (!parent) {
      for (const c of discussion) result.notRestored.push({ id: c.id, reason: "its page was not restored" });
      continue;
    }
    const where = (parent.block_id ?? parent.page_id) as string;
    let discussionId = ctx.journal.get(`discussion:${first.discussion_id}`);
    for (const comment of discussion) {
      const parts = await commentParts(comment, ctx, attachments, result);
      for (const [i, part] of parts.entries()) {
        const key = i === 0 ? `comment:${comment.id}` : `comment:${comment.id}#${i + 1}`;
        if (ctx.journal.get(key)) {
          result.alreadyRestored += i === 0 ? 1 : 0;
          discussionId ??= await discussionOf(client, where, ctx.journal.get(key)!, ctx.signal);
          continue;
        }
        // Set by whichever of create and recover ran (a holder: TS does not track writes in callbacks).
        const made: { comment?: Created } = {};
        const body = discussionId ? { discussion_id: discussionId, ...part } : { parent, ...part };
        const newId = await ctx.journal.once(
          key,
          async () => {
            const created = (await client.call("comments.create", body as never, {
              signal: ctx.signal,
            })) as Created;
            made.comment = created;
            return created.id;
          },
          {
            hint: { on: where },
            recover: async () => {
              made.comment = await findCreated(client, where, signature(part.rich_text), ctx);
              return made.comment?.id;
            },
          },
        );
        discussionId ??=
          made.comment?.discussion_id ?? (await discussionOf(client, where, newId, ctx.signal));
        if (i === 0) {
          result.created++;
          result.attachments += part.attachments?.length ?? 0;
          ctx.onEvent?.({ type: "comment-created", oldId: comment.id, newId });
        }
      }
      if (discussionId && !ctx.journal.get(`discussion:${first.discussion_id}`)) {
        await ctx.journal.record(`discussion:${first.discussion_id}`, discussionId);
      }
    }
  }
  return result;
}

/** The discussions of a page (page-level and inline), each in comment order, ordered by their first comment. */
function discussions(comments: PageComments): CommentObjectResponse[][] {
  const byId = new Map<string, CommentObjectResponse[]>();
  const all = [...comments.page, ...Object.values(comments.blocks).flat()];
  for (const c of all) {
    const list = byId.get(c.discussion_id) ?? [];
    list.push(c);
    byId.set(c.discussion_id, list);
  }
  const byTime = (a: CommentObjectResponse, b: CommentObjectResponse) =>
    a.created_time.localeCompare(b.created_time);
  const out = [...byId.values()].map((list) => list.sort(byTime));
  return out.sort((a, b) => byTime(a[0]!, b[0]!));
}

function pageIdOf(c: CommentObjectResponse | undefined): string | undefined {
  return c?.parent.type === "page_id" ? c.parent.page_id : undefined;
}

interface CommentPart {
  rich_text: Json[];
  attachments?: Array<{ file_upload_id: string }>;
  display_name?: { type: "custom"; custom: { name: string } };
}

/** The create bodies of one comment: one, unless its text needs more than 100 rich-text items. */
async function commentParts(
  comment: CommentObjectResponse,
  ctx: CommentRestoreContext,
  files: AttachmentSource,
  result: CommentRestoreResult,
): Promise<CommentPart[]> {
  const author = authorOf(comment, ctx.users);
  const line = {
    type: "text",
    text: { content: `\n— ${author}, ${formatTime(comment.created_time)}`, link: null },
    annotations: { italic: true, color: "gray" },
  };
  const text = [...toRequestRichText(comment.rich_text, ctx.idMap, comment.id), line];
  const groups = chunkRichTextArray(text);
  const attachments = ctx.journal.get(`comment:${comment.id}`) ? [] : await files.uploadsOf(comment, result);
  return groups.map((rich_text, i) => ({
    rich_text,
    ...(i === 0 && attachments.length > 0 ? { attachments } : {}),
    display_name: { type: "custom", custom: { name: author } },
  }));
}

/** Response rich text -> request rich text, as blocks get it (mentions of restored objects remapped, long items split). */
function toRequestRichText(items: unknown, idMap: IdMap, commentId: string): Json[] {
  return new ReferenceMapper({ idMap, inSet: (id) => idMap.has(id) }, commentId, []).richText(items);
}

function authorOf(comment: CommentObjectResponse, users: Map<string, string>): string {
  const id = comment.created_by.id;
  return users.get(id) ?? comment.display_name?.resolved_name ?? `user ${id.slice(0, 8)}`;
}

/** "2026-01-01T10:04:00.000Z" -> "2026-01-01 10:04 UTC". */
export function formatTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

/** The text a comment shows apart from mentions (whose words Notion renders itself). */
function signature(items: Json[]): string {
  return items
    .filter((i) => i.type !== "mention")
    .map((i) => i.text?.content ?? i.equation?.expression ?? i.plain_text ?? "")
    .join("");
}

/** The comment an earlier, unconfirmed create made on `where`, recognised by its text. */
async function findCreated(
  client: NotionClient,
  where: string,
  text: string,
  ctx: CommentRestoreContext,
): Promise<Created | undefined> {
  const known = new Set<string>();
  for (const [key, id] of ctx.journal.entries()) if (key.startsWith("comment:")) known.add(id);
  for (const c of await listComments(client, where, ctx.signal)) {
    if (!known.has(c.id) && signature(c.rich_text as Json[]) === text) return c;
  }
  return undefined;
}

async function discussionOf(
  client: NotionClient,
  where: string,
  commentId: string,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  return (await listComments(client, where, signal)).find((c) => c.id === commentId)?.discussion_id;
}

async function listComments(
  client: NotionClient,
  blockId: string,
  signal: AbortSignal | undefined,
): Promise<CommentObjectResponse[]> {
  const out: CommentObjectResponse[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.call(
      "comments.list",
      { block_id: blockId, page_size: 100, ...(cursor ? { start_cursor: cursor } : {}) },
      { signal },
    );
    out.push(...(page.results as CommentObjectResponse[]));
    cursor = page.has_more ? (page.next_cursor ?? undefined) : undefined;
  } while (cursor);
  return out;
}

/** Attachments of the page's comments, uploaded again from the snapshot's comment-files. */
class AttachmentSource {
  private refs?: Promise<SnapshotFileRef[]>;
  private limit?: Promise<number>;

  constructor(
    private readonly client: NotionClient,
    private readonly ctx: CommentRestoreContext,
    private readonly oldPageId: string | undefined,
  ) {}

  /** The file_upload ids of a comment's attachments; those that cannot be uploaded are reported. */
  async uploadsOf(
    comment: CommentObjectResponse,
    result: CommentRestoreResult,
  ): Promise<Array<{ file_upload_id: string }>> {
    const wanted = comment.attachments ?? [];
    if (wanted.length === 0) return [];
    const { reader } = this.ctx;
    if (!reader || !this.oldPageId) {
      result.notRestored.push({
        id: comment.id,
        reason: `${wanted.length} attachment(s): no snapshot to read them from`,
      });
      return [];
    }
    this.refs ??= reader.files(this.oldPageId, this.ctx.signal);
    const refs = (await this.refs).filter((r) => r.owner.object === "comment" && r.owner.id === comment.id);
    const out: Array<{ file_upload_id: string }> = [];
    for (const [i] of wanted.entries()) {
      const ref = refs.find((r) => r.owner.path?.[1] === i);
      if (!ref) {
        result.notRestored.push({
          id: comment.id,
          reason: `attachment ${i + 1}: its file is not in the snapshot`,
        });
        continue;
      }
      if (out.length >= MAX_ATTACHMENTS) {
        result.notRestored.push({
          id: comment.id,
          reason: `attachment ${i + 1}: Notion takes ${MAX_ATTACHMENTS} per comment`,
        });
        continue;
      }
      this.limit ??=
        this.ctx.limitBytes !== undefined
          ? Promise.resolve(this.ctx.limitBytes)
          : workspaceUploadLimit(this.client, this.ctx.signal);
      const bytes = await reader.readBytes(ref.path, this.ctx.signal);
      const up = await uploadSnapshotFile(
        this.client,
        { name: snapshotFileName(ref), contentType: ref.contentType || "application/octet-stream", bytes },
        {
          limitBytes: await this.limit,
          journal: this.ctx.journal,
          signal: this.ctx.signal,
          ...(ref.sha256 ? { key: `upload:${ref.sha256}` } : {}),
        },
      );
      if ("skipped" in up)
        result.notRestored.push({ id: comment.id, reason: `attachment ${i + 1}: ${up.skipped}` });
      else out.push({ file_upload_id: up.id });
    }
    return out;
  }
}
