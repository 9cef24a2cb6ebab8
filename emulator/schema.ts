// Data source schemas: turns the property configurations of a request into the stored schema Notion answers.
import { randomUUID } from "node:crypto";
import { validationError } from "./errors.ts";
import { findProperty, newPropertyId, type Schema } from "./schema-keys.ts";
import { relationConfig, rollupConfig, type SchemaContext } from "./schema-relations.ts";
import type { NotionObject } from "./workspace.ts";

export { findProperty, type Schema } from "./schema-keys.ts";
export type { SchemaContext } from "./schema-relations.ts";

/** Property types a schema may hold, each with the configuration key of the same name. */
export const PROPERTY_TYPES = [
  "title",
  "rich_text",
  "number",
  "select",
  "multi_select",
  "status",
  "date",
  "people",
  "files",
  "checkbox",
  "url",
  "email",
  "phone_number",
  "formula",
  "relation",
  "rollup",
  "created_time",
  "created_by",
  "last_edited_time",
  "last_edited_by",
  "unique_id",
  "button",
  "verification",
  "location",
  "place",
  "last_visited_time",
] as const;

/** What an update did to property names, so stored rows can follow. */
export interface SchemaChanges {
  renamed: Array<[from: string, to: string]>;
  removed: string[];
}

const OPTION_COLORS = [
  "default",
  "gray",
  "brown",
  "orange",
  "yellow",
  "green",
  "blue",
  "purple",
  "pink",
  "red",
];

/** Builds the schema of a new data source from a request's `properties`. */
export function buildSchema(input: unknown, ctx: SchemaContext, where: string): Schema {
  const props = input ?? { Name: { title: {} } };
  if (typeof props !== "object" || Array.isArray(props)) {
    throw validationError(`${where} should be an object, instead was \`${JSON.stringify(input)}\`.`);
  }
  const schema: Schema = {};
  const deferred: Array<[string, NotionObject]> = [];
  for (const [name, config] of Object.entries(props as NotionObject)) {
    if (config === null) continue;
    const type = configType(config, `${where}.${name}`);
    if (type === "rollup") deferred.push([name, config]);
    else schema[name] = makeProperty(name, type, config, schema, ctx, `${where}.${name}`);
  }
  for (const [name, config] of deferred) {
    schema[name] = makeProperty(name, "rollup", config, schema, ctx, `${where}.${name}`);
  }
  const titles = Object.values(schema).filter((p) => p.type === "title").length;
  if (titles !== 1) {
    throw validationError(`${where} should have exactly one title property, instead had ${titles}.`);
  }
  return schema;
}

/**
 * Applies a `dataSources.update` properties object to a stored schema in place: a key names an
 * existing property (by name or id) or a new one; `null` removes, `{name}` renames, a type
 * configuration changes the property (the title property's type cannot change).
 */
export function updateSchema(
  schema: Schema,
  input: unknown,
  ctx: SchemaContext,
  where: string,
): SchemaChanges {
  if (!input || typeof input !== "object" || Array.isArray(input)) {
    throw validationError(`${where} should be an object, instead was \`${JSON.stringify(input)}\`.`);
  }
  const changes: SchemaChanges = { renamed: [], removed: [] };
  for (const [key, config] of Object.entries(input as NotionObject)) {
    const at = `${where}.${key}`;
    const existing = findProperty(schema, key);
    if (config === null) {
      if (!existing) throw validationError(`Could not find property with name or id: ${key}`);
      if (existing.type === "title") throw validationError("Cannot delete the title property.");
      delete schema[existing.name];
      changes.removed.push(existing.name);
      continue;
    }
    if (typeof config !== "object" || Array.isArray(config)) {
      throw validationError(
        `${at} should be an object or \`null\`, instead was \`${JSON.stringify(config)}\`.`,
      );
    }
    const newName = config.name;
    if (newName !== undefined && (typeof newName !== "string" || newName.trim() === "")) {
      throw validationError(
        `${at}.name should be a non-empty string, instead was \`${JSON.stringify(newName)}\`.`,
      );
    }
    const hasType = PROPERTY_TYPES.some((t) => config[t] !== undefined);
    if (!existing) {
      if (!hasType) throw validationError(`Could not find property with name or id: ${key}`);
      const name = newName ?? key;
      schema[name] = makeProperty(name, configType(config, at), config, schema, ctx, at);
      continue;
    }
    let prop = existing;
    if (hasType) {
      const type = configType(config, at);
      if (existing.type === "title" && type !== "title") {
        throw validationError(`Cannot change the type of the title property ${existing.name}.`);
      }
      if (type === "title" && existing.type !== "title") {
        throw validationError(`${at}: a data source can only have one title property.`);
      }
      if (type === "status" && existing.type === "status") {
        throw validationError("Cannot update status property options through the API.");
      }
      prop = makeProperty(existing.name, type, config, schema, ctx, at, existing);
      if (type !== existing.type) changes.removed.push(existing.name);
    }
    if (config.description !== undefined) prop.description = config.description;
    const oldName: string = existing.name;
    if (newName !== undefined && newName !== oldName) {
      if (schema[newName]) throw validationError(`A property named ${newName} already exists.`);
      delete schema[oldName];
      prop.name = newName;
      changes.renamed.push([oldName, newName]);
    }
    schema[prop.name] = prop;
  }
  return changes;
}

