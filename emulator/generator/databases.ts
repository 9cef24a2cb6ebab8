// Databases: containers, their data sources and schemas, relations between them, rows and views.
import type { NotionObject } from "../workspace.ts";
import { preciseStamp } from "./clock.ts";
import { type GenContext, notionUrl, stamps, userRef } from "./context.ts";
import { addStandardProperties, Schema } from "./properties.ts";
import { text } from "./rich-text.ts";
import { linkRows, type RelationPair, writeRows } from "./rows.ts";
import { emoji } from "./words.ts";

/** Where a database goes and what it is called, decided before any page body is written. */
export interface DatabasePlan {
  id: string;
  title: string;
  parentPageId: string;
  isInline: boolean;
  /** Two ids for the database that holds two data sources, else one. */
  dataSourceIds: string[];
  /** Minute stamps shared with its child_database block. */
  stamps: NotionObject;
}

/** Writes every planned database with its data sources, rows (linked across databases) and views. */
export function writeDatabases(ctx: GenContext, plans: DatabasePlan[]): void {
  const sources: NotionObject[] = [];
  const primaries: NotionObject[] = [];
  const schemas = new Map<string, Schema>();
  plans.forEach((plan, i) => {
    const database = writeContainer(ctx, plan);
    plan.dataSourceIds.forEach((dsId, k) => {
      const name = k === 0 ? plan.title : `${plan.title} archive`;
      const schema = new Schema(ctx.rng);
      const source = writeDataSource(ctx, plan, database, dsId, name, schema, k === 0 && i === 0);
      schemas.set(dsId, schema);
      sources.push(source);
      if (k === 0) primaries.push(source);
    });
  });
  const pairs = wireRelations(primaries, (source) => schemas.get(source.id)!);
  const rowsBySource = new Map<string, NotionObject[]>();
  plans.forEach((plan) => {
    const total = ctx.opts.rowsPerDatabase;
    const n = plan.dataSourceIds.length;
    plan.dataSourceIds.forEach((dsId, k) => {
      const source = sources.find((s) => s.id === dsId)!;
      const count = Math.floor(total / n) + (k < total % n ? 1 : 0);
      rowsBySource.set(dsId, writeRows(ctx, source, count));
    });
  });
  linkRows(ctx, pairs, rowsBySource, sources);
  const first = sources[0];
  if (first) writeTemplate(ctx, first);
  plans.forEach((plan, i) => {
    if (i % 2 === 0 || plan.dataSourceIds.length > 1) writeViews(ctx, plan, sources);
  });
}

/** One default template on the data source: a page kept apart from the rows (see emulator/templates.ts). */
function writeTemplate(ctx: GenContext, source: NotionObject): void {
  const [template] = writeRows(ctx, source, 1, 1);
  if (!template) return;
  const name = "New item template";
  template.properties.Name.title = [text(name)];
  template.url = notionUrl(template.id, name);
  source.templates = [{ id: template.id, name, is_default: true }];
}

function writeContainer(ctx: GenContext, plan: DatabasePlan): NotionObject {
  const database = {
    object: "database",
    id: plan.id,
    title: [text(plan.title)],
    description: [],
    parent: { type: "page_id", page_id: plan.parentPageId },
    is_inline: plan.isInline,
    in_trash: false,
    archived: false,
    is_locked: false,
    created_time: preciseStamp(plan.stamps.created_time, ctx.rng),
    last_edited_time: preciseStamp(plan.stamps.last_edited_time, ctx.rng),
    data_sources: plan.dataSourceIds.map((id, k) => ({
      id,
      name: k === 0 ? plan.title : `${plan.title} archive`,
    })),
    icon: { type: "emoji", emoji: emoji(ctx.rng) },
    cover: null,
    url: notionUrl(plan.id),
    public_url: null,
  };
  ctx.data.databases.push(database);
  return database;
}

function writeDataSource(
  ctx: GenContext,
  plan: DatabasePlan,
  database: NotionObject,
  id: string,
  name: string,
  schema: Schema,
  wiki: boolean,
): NotionObject {
  const full = id === plan.dataSourceIds[0];
  addStandardProperties(ctx, schema, full);
  // verification only exists on wiki-style databases; the first database plays that role
  if (full && wiki) schema.add("Verification", "verification");
  const source = {
    object: "data_source",
    id,
    cover: null,
    icon: { ...database.icon },
    ...stampsFrom(plan.stamps),
    title: [text(name)],
    description: full ? [text(`Tracks ${plan.title.toLowerCase()}.`)] : [],
    is_inline: plan.isInline,
    properties: schema.properties,
    parent: { type: "database_id", database_id: plan.id },
    database_parent: { ...database.parent },
    url: notionUrl(plan.id),
    public_url: null,
    archived: false,
    in_trash: false,
  };
  ctx.data.data_sources.push(source);
  return source;
}

