// Writes made once everything exists: row values that referenced later rows, blocks that referenced later pages, held-back synced references.
import type { NotionClient } from "../client.ts";
import type { WorkspaceSnapshot } from "../snapshot-reader.ts";
import { blockToPayload, type PayloadContext } from "./blocks-payload.ts";
import type { IdMap } from "./id-map.ts";
import type { RestoreJournal } from "./journal.ts";
import { setOnce } from "./objects.ts";
import type { RestorePlan } from "./plan.ts";
import { pageValues, type ValuesContext } from "./properties.ts";
import type { RestoreReportBuilder } from "./report.ts";

type Json = Record<string, any>;

/** What the late writes need. */
export interface LateContext {
  client: NotionClient;
  journal: RestoreJournal;
  idMap: IdMap;
  plan: RestorePlan;
  reader: WorkspaceSnapshot;
  report: RestoreReportBuilder;
  payload: PayloadContext;
  /** How a row's values are converted (uploads, writable columns). */
  values: (row: string) => ValuesContext;
  signal?: AbortSignal;
}

/** Writes the property values a row was created without (their references exist now). */
export async function writeLateValues(ctx: LateContext, row: string, names: string[]): Promise<void> {
  const newId = ctx.idMap.get(row);
  if (!newId) return;
  const page = (await ctx.reader.page(row, ctx.signal)) as Json;
  const props: Json = {};
  for (const n of names) if (page.properties?.[n]) props[n] = page.properties[n];
  const { values } = pageValues(row, props, { ...ctx.values(row), final: true });
  await setOnce(ctx.journal, `values:${row}`, () =>
    ctx.client.call("pages.update", { page_id: newId, properties: values } as never, {
      signal: ctx.signal,
    }),
  );
}

/** Blocks created while something they reference did not exist yet: their content is written again. */
export async function rewriteForwardBlocks(ctx: LateContext): Promise<void> {
  const keys = [...ctx.journal.entries()].map(([k]) => k).filter((k) => k.startsWith("fix:"));
  for (const key of keys) {
    const old = key.slice(4);
    if (ctx.journal.get(`fixed:${old}`)) continue;
    const node = ctx.plan.nodes.get(old);
    const newId = ctx.idMap.get(old);
    if (!node || !newId) {
      ctx.report.lost(old, "block", "its references could not be remapped (its new id is unknown)");
      continue;
    }
    const { payload } = blockToPayload({ ...node, children: [] }, ctx.payload);
    if (!payload) continue;
    if (payload.type === "synced_block") {
      ctx.report.lost(
        old,
        "synced_block",
        "created before its original; a synced block cannot be re-pointed",
      );
      continue;
    }
    await setOnce(ctx.journal, `fixed:${old}`, () =>
      ctx.client.call("blocks.update", { block_id: newId, [payload.type]: payload[payload.type] } as never, {
        signal: ctx.signal,
      }),
    );
  }
}

/** Inserts a held-back synced reference after its previous sibling, now that its original exists. */
export async function insertHeldBack(ctx: LateContext, id: string): Promise<void> {
  if (ctx.idMap.get(id)) return;
  const node = ctx.plan.nodes.get(id)!;
  const place = ctx.plan.places.get(id)!;
  const parent = ctx.idMap.get(place.parentBlock ?? place.page);
  if (!parent) {
    ctx.report.lost(id, "synced_block", "its parent was not restored");
    return;
  }
  let prev = place.previous;
  while (prev && !ctx.idMap.get(prev)) prev = ctx.plan.places.get(prev)?.previous;
  const after = prev ? ctx.idMap.get(prev) : undefined;
  const { payload } = blockToPayload(node, ctx.payload);
  if (!payload) return;
  const original = (payload.synced_block as Json).synced_from?.block_id as string;
  const newId = await ctx.journal.once(
    `block:${id}`,
    async () => {
      const res = await ctx.client.call(
        "blocks.children.append",
        {
          block_id: parent,
          children: [payload] as never,
          // `after` is the 2025-09-03 way; only a first child needs the newer `position`.
          ...(after ? { after } : { position: { type: "start" } }),
        },
        { signal: ctx.signal },
      );
      return res.results[0]!.id;
    },
    {
      hint: { parent },
      recover: async () => {
        const res = await ctx.client.call(
          "blocks.children.list",
          { block_id: parent, page_size: 100 },
          { signal: ctx.signal },
        );
        const known = new Set([...ctx.idMap.entries()].map(([, v]) => v));
        return (res.results as Json[]).find(
          (b) =>
            b.type === "synced_block" &&
            b.synced_block?.synced_from?.block_id === original &&
            !known.has(b.id),
        )?.id;
      },
    },
  );
  await ctx.idMap.set(id, newId, "block");
  ctx.report.created.blocks++;
}