function configType(config: unknown, where: string): string {
  if (!config || typeof config !== "object" || Array.isArray(config)) {
    throw validationError(`${where} should be an object, instead was \`${JSON.stringify(config)}\`.`);
  }
  const c = config as NotionObject;
  const present = PROPERTY_TYPES.filter((t) => c[t] !== undefined);
  const type = typeof c.type === "string" ? c.type : present[0];
  if (!type || !(PROPERTY_TYPES as readonly string[]).includes(type)) {
    throw validationError(
      `${where} should have one property type key (${PROPERTY_TYPES.join(", ")}), instead was \`${JSON.stringify(config)}\`.`,
    );
  }
  if (present.length > 1 || (present.length === 1 && present[0] !== type)) {
    throw validationError(
      `${where} should name exactly one property type, instead had ${present.join(", ")}.`,
    );
  }
  return type;
}

function makeProperty(
  name: string,
  type: string,
  config: NotionObject,
  schema: Schema,
  ctx: SchemaContext,
  where: string,
  existing?: NotionObject,
): NotionObject {
  const body = config[type] ?? {};
  if (typeof body !== "object" || Array.isArray(body)) {
    throw validationError(`${where}.${type} should be an object, instead was \`${JSON.stringify(body)}\`.`);
  }
  const id = existing?.id ?? (type === "title" ? "title" : newPropertyId(schema));
  const prop: NotionObject = {
    id,
    name,
    description: existing?.description ?? config.description ?? null,
    type,
  };
  prop[type] = typeConfig(
    type,
    body,
    existing?.type === type ? existing[type] : undefined,
    schema,
    ctx,
    where,
    prop,
  );
  return prop;
}

function typeConfig(
  type: string,
  body: NotionObject,
  old: NotionObject | undefined,
  schema: Schema,
  ctx: SchemaContext,
  where: string,
  prop: NotionObject,
): NotionObject {
  switch (type) {
    case "number":
      return { format: typeof body.format === "string" ? body.format : (old?.format ?? "number") };
    case "formula":
      return { expression: typeof body.expression === "string" ? body.expression : (old?.expression ?? "") };
    case "select":
    case "multi_select":
      return { options: options(body.options, old?.options, `${where}.${type}.options`) };
    case "status":
      return statusConfig(body, `${where}.status.options`);
    case "unique_id":
      return { prefix: typeof body.prefix === "string" ? body.prefix : null };
    case "relation":
      return relationConfig(body, ctx, where, prop);
    case "rollup":
      return rollupConfig(body, schema, ctx, where);
    default:
      return {};
  }
}

function options(input: unknown, old: NotionObject[] | undefined, where: string): NotionObject[] {
  if (input === undefined) return old ?? [];
  if (!Array.isArray(input))
    throw validationError(`${where} should be an array, instead was \`${JSON.stringify(input)}\`.`);
  if (input.length > 100)
    throw validationError(`${where}.length should be ≤ \`100\`, instead was \`${input.length}\`.`);
  const seen = new Set<string>();
  return input.map((o: NotionObject, i) => {
    const prev = old?.find((p) => (o.id !== undefined && p.id === o.id) || p.name === o.name);
    const name = o.name ?? prev?.name;
    if (typeof name !== "string" || name === "") {
      throw validationError(`${where}[${i}].name should be defined, instead was \`undefined\`.`);
    }
    if (name.includes(",")) throw validationError(`Option names cannot contain commas: ${name}`);
    if (seen.has(name)) throw validationError(`Duplicate option name: ${name}`);
    seen.add(name);
    const color = o.color ?? prev?.color ?? "default";
    if (!OPTION_COLORS.includes(color)) {
      throw validationError(
        `${where}[${i}].color should be one of ${OPTION_COLORS.join(", ")}, instead was \`${color}\`.`,
      );
    }
    if (prev && o.color !== undefined && o.color !== prev.color) {
      throw validationError(`Cannot update color of select option with name: ${name}.`);
    }
    return {
      id: prev?.id ?? randomUUID(),
      name,
      color,
      description: o.description ?? prev?.description ?? null,
    };
  });
}

function statusConfig(body: NotionObject, where: string): NotionObject {
  const given = body.options === undefined ? undefined : options(body.options, undefined, where);
  const opts = given?.length
    ? given
    : [
        { id: randomUUID(), name: "Not started", color: "default", description: null },
        { id: randomUUID(), name: "In progress", color: "blue", description: null },
        { id: randomUUID(), name: "Done", color: "green", description: null },
      ];
  // Without groups in the request, the first option is "to do", the last "complete", the rest "in progress".
  const ids = opts.map((o) => o.id as string);
  const groups = [
    { id: randomUUID(), name: "To-do", color: "gray", option_ids: ids.slice(0, 1) },
    {
      id: randomUUID(),
      name: "In progress",
      color: "blue",
      option_ids: ids.slice(1, Math.max(1, ids.length - 1)),
    },
    { id: randomUUID(), name: "Complete", color: "green", option_ids: ids.length > 1 ? ids.slice(-1) : [] },
  ];
  return { options: opts, groups };
}