function stampsFrom(s: NotionObject): NotionObject {
  return {
    created_time: s.created_time,
    created_by: { ...s.created_by },
    last_edited_by: { ...s.last_edited_by },
    last_edited_time: s.last_edited_time,
  };
}

/** Each primary source relates to the next database (dual, both directions) and to itself, with rollups. */
function wireRelations(
  primaries: NotionObject[],
  schemaOf: (source: NotionObject) => Schema,
): RelationPair[] {
  const pairs: RelationPair[] = [];
  const title = (s: NotionObject) => s.title[0].plain_text as string;
  const main = new Map<string, NotionObject>();
  if (primaries.length >= 2) {
    primaries.forEach((source, i) => {
      const target = primaries[(i + 1) % primaries.length]!;
      const fwd = schemaOf(source).add(
        `Links to ${title(target)}`,
        "relation",
        relationConfig(target, "dual_property"),
      );
      const back = schemaOf(target).add(
        `Linked from ${title(source)}`,
        "relation",
        relationConfig(source, "dual_property"),
      );
      fwd.relation.dual_property = { synced_property_name: back.name, synced_property_id: back.id };
      back.relation.dual_property = { synced_property_name: fwd.name, synced_property_id: fwd.id };
      pairs.push({ source: source.id, forward: fwd.name, target: target.id, back: back.name });
      main.set(source.id, fwd);
    });
  }
  for (const source of primaries) {
    const self = schemaOf(source).add("Parent item", "relation", relationConfig(source, "single_property"));
    const relation = main.get(source.id) ?? self;
    const rollup = (name: string, of: NotionObject, fn: string) =>
      schemaOf(source).add(name, "rollup", {
        rollup_property_name: of.name,
        relation_property_name: relation.name,
        rollup_property_id: decodeURIComponent(of.id),
        relation_property_id: decodeURIComponent(relation.id),
        function: fn,
      });
    const props = source.properties as Record<string, NotionObject>;
    rollup("Linked count", props.Name!, "count");
    rollup("Linked estimate", props.Estimate!, "sum");
    rollup("Linked status", props.Status!, "show_original");
  }
  return pairs;
}

function relationConfig(target: NotionObject, type: "dual_property" | "single_property"): NotionObject {
  return { database_id: target.parent.database_id, data_source_id: target.id, type, [type]: {} };
}

function writeViews(ctx: GenContext, plan: DatabasePlan, sources: NotionObject[]): void {
  for (const dsId of plan.dataSourceIds) {
    const source = sources.find((s) => s.id === dsId)!;
    const props = source.properties as Record<string, NotionObject>;
    ctx.data.views.push(view(ctx, plan, dsId, "All items", { type: "table" }, null));
    if (props.Status) {
      const config = {
        type: "board",
        group_by: {
          type: "status",
          property_id: props.Status.id,
          group_by: "group",
          sort: { type: "manual" },
        },
      };
      ctx.data.views.push(
        view(ctx, plan, dsId, "Board", config, [{ property: "Due", direction: "ascending" }]),
      );
    }
  }
}

function view(
  ctx: GenContext,
  plan: DatabasePlan,
  dataSourceId: string,
  name: string,
  configuration: NotionObject,
  sorts: NotionObject[] | null,
): NotionObject {
  const id = ctx.rng.uuid();
  const s = stamps(ctx);
  return {
    object: "view",
    id,
    parent: { type: "database_id", database_id: plan.id },
    data_source_id: dataSourceId,
    name,
    type: configuration.type,
    created_time: preciseStamp(s.created_time, ctx.rng),
    created_by: userRef(s.created_by.id),
    last_edited_time: preciseStamp(s.last_edited_time, ctx.rng),
    last_edited_by: userRef(s.last_edited_by.id),
    url: `${notionUrl(plan.id)}?v=${id.replace(/-/g, "")}`,
    filter: null,
    sorts,
    quick_filters: null,
    configuration,
  };
}
