// Request property values -> stored page property values, checked against the data source schema.
import { randomUUID } from "node:crypto";
import { validationError } from "./errors.ts";
import { resolveFileInput } from "./files.ts";
import { normalizeRichText } from "./rich-text.ts";
import type { RequestContext } from "./router.ts";
import { bodyError, checkArray, checkLength, LIMITS, quote } from "./validate/limits.ts";
import { type NotionObject, normalizeId } from "./workspace.ts";

/** Property types whose values Notion computes; a write to one is rejected. */
export const READ_ONLY_TYPES = new Set([
  "formula",
  "rollup",
  "created_time",
  "created_by",
  "last_edited_time",
  "last_edited_by",
  "unique_id",
  "button",
  "verification",
]);

/** The schema of a page whose parent is a page (or the workspace): a title and nothing else. */
export const PAGE_SCHEMA: Record<string, NotionObject> = {
  title: { id: "title", name: "title", type: "title", title: {} },
};

type PropertyContext = Pick<RequestContext, "ws" | "integration" | "baseUrl">;

/** Finds a schema entry by name or by (URL-encoded or decoded) property id. */
export function findProperty(
  schema: Record<string, NotionObject>,
  key: string,
): [string, NotionObject] | undefined {
  if (schema[key]) return [key, schema[key]];
  return Object.entries(schema).find(
    ([, p]) => p.id === key || safeDecode(p.id) === key || p.id === encodeURIComponent(key),
  );
}

function safeDecode(s: unknown): string {
  try {
    return decodeURIComponent(String(s));
  } catch {
    return String(s);
  }
}

/** The empty value a new page holds for each schema property (computed types get placeholders). */
export function defaultValue(prop: NotionObject, unique: number): unknown {
  switch (prop.type) {
    case "title":
    case "rich_text":
    case "multi_select":
    case "people":
    case "files":
    case "relation":
      return [];
    case "checkbox":
      return false;
    case "formula":
      return { type: "string", string: null };
    case "rollup":
      return { type: "array", array: [], function: prop.rollup?.function ?? "show_original" };
    case "unique_id":
      return { prefix: prop.unique_id?.prefix ?? null, number: unique };
    case "button":
      return {};
    case "verification":
      return { state: "unverified", verified_by: null, date: null };
    case "status": {
      const first = prop.status?.options?.[0];
      return first ? { id: first.id, name: first.name, color: first.color } : null;
    }
    default:
      return null;
  }
}

/**
 * Applies request property values to a page's properties. With `existing` the update is partial
 * (other values kept); without, every schema property gets its default first. Throws Notion's
 * validation_error for unknown names, wrong types and read-only properties.
 */
export function applyProperties(
  input: unknown,
  schema: Record<string, NotionObject>,
  ctx: PropertyContext,
  existing?: Record<string, NotionObject>,
  unique = 1,
): Record<string, NotionObject> {
  const out: Record<string, NotionObject> = {};
  if (existing) for (const [k, v] of Object.entries(existing)) out[k] = v;
  else {
    for (const [name, prop] of Object.entries(schema)) {
      out[name] = withValue(prop, defaultValue(prop, unique));
    }
  }
  if (input === undefined || input === null) return out;
  if (typeof input !== "object" || Array.isArray(input)) {
    throw bodyError(`body.properties should be an object, instead was \`${quote(input)}\`.`);
  }
  for (const [key, raw] of Object.entries(input as NotionObject)) {
    const found = findProperty(schema, key);
    if (!found) throw validationError(`${key} is not a property that exists.`);
    const [name, prop] = found;
    if (READ_ONLY_TYPES.has(prop.type)) {
      throw validationError(`${name} is a ${prop.type} property, which cannot be set through the API.`);
    }
    let value: unknown;
    if (Array.isArray(raw)) value = raw;
    else if (raw && typeof raw === "object" && (raw as NotionObject)[prop.type] !== undefined)
      value = (raw as NotionObject)[prop.type];
    else throw validationError(`${name} is expected to be ${prop.type}.`);
    out[name] = withValue(prop, parseValue(prop, value, ctx, `body.properties.${name}.${prop.type}`));
  }
  return out;
}

function withValue(prop: NotionObject, value: unknown): NotionObject {
  const out: NotionObject = { id: prop.id, type: prop.type, [prop.type]: value };
  if (prop.type === "relation") out.has_more = false;
  return out;
}

function parseValue(prop: NotionObject, value: any, ctx: PropertyContext, path: string): unknown {
  const { ws } = ctx;
  switch (prop.type) {
    case "title":
    case "rich_text":
      return normalizeRichText(value, ws, path);
    case "number":
      if (value !== null && typeof value !== "number")
        throw validationError(`${prop.name} is expected to be number.`);
      return value;
    case "checkbox":
      if (typeof value !== "boolean") throw validationError(`${prop.name} is expected to be checkbox.`);
      return value;
    case "url":
    case "email":
    case "phone_number":
      if (value === null) return null;
      if (typeof value !== "string") throw validationError(`${prop.name} is expected to be ${prop.type}.`);
      checkLength(value, prop.type === "url" ? LIMITS.url : LIMITS.emailOrPhone, path);
      return value;
    case "date":
      if (value === null) return null;
      if (typeof value.start !== "string")
        throw bodyError(`${path}.start should be defined, instead was \`undefined\`.`);
      return { start: value.start, end: value.end ?? null, time_zone: value.time_zone ?? null };
    case "select":
    case "status":
      return value === null ? null : option(prop, value, path);
    case "multi_select":
      return checkArray(value, LIMITS.arrayItems, path).map((v, i) => option(prop, v, `${path}[${i}]`));
    case "people":
      return checkArray(value, LIMITS.arrayItems, path).map((v: any) => {
        const id = normalizeId(String(v?.id));
        const user = ws.users.get(id);
        return user ? { ...user } : { object: "user", id };
      });
    case "relation":
      return checkArray(value, LIMITS.arrayItems, path).map((v: any) => ({ id: normalizeId(String(v?.id)) }));
    case "files":
      return checkArray(value, LIMITS.arrayItems, path).map((v: any, i) => {
        const file = resolveFileInput(v, ctx, `${path}[${i}]`);
        const name =
          v?.name ??
          (file.type === "external" ? file.external.url : (ws.files.get(file.file.file_id)?.name ?? "file"));
        checkLength(name, 900, `${path}[${i}].name`);
        return { name, type: file.type, [file.type]: file[file.type] };
      });
    default:
      return value;
  }
}

/** Finds (or, for select and multi_select, adds to the schema) the option a request names. */
function option(prop: NotionObject, value: any, path: string): NotionObject {
  if (!prop[prop.type]) prop[prop.type] = {};
  const config = prop[prop.type] as NotionObject;
  if (!Array.isArray(config.options)) config.options = [];
  const options: NotionObject[] = config.options;
  const found = options.find(
    (o) => (value?.id && o.id === value.id) || (value?.name && o.name === value.name),
  );
  if (found) return { id: found.id, name: found.name, color: found.color };
  if (prop.type === "status" || typeof value?.name !== "string") {
    throw validationError(
      `${path}: option \`${value?.name ?? value?.id}\` does not exist for property ${prop.name}.`,
    );
  }
  if (value.name.includes(",")) throw validationError(`${path}.name: Option names cannot contain commas.`);
  const created = { id: randomUUID(), name: value.name, color: value.color ?? "default", description: null };
  options.push(created);
  return { id: created.id, name: created.name, color: created.color };
}
