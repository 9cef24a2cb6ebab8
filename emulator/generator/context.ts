// The state shared by the generator's parts while one workspace is being built.
import { DEFAULT_TOKEN, type NotionObject, type WorkspaceData } from "../workspace.ts";
import { Clock } from "./clock.ts";
import { MediaPool } from "./media.ts";
import type { GenerateOptions } from "./options.ts";
import { Random } from "./random.ts";
import { generatePeople } from "./users.ts";

/** Name of the generated integration's bot. */
export const GENERATED_BOT_NAME = "notion-vault emulator";

/** A page or database the generator knows by id and title (targets for mentions and links). */
export interface Target {
  id: string;
  title: string;
}

/** Everything a generator step reads or appends to. */
export interface GenContext {
  opts: GenerateOptions;
  rng: Random;
  clock: Clock;
  media: MediaPool;
  /** The objects built so far, in the order `Workspace.fromData` should load them. */
  data: Required<
    Pick<WorkspaceData, "pages" | "blocks" | "databases" | "data_sources" | "views" | "comments">
  >;
  /** People users (full user objects). */
  people: NotionObject[];
  botId: string;
  /** People and the bot, by id. */
  userById: Map<string, NotionObject>;
  /** Regular pages, known before any body is written so bodies can link anywhere. */
  pageTargets: Target[];
  databaseTargets: Target[];
  /** Synced block originals written so far (references point at these). */
  syncedOriginals: string[];
  /** Counts top-level content blocks, so the first ones walk through every block kind once. */
  blockCounter: number;
  /** Counts discussions, so the first ones cover page-level, inline, replies, resolved and attachments. */
  discussionCounter: number;
}

/** A fresh context: seeded random numbers and clock, the people (generated unless given) and the bot. */
export function createContext(opts: GenerateOptions, people?: NotionObject[]): GenContext {
  const rng = new Random(opts.seed);
  const users = people ?? generatePeople(rng, opts.users);
  const botId = rng.uuid();
  const bot = { object: "user", id: botId, name: GENERATED_BOT_NAME, avatar_url: null, type: "bot", bot: {} };
  return {
    opts,
    rng,
    clock: new Clock(rng, opts.seed, expectedObjects(opts)),
    media: new MediaPool(rng, opts.mediaFiles, opts.mediaSize),
    data: { pages: [], blocks: [], databases: [], data_sources: [], views: [], comments: [] },
    people: users,
    botId,
    userById: new Map([...users, bot].map((u) => [u.id as string, u])),
    pageTargets: [],
    databaseTargets: [],
    syncedOriginals: [],
    blockCounter: 0,
    discussionCounter: 0,
  };
}

/** A generous estimate of how many timestamped objects the options produce. */
function expectedObjects(o: GenerateOptions): number {
  return (
    100 +
    o.pages * (2 * o.blocksPerPage + 2 + 3 * o.commentsPerPage) +
    o.databases * (o.rowsPerDatabase * 3 + 10)
  );
}

/** The workspace file form of everything the context holds, shared with its one integration. */
export function toWorkspaceData(ctx: GenContext, name: string, shared: string[]): WorkspaceData {
  return {
    name,
    users: ctx.people,
    integrations: [
      {
        token: DEFAULT_TOKEN,
        bot_id: ctx.botId,
        name: GENERATED_BOT_NAME,
        shared,
        max_file_upload_size_in_bytes: 5 * 1024 * 1024 * 1024,
      },
    ],
    ...ctx.data,
    files: ctx.media.files,
  };
}

/** A partial user reference as Notion puts in created_by / last_edited_by. */
export function userRef(id: string): NotionObject {
  return { object: "user", id };
}

/** A person (mostly) or the bot, as the author of an object. */
export function author(ctx: GenContext): NotionObject {
  if (ctx.rng.chance(0.1)) return userRef(ctx.botId);
  return userRef(ctx.rng.pick(ctx.people).id);
}

/** The common created/edited stamps of pages, blocks and data sources. */
export function stamps(ctx: GenContext): NotionObject {
  const created = ctx.clock.created();
  const by = author(ctx);
  return {
    created_time: created,
    last_edited_time: ctx.clock.edited(created),
    created_by: by,
    last_edited_by: ctx.rng.chance(0.7) ? { ...by } : author(ctx),
  };
}

/** Notion's page URL: a title slug followed by the undashed id. */
export function notionUrl(id: string, title?: string): string {
  const slug = (title ?? "").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  const hex = id.replace(/-/g, "");
  return `https://www.notion.so/${slug ? `${slug}-` : ""}${hex}`;
}
