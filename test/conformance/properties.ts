// Maps the property names and ids of recorded requests onto the seed's schema, by property type.
import { PROPERTY_TYPES as EMULATED_PROPERTY_TYPES } from "../../emulator/schema.ts";
import type { Interaction, RecordedRequest } from "./fixtures.ts";
import type { SeededDataSource } from "./seed.ts";
import { Unresolvable } from "./unresolvable.ts";

type Json = any;

const PROPERTY_TYPES = new Set<string>(EMULATED_PROPERTY_TYPES);

/** The property type a request value or filter is written for. */
export function valueType(value: Json): string | undefined {
  if (!value || typeof value !== "object") return undefined;
  if (typeof value.type === "string" && PROPERTY_TYPES.has(value.type)) return value.type;
  const keys = Object.keys(value).filter((k) => PROPERTY_TYPES.has(k));
  return keys.length === 1 ? keys[0] : undefined;
}

/** Looks up, in the recorded answer, the type of the property with this name (or id). */
export function recordedTypeOf(
  nameOrId: string,
  it: Interaction,
  by: "name" | "id" = "name",
): string | undefined {
  let found: string | undefined;
  const visit = (v: Json): void => {
    if (found || !v || typeof v !== "object") return;
    if (Array.isArray(v)) {
      for (const item of v) visit(item);
      return;
    }
    if (v.properties && typeof v.properties === "object") {
      for (const [name, p] of Object.entries<Json>(v.properties)) {
        if ((by === "name" ? name : decodeURIComponent(p?.id ?? "")) === decodeURIComponent(nameOrId))
          found = p?.type;
      }
    }
    for (const child of Object.values(v)) visit(child);
  };
  visit(it.response.body);
  return found;
}

/** The property names a schema-changing body mentions. */
export function propertyNames(body: Json): string[] {
  return body?.properties && typeof body.properties === "object" ? Object.keys(body.properties) : [];
}

/** Whether a request body names properties of the data source it targets (page create/update, query). */
export function targetsDataSource(req: RecordedRequest, body: Json): boolean {
  const parent = body.parent;
  if (req.path.endsWith("/query")) return true;
  if (parent?.data_source_id || parent?.database_id) return req.path === "/v1/pages";
  return req.method === "PATCH" && /^\/v1\/pages\/[^/]+$/.test(req.path) && body.properties !== undefined;
}

/** Renames property keys (and filter/sort property names) to the seed's property of the same type. */
export function renameProperties(body: Json, ds: SeededDataSource, it: Interaction): Json {
  const out = { ...body };
  if (body.properties && typeof body.properties === "object") {
    const props: Json = {};
    for (const [name, value] of Object.entries<Json>(body.properties)) {
      const type = valueType(value);
      const seeded = type ? ds.props.get(type) : undefined;
      if (!seeded) throw new Unresolvable(`property "${name}" has no type the seed schema holds`);
      props[seeded.name] = type === "status" ? { status: { name: ds.statusOption } } : value;
    }
    out.properties = props;
  }
  const rename = (f: Json): Json => {
    if (!f || typeof f !== "object") return f;
    if (Array.isArray(f)) return f.map(rename);
    const g: Json = {};
    for (const [k, v] of Object.entries<Json>(f)) g[k] = rename(v);
    if (typeof f.property === "string") {
      const type = valueType(f) ?? recordedTypeOf(f.property, it);
      const seeded = type ? ds.props.get(type) : undefined;
      if (!seeded)
        throw new Unresolvable(`filter or sort property "${f.property}" has no type the seed holds`);
      g.property = seeded.name;
    }
    return g;
  };
  if (body.filter) out.filter = rename(body.filter);
  if (body.sorts) out.sorts = rename(body.sorts);
  return out;
}

/** Rollups in a schema body name a property of the related data source; point them at one the seed has. */
export function fixRollups(body: Json): Json {
  const schemaOf = body.initial_data_source?.properties ?? body.properties;
  if (!schemaOf || typeof schemaOf !== "object") return body;
  for (const prop of Object.values<Json>(schemaOf)) {
    const rollup = prop?.rollup;
    if (rollup && typeof rollup.rollup_property_name === "string") rollup.rollup_property_name = "Name";
  }
  return body;
}
