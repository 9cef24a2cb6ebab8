// Creating pages, rows, databases and data sources once each: journaled creates and how an unconfirmed one is found again.
import type { NotionClient } from "../client.ts";
import type { RestoreJournal } from "./journal.ts";

type Json = Record<string, any>;

/** What creating objects needs. */
export interface CreateContext {
  client: NotionClient;
  journal: RestoreJournal;
  signal?: AbortSignal;
}

/** New ids the journal holds (objects of this restore), to tell them from look-alikes made otherwise. */
function knownIds(journal: RestoreJournal): Set<string> {
  const out = new Set<string>();
  for (const [, id] of journal.entries()) for (const part of id.split(",")) out.add(part);
  return out;
}

async function listAll(ctx: CreateContext, blockId: string): Promise<Json[]> {
  const out: Json[] = [];
  let cursor: string | undefined;
  do {
    const res = await ctx.client.call(
      "blocks.children.list",
      { block_id: blockId, page_size: 100, ...(cursor ? { start_cursor: cursor } : {}) },
      { signal: ctx.signal },
    );
    out.push(...(res.results as Json[]));
    cursor = res.has_more ? (res.next_cursor ?? undefined) : undefined;
  } while (cursor);
  return out;
}

/** A child page or database of `parentId` with this title that no journal entry claims. */
async function findChild(
  ctx: CreateContext,
  parentId: string,
  type: "child_page" | "child_database",
  title: string,
): Promise<string | undefined> {
  const known = knownIds(ctx.journal);
  const children = await listAll(ctx, parentId);
  const hit = children.find((b) => b.type === type && b[type]?.title === title && !known.has(b.id));
  return hit?.id;
}

/** Creates a page under a page (journal key `page:<old id>`); an unconfirmed create is looked for among the parent's children. */
export function createPageOnce(
  ctx: CreateContext,
  oldId: string,
  body: Json,
  title: string,
): Promise<string> {
  const parent: string = body.parent.page_id;
  return ctx.journal.once(
    `page:${oldId}`,
    async () => (await ctx.client.call("pages.create", body as never, { signal: ctx.signal })).id,
    { hint: { parent }, recover: () => findChild(ctx, parent, "child_page", title) },
  );
}

/** Creates a row in a data source; an unconfirmed create is looked for by title among the source's rows. */
export function createRowOnce(
  ctx: CreateContext,
  oldId: string,
  body: Json,
  titleProperty: string,
  title: string,
): Promise<string> {
  const ds: string = body.parent.data_source_id;
  return ctx.journal.once(
    `page:${oldId}`,
    async () => (await ctx.client.call("pages.create", body as never, { signal: ctx.signal })).id,
    {
      hint: { data_source: ds },
      recover: async () => {
        const known = knownIds(ctx.journal);
        let cursor: string | undefined;
        do {
          const res = await ctx.client.call(
            "dataSources.query",
            {
              data_source_id: ds,
              filter: { property: titleProperty, title: { equals: title } } as never,
              page_size: 100,
              ...(cursor ? { start_cursor: cursor } : {}),
            },
            { signal: ctx.signal },
          );
          const hit = (res.results as Json[]).find((p) => !known.has(p.id));
          if (hit) return hit.id as string;
          cursor = res.has_more ? (res.next_cursor ?? undefined) : undefined;
        } while (cursor);
        return undefined;
      },
    },
  );
}

/** Creates a database with its first data source; records both (`database:`, `data_source:`). Returns the new ids. */
export async function createDatabaseOnce(
  ctx: CreateContext,
  oldId: string,
  firstSource: string | undefined,
  body: Json,
  title: string,
): Promise<{ database: string; firstSource?: string }> {
  const parent: string = body.parent.page_id;
  let firstNew: string | undefined;
  const database = await ctx.journal.once(
    `database:${oldId}`,
    async () => {
      const res = (await ctx.client.call("databases.create", body as never, { signal: ctx.signal })) as Json;
      firstNew = res.data_sources?.[0]?.id;
      return res.id as string;
    },
    { hint: { parent }, recover: () => findChild(ctx, parent, "child_database", title) },
  );
  if (!firstSource) return { database };
  let ds = ctx.journal.get(`data_source:${firstSource}`);
  if (!ds) {
    // Killed between the two records, or recovered: the database knows its first source.
    firstNew ??= (
      (await ctx.client.call("databases.retrieve", { database_id: database }, { signal: ctx.signal })) as Json
    ).data_sources?.[0]?.id;
    if (!firstNew) throw new Error(`database ${database} has no data source`);
    ds = firstNew;
    await ctx.journal.record(`data_source:${firstSource}`, ds);
  }
  return { database, firstSource: ds };
}

/** Adds a data source to a restored database; an unconfirmed create is looked for in the database's list. */
export function createDataSourceOnce(
  ctx: CreateContext,
  oldId: string,
  body: Json,
  title: string,
): Promise<string> {
  const db: string = body.parent.database_id;
  return ctx.journal.once(
    `data_source:${oldId}`,
    async () => (await ctx.client.call("dataSources.create", body as never, { signal: ctx.signal })).id,
    {
      hint: { database: db },
      recover: async () => {
        const known = knownIds(ctx.journal);
        const res = (await ctx.client.call(
          "databases.retrieve",
          { database_id: db },
          { signal: ctx.signal },
        )) as Json;
        return (res.data_sources as Json[] | undefined)?.find((d) => d.name === title && !known.has(d.id))
          ?.id;
      },
    },
  );
}

/** Runs an idempotent write (an update) once per restore: recorded as done under `key`. */
export async function setOnce(
  journal: RestoreJournal,
  key: string,
  write: () => Promise<unknown>,
): Promise<boolean> {
  if (journal.get(key)) return false;
  await write();
  await journal.record(key, "done");
  return true;
}
