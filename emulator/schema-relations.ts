// Relation and rollup schema properties: targets resolved to database + data source, synced sides of dual relations.
import { validationError } from "./errors.ts";
import { decodeId, findProperty, newPropertyId, type Schema } from "./schema-keys.ts";
import { type NotionObject, normalizeId, type Workspace } from "./workspace.ts";

/** What schema building needs: the workspace (relation targets) and the data source being shaped. */
export interface SchemaContext {
  ws: Workspace;
  /** Id of the data source the schema belongs to (it may not be stored yet). */
  dataSourceId: string;
  /** Id of its database, for self-relations. */
  databaseId: string;
  /** Title of the data source, used to name the synced side of a dual relation. */
  title: string;
  /** Whether the integration can see an id (relation targets must be shared). */
  canSee: (id: string) => boolean;
}

/** The stored configuration of a relation property (the target must be shared with the integration). */
export function relationConfig(
  body: NotionObject,
  ctx: SchemaContext,
  where: string,
  prop: NotionObject,
): NotionObject {
  const target = relationTarget(body, ctx, where);
  const kind = body.type ?? (body.dual_property !== undefined ? "dual_property" : "single_property");
  if (kind !== "single_property" && kind !== "dual_property") {
    throw validationError(
      `${where}.relation.type should be \`single_property\` or \`dual_property\`, instead was \`${kind}\`.`,
    );
  }
  if (kind === "single_property") {
    return {
      database_id: target.databaseId,
      data_source_id: target.dataSourceId,
      type: kind,
      single_property: {},
    };
  }
  const dual = body.dual_property ?? {};
  const synced = linkSyncedProperty(target.dataSourceId, dual, ctx, prop);
  return {
    database_id: target.databaseId,
    data_source_id: target.dataSourceId,
    type: kind,
    dual_property: { synced_property_name: synced.name, synced_property_id: synced.id },
  };
}

function relationTarget(body: NotionObject, ctx: SchemaContext, where: string) {
  const raw = body.data_source_id ?? body.database_id;
  if (typeof raw !== "string") {
    throw validationError(`${where}.relation.data_source_id should be defined, instead was \`undefined\`.`);
  }
  const id = normalizeId(raw);
  if (id === ctx.dataSourceId || id === ctx.databaseId) {
    return { dataSourceId: ctx.dataSourceId, databaseId: ctx.databaseId };
  }
  let ds = ctx.ws.dataSources.get(id);
  if (!ds && body.data_source_id === undefined) {
    const db = ctx.ws.databases.get(id);
    const first = db?.data_sources?.[0]?.id;
    ds = first ? ctx.ws.dataSources.get(first) : undefined;
  }
  if (!ds || !ctx.canSee(ds.id)) {
    throw validationError(
      `Could not find data source with ID: ${id}. Make sure the relevant pages and databases are shared with your integration.`,
    );
  }
  return { dataSourceId: ds.id as string, databaseId: ds.parent.database_id as string };
}

/** The synced side of a dual relation: an existing property of the target, or one created there. */
function linkSyncedProperty(targetId: string, dual: NotionObject, ctx: SchemaContext, prop: NotionObject) {
  const target = targetId === ctx.dataSourceId ? undefined : ctx.ws.dataSources.get(targetId);
  const targetSchema: Schema | undefined = target?.properties;
  const wanted = dual.synced_property_id ?? dual.synced_property_name;
  const found = targetSchema && typeof wanted === "string" ? findProperty(targetSchema, wanted) : undefined;
  if (found) return { name: found.name as string, id: found.id as string };
  const name =
    typeof dual.synced_property_name === "string"
      ? dual.synced_property_name
      : `Related to ${ctx.title} (${prop.name})`;
  if (!targetSchema) return { name, id: "" };
  const id = newPropertyId(targetSchema);
  targetSchema[name] = {
    id,
    name,
    description: null,
    type: "relation",
    relation: {
      database_id: ctx.databaseId,
      data_source_id: ctx.dataSourceId,
      type: "dual_property",
      dual_property: { synced_property_name: prop.name, synced_property_id: prop.id },
    },
  };
  return { name, id };
}

/** The stored configuration of a rollup: its relation and rolled-up property by name and (decoded) id. */
export function rollupConfig(
  body: NotionObject,
  schema: Schema,
  ctx: SchemaContext,
  where: string,
): NotionObject {
  const relKey = body.relation_property_id ?? body.relation_property_name;
  const relation = typeof relKey === "string" ? findProperty(schema, relKey) : undefined;
  if (relation?.type !== "relation") {
    throw validationError(`${where}.rollup: could not find relation property ${JSON.stringify(relKey)}.`);
  }
  const targetId = relation.relation.data_source_id as string;
  const targetSchema: Schema =
    targetId === ctx.dataSourceId ? schema : (ctx.ws.dataSources.get(targetId)?.properties ?? {});
  const rollKey = body.rollup_property_id ?? body.rollup_property_name;
  const rolled = typeof rollKey === "string" ? findProperty(targetSchema, rollKey) : undefined;
  if (!rolled)
    throw validationError(`${where}.rollup: could not find rollup property ${JSON.stringify(rollKey)}.`);
  if (typeof body.function !== "string") {
    throw validationError(`${where}.rollup.function should be defined, instead was \`undefined\`.`);
  }
  return {
    rollup_property_name: rolled.name,
    relation_property_name: relation.name,
    rollup_property_id: decodeId(rolled.id),
    relation_property_id: decodeId(relation.id),
    function: body.function,
  };
}
