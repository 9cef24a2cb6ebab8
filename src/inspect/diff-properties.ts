// Property values as short text, and the changes between two versions of a row or of a data source's schema.
import type { UserObjectResponse } from "@notionhq/client";
import { propertyWords } from "../export/property-value.ts";
import type { RenderContext } from "../export/render-context.ts";
import { sameJson } from "./diff-json.ts";

type Json = Record<string, any>;

/** How ids inside values are named: pages by title, users by name. */
export interface NameLookup {
  title(id: string): string | undefined;
  user(id: string): string | undefined;
}

/** One property whose value changed: old and new as text, and whether the new value is empty. */
export interface PropertyChange {
  id: string;
  name: string;
  type: string;
  from: string;
  to: string;
  /** The old value had something and the new one is empty. */
  cleared: boolean;
}

/** One schema change of a data source: a property added, removed, renamed or whose type or options changed. */
export interface SchemaChange {
  id: string;
  name: string;
  change: "added" | "removed" | "renamed" | "type" | "options";
  from?: string;
  to?: string;
}

/** Property types whose value moves on every edit: reporting them would only repeat "the row changed". */
const NOISE = new Set(["last_edited_time", "last_edited_by"]);

/** A render context that names pages and users through `names` and links nothing: a diff shows words. */
export function namesContext(names: NameLookup): RenderContext {
  return {
    link: (id) => {
      const title = names.title(id);
      return title === undefined ? undefined : { href: "", title };
    },
    media: () => undefined,
    user: (id) => {
      const name = names.user(id);
      return name === undefined ? undefined : ({ object: "user", id, name } as UserObjectResponse);
    },
    syncedChildren: () => undefined,
  };
}

/** A property value as the short text a person reads in a table cell (the exports' formatter, without links). */
export function formatProperty(value: Json, names: NameLookup): string {
  return propertyWords(value, namesContext(names));
}

/**
 * The property values that differ between two versions of a page (matched by property id, so a
 * renamed property is not a change of value). Title properties are left out (a title change is a
 * rename) and so are last-edited stamps.
 */
export function diffProperties(before: Json, after: Json, names: NameLookup): PropertyChange[] {
  const byId = (props: Json | undefined) =>
    new Map(Object.entries(props ?? {}).map(([name, p]) => [(p as Json).id ?? name, { name, p: p as Json }]));
  const a = byId(before.properties);
  const b = byId(after.properties);
  const out: PropertyChange[] = [];
  for (const id of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(id);
    const y = b.get(id);
    const type: string = y?.p.type ?? x?.p.type ?? "";
    if (type === "title" || NOISE.has(type)) continue;
    if (x && y && sameJson(x.p[x.p.type], y.p[y.p.type])) continue;
    const from = x ? formatProperty(x.p, names) : "";
    const to = y ? formatProperty(y.p, names) : "";
    // A column added to (or an empty one removed from) the schema is a schema change, not one per row.
    if ((!x || !y) && from === "" && to === "") continue;
    // A value may change in a way its text does not show (a relation to a page of the same title).
    out.push({ id, name: y?.name ?? x!.name, type, from, to, cleared: from !== "" && to === "" });
  }
  return out.sort((p, q) => p.name.localeCompare(q.name));
}

/** The schema changes between two versions of a data source's `properties`. */
export function diffSchema(before: Json | undefined, after: Json | undefined): SchemaChange[] {
  const byId = (props: Json | undefined) =>
    new Map(Object.entries(props ?? {}).map(([name, p]) => [(p as Json).id ?? name, { name, p: p as Json }]));
  const a = byId(before);
  const b = byId(after);
  const out: SchemaChange[] = [];
  for (const [id, x] of a) {
    const y = b.get(id);
    if (!y) out.push({ id, name: x.name, change: "removed", from: x.p.type });
    else if (x.p.type !== y.p.type)
      out.push({ id, name: y.name, change: "type", from: x.p.type, to: y.p.type });
    else {
      if (x.name !== y.name) out.push({ id, name: y.name, change: "renamed", from: x.name, to: y.name });
      if (!sameJson(x.p[x.p.type], y.p[y.p.type])) out.push({ id, name: y.name, change: "options" });
    }
  }
  for (const [id, y] of b) if (!a.has(id)) out.push({ id, name: y.name, change: "added", to: y.p.type });
  return out.sort((p, q) => p.name.localeCompare(q.name));
}
