// Data source schemas and page property values of a snapshot -> the request bodies that recreate them.
import { type PayloadContext, ReferenceMapper } from "./blocks-payload.ts";

type Json = Record<string, any>;

/** Property values the API computes; they are reported, never written. */
export const READ_ONLY_VALUES = new Set([
  "formula",
  "rollup",
  "created_time",
  "created_by",
  "last_edited_time",
  "last_edited_by",
  "unique_id",
  "button",
  "verification",
  "last_visited_time",
]);

/** Schema property types the API cannot create (reported). */
export const UNCREATABLE_PROPERTIES: Readonly<Record<string, string>> = {
  button: "button properties cannot be created through the API",
  verification: "verification properties cannot be created through the API",
};

/** Which pass of a data source's schema a property belongs to. */
export type SchemaPass = "initial" | "relation" | "computed" | "skip";

/** The pass a schema property is created in: relations once targets exist, then rollups and formulas. */
export function schemaPass(prop: Json): SchemaPass {
  if (UNCREATABLE_PROPERTIES[prop.type]) return "skip";
  if (prop.type === "relation") return "relation";
  if (prop.type === "rollup" || prop.type === "formula") return "computed";
  return "initial";
}

/** The request configuration of a schema property (relations need `mapDataSource` for their target). */
export function propertyConfig(
  prop: Json,
  mapDataSource?: (oldId: string) => string | undefined,
): Json | undefined {
  const t: string = prop.type;
  const c: Json = prop[t] ?? {};
  const options = (list: Json[] | undefined) =>
    (list ?? []).map((o) => ({
      name: o.name,
      color: o.color ?? "default",
      ...(o.description ? { description: o.description } : {}),
    }));
  let config: Json;
  switch (t) {
    case "number":
      config = { format: c.format ?? "number" };
      break;
    case "select":
    case "multi_select":
      config = { options: options(c.options) };
      break;
    case "status":
      config = { options: options(c.options) };
      break;
    case "formula":
      config = { expression: c.expression ?? "" };
      break;
    case "unique_id":
      config = { prefix: c.prefix ?? null };
      break;
    case "rollup":
      config = {
        relation_property_name: c.relation_property_name,
        rollup_property_name: c.rollup_property_name,
        function: c.function ?? "show_original",
      };
      break;
    case "relation": {
      const target = mapDataSource?.(c.data_source_id);
      if (!target) return undefined;
      config =
        c.type === "dual_property"
          ? {
              data_source_id: target,
              type: "dual_property",
              dual_property: c.dual_property?.synced_property_name
                ? { synced_property_name: c.dual_property.synced_property_name }
                : {},
            }
          : { data_source_id: target, type: "single_property", single_property: {} };
      break;
    }
    default:
      config = {};
  }
  const out: Json = { type: t, [t]: config };
  if (prop.description) out.description = prop.description;
  return out;
}

/** What converting a page's property values found besides the values. */
export interface ValuesResult {
  /** Writable values in request form. */
  values: Json;
  /** Properties left out until their references exist (written by a later update). */
  later: string[];
  /** Read-only values (computed or stamps), by property name and type. */
  readOnly: Array<{ name: string; type: string }>;
  /** Values that could not be written whole, and why. */
  lost: Array<{ name: string; reason: string }>;
}

/** Options of pageValues. */
export interface ValuesContext extends Omit<PayloadContext, "uploadFor"> {
  /** Upload id of the file at `properties.<name>.files.<i>` of the page, if it was uploaded. */
  uploadFor: (path: string) => string | undefined;
  /** Names of schema properties that exist in the restored data source (others are skipped). */
  writable?: (name: string) => boolean;
  /** Write references to objects not created yet anyway (the final pass). */
  final?: boolean;
}

/** A row's (or page's) property values as a create/update body; references to uncreated objects held for later. */
export function pageValues(pageId: string, properties: Json, ctx: ValuesContext): ValuesResult {
  const result: ValuesResult = { values: {}, later: [], readOnly: [], lost: [] };
  for (const [name, v] of Object.entries(properties)) {
    const t: string = v?.type;
    if (READ_ONLY_VALUES.has(t)) {
      result.readOnly.push({ name, type: t });
      continue;
    }
    if (ctx.writable && !ctx.writable(name)) continue;
    const forward: string[] = [];
    const refs = new ReferenceMapper({ ...ctx, uploadFor: undefined }, pageId, forward);
    const value = propertyValue(name, v, refs, ctx, result);
    if (value === undefined) continue;
    if (forward.length > 0 && !ctx.final) {
      result.later.push(name);
      continue;
    }
    result.values[name] = value;
  }
  return result;
}

function capped<T>(list: T[], name: string, result: ValuesResult): T[] {
  if (list.length <= 100) return list;
  result.lost.push({
    name,
    reason: `${list.length} items; one request writes at most 100, the first 100 were written`,
  });
  return list.slice(0, 100);
}

function propertyValue(
  name: string,
  v: Json,
  refs: ReferenceMapper,
  ctx: ValuesContext,
  result: ValuesResult,
): Json | undefined {
  const t: string = v.type;
  const x = v[t];
  switch (t) {
    case "title":
    case "rich_text":
      return { [t]: capped(refs.richText(x ?? []), name, result) };
    case "number":
    case "checkbox":
    case "url":
    case "email":
    case "phone_number":
      return { [t]: x ?? (t === "checkbox" ? false : null) };
    case "date":
      return { date: x ?? null };
    case "select":
    case "status":
      return { [t]: x ? { name: x.name } : null };
    case "multi_select":
      return { multi_select: capped((x ?? []) as Json[], name, result).map((o) => ({ name: o.name })) };
    case "people":
      return { people: capped((x ?? []) as Json[], name, result).map((u) => ({ id: u.id })) };
    case "relation": {
      const ids: string[] = [];
      for (const r of (x ?? []) as Json[]) {
        if (!ctx.inSet(r.id) && !ctx.idMap.has(r.id)) {
          result.lost.push({ name, reason: `relation to ${r.id}, which is outside the restore` });
          continue;
        }
        ids.push(refs.id(r.id));
      }
      return { relation: capped(ids, name, result).map((id) => ({ id })) };
    }
    case "files": {
      const files: Json[] = [];
      ((x ?? []) as Json[]).forEach((f, i) => {
        if (f.type === "external")
          files.push({ name: f.name, type: "external", external: { url: f.external?.url } });
        else {
          const id = ctx.uploadFor(`properties.${name}.files.${i}`);
          if (id) files.push({ name: f.name, type: "file_upload", file_upload: { id } });
          else result.lost.push({ name, reason: `file ${JSON.stringify(f.name)} could not be uploaded` });
        }
      });
      return { files: capped(files, name, result) };
    }
    case "place":
    case "location":
      return x === undefined ? undefined : { [t]: x };
    default:
      result.lost.push({ name, reason: `property type ${t} cannot be written` });
      return undefined;
  }
}

/** A page's icon in request form (hosted files through their upload); undefined when none or not restorable. */
export function iconPayload(icon: Json | null | undefined, upload: string | undefined): Json | undefined {
  if (!icon) return undefined;
  if (icon.type === "emoji") return { type: "emoji", emoji: icon.emoji };
  if (icon.type === "external") return { type: "external", external: { url: icon.external?.url } };
  if (icon.type === "icon") return { type: "icon", icon: icon.icon };
  if (icon.type === "custom_emoji")
    return { type: "custom_emoji", custom_emoji: { id: icon.custom_emoji?.id } };
  return upload ? { type: "file_upload", file_upload: { id: upload } } : undefined;
}

/** A page's or database's cover in request form. */
export function coverPayload(cover: Json | null | undefined, upload: string | undefined): Json | undefined {
  if (!cover) return undefined;
  if (cover.type === "external") return { type: "external", external: { url: cover.external?.url } };
  return upload ? { type: "file_upload", file_upload: { id: upload } } : undefined;
}
