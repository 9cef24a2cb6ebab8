// Data source query filters: compound and/or groups, property filters and timestamp filters, as Notion evaluates them.
import { validationError } from "../errors.ts";
import { findProperty, type Schema } from "../schema.ts";
import type { NotionObject } from "../workspace.ts";
import { compareDates, resolveDateFilterValue } from "./dates.ts";

/** What evaluating a filter needs besides the row. */
export interface FilterContext {
  schema: Schema;
  now: Date;
  /** The user id "me" stands for in people filters. */
  meId: string;
}

/** Compound filters may nest this deep, as Notion allows. */
const MAX_DEPTH = 2;

/** Throws validation_error for a filter Notion would reject (unknown property, wrong operator shape). */
export function validateFilter(filter: unknown, schema: Schema, depth = 0, where = "body.filter"): void {
  if (!filter || typeof filter !== "object" || Array.isArray(filter)) {
    throw validationError(`${where} should be an object, instead was \`${JSON.stringify(filter)}\`.`);
  }
  const f = filter as NotionObject;
  const group = f.and ?? f.or;
  if (group !== undefined) {
    if (depth >= MAX_DEPTH)
      throw validationError(`${where}: filters may nest at most ${MAX_DEPTH} levels deep.`);
    if (!Array.isArray(group)) throw validationError(`${where}.${f.and ? "and" : "or"} should be an array.`);
    if (group.length > 100)
      throw validationError(`${where}.length should be ≤ \`100\`, instead was \`${group.length}\`.`);
    const op = f.and ? "and" : "or";
    for (const [i, g] of group.entries()) validateFilter(g, schema, depth + 1, `${where}.${op}[${i}]`);
    return;
  }
  if (f.timestamp !== undefined) {
    if (f.timestamp !== "created_time" && f.timestamp !== "last_edited_time") {
      throw validationError(`${where}.timestamp should be \`created_time\` or \`last_edited_time\`.`);
    }
    if (!f[f.timestamp] || typeof f[f.timestamp] !== "object") {
      throw validationError(`${where}.${f.timestamp} should be defined, instead was \`undefined\`.`);
    }
    return;
  }
  if (typeof f.property !== "string") {
    throw validationError(`${where}.property should be defined, instead was \`undefined\`.`);
  }
  const prop = findProperty(schema, f.property);
  if (!prop) throw validationError(`Could not find property with name or id: ${f.property}`);
  const key = Object.keys(f).find((k) => k !== "property" && k !== "type");
  if (!key || typeof f[key] !== "object") {
    throw validationError(
      `${where}: a property filter needs a condition object, instead was \`${JSON.stringify(f)}\`.`,
    );
  }
  if (!compatible(prop.type, key)) {
    throw validationError(`database property ${prop.type} does not match filter ${key}`);
  }
}

function compatible(type: string, key: string): boolean {
  if (type === key) return true;
  const textual = ["title", "rich_text", "url", "email", "phone_number"];
  if (textual.includes(type) && textual.includes(key)) return true;
  return (type === "select" || type === "status") && (key === "select" || key === "status");
}

/** Whether a row (a stored page) satisfies the filter. */
export function matchesFilter(filter: NotionObject, page: NotionObject, ctx: FilterContext): boolean {
  if (Array.isArray(filter.and)) return filter.and.every((f: NotionObject) => matchesFilter(f, page, ctx));
  if (Array.isArray(filter.or)) return filter.or.some((f: NotionObject) => matchesFilter(f, page, ctx));
  if (filter.timestamp !== undefined) {
    return matchDate(page[filter.timestamp] ?? null, filter[filter.timestamp], ctx.now);
  }
  const prop = findProperty(ctx.schema, filter.property);
  if (!prop) return false;
  const key = Object.keys(filter).find((k) => k !== "property" && k !== "type") ?? prop.type;
  const cond = filter[key] as NotionObject;
  return matchCondition(prop.type, cond, propertyValue(page, prop), ctx);
}

/** The comparable value of a row's property: text, number, names, ids, a date or a stored object. */
export function propertyValue(page: NotionObject, prop: NotionObject): unknown {
  switch (prop.type) {
    case "created_time":
      return page.created_time ?? null;
    case "last_edited_time":
      return page.last_edited_time ?? null;
    case "created_by":
      return page.created_by?.id ? [page.created_by.id] : [];
    case "last_edited_by":
      return page.last_edited_by?.id ? [page.last_edited_by.id] : [];
  }
  const stored = rowProperty(page, prop);
  const v = stored?.[prop.type];
  switch (prop.type) {
    case "title":
    case "rich_text":
      return Array.isArray(v)
        ? v.map((t: NotionObject) => t.plain_text ?? t.text?.content ?? "").join("")
        : "";
    case "number":
      return typeof v === "number" ? v : null;
    case "checkbox":
      return v === true;
    case "select":
    case "status":
      return v?.name ?? null;
    case "multi_select":
      return Array.isArray(v) ? v.map((o: NotionObject) => o.name) : [];
    case "people":
    case "relation":
      return Array.isArray(v) ? v.map((o: NotionObject) => o.id) : [];
    case "date":
      return v?.start ?? null;
    case "url":
    case "email":
    case "phone_number":
      return typeof v === "string" ? v : null;
    case "unique_id":
      return typeof v?.number === "number" ? v.number : null;
    default:
      return v ?? null;
  }
}

/** A row's stored value of a schema property, found by name or by property id. */
export function rowProperty(page: NotionObject, prop: NotionObject): NotionObject | undefined {
  const props = (page.properties ?? {}) as Record<string, NotionObject>;
  return props[prop.name] ?? Object.values(props).find((p) => p?.id === prop.id);
}

function matchCondition(type: string, cond: NotionObject, value: unknown, ctx: FilterContext): boolean {
  if (cond.is_empty === true) return isEmpty(value);
  if (cond.is_not_empty === true) return !isEmpty(value);
  switch (type) {
    case "title":
    case "rich_text":
    case "url":
    case "email":
    case "phone_number":
      return matchText(typeof value === "string" ? value : "", cond);
    case "number":
    case "unique_id":
      return matchNumber(value as number | null, cond);
    case "checkbox":
      if (cond.equals !== undefined) return value === cond.equals;
      return cond.does_not_equal !== undefined ? value !== cond.does_not_equal : true;
    case "select":
    case "status":
      return matchChoice(value as string | null, cond);
    case "multi_select":
    case "people":
    case "relation":
    case "created_by":
    case "last_edited_by":
      return matchContains(value as string[], cond, ctx.meId);
    case "date":
    case "created_time":
    case "last_edited_time":
      return matchDate(value as string | null, cond, ctx.now);
    case "formula":
      return matchComputed(value as NotionObject | null, cond, ctx);
    case "rollup":
      return matchRollup(value as NotionObject | null, cond, ctx);
    default:
      return true;
  }
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === "") return true;
  return Array.isArray(value) && value.length === 0;
}

function matchText(value: string, cond: NotionObject): boolean {
  const v = value.toLowerCase();
  if (cond.equals !== undefined) return value === cond.equals;
  if (cond.does_not_equal !== undefined) return value !== cond.does_not_equal;
  if (cond.contains !== undefined) return v.includes(String(cond.contains).toLowerCase());
  if (cond.does_not_contain !== undefined) return !v.includes(String(cond.does_not_contain).toLowerCase());
  if (cond.starts_with !== undefined) return v.startsWith(String(cond.starts_with).toLowerCase());
  if (cond.ends_with !== undefined) return v.endsWith(String(cond.ends_with).toLowerCase());
  return true;
}

function matchNumber(value: number | null, cond: NotionObject): boolean {
  if (cond.does_not_equal !== undefined) return value !== cond.does_not_equal;
  if (value === null) return false;
  if (cond.equals !== undefined) return value === cond.equals;
  if (cond.greater_than !== undefined) return value > cond.greater_than;
  if (cond.less_than !== undefined) return value < cond.less_than;
  if (cond.greater_than_or_equal_to !== undefined) return value >= cond.greater_than_or_equal_to;
  if (cond.less_than_or_equal_to !== undefined) return value <= cond.less_than_or_equal_to;
  return true;
}

function matchChoice(value: string | null, cond: NotionObject): boolean {
  const list = (x: unknown) => (Array.isArray(x) ? x : [x]);
  if (cond.equals !== undefined) return value !== null && list(cond.equals).includes(value);
  if (cond.does_not_equal !== undefined) return !list(cond.does_not_equal).includes(value);
  return true;
}

function matchContains(values: string[], cond: NotionObject, meId: string): boolean {
  const wanted = (x: unknown) => (Array.isArray(x) ? x : [x]).map((w) => (w === "me" ? meId : String(w)));
  const has = (w: string) => values.some((v) => v === w || v.replace(/-/g, "") === w.replace(/-/g, ""));
  if (cond.contains !== undefined) return wanted(cond.contains).every(has);
  if (cond.does_not_contain !== undefined) return !wanted(cond.does_not_contain).some(has);
  return true;
}

function matchDate(value: string | null, cond: NotionObject, now: Date): boolean {
  const op = Object.keys(cond)[0];
  if (!op) return true;
  if (op === "is_empty") return value === null;
  if (op === "is_not_empty") return value !== null;
  if (value === null) return false;
  const target = resolveDateFilterValue(op, cond[op], now);
  if ("range" in target) {
    return compareDates(value, target.range[0]) >= 0 && compareDates(value, target.range[1]) <= 0;
  }
  const c = compareDates(value, target.value);
  switch (op) {
    case "equals":
      return c === 0;
    case "before":
      return c < 0;
    case "after":
      return c > 0;
    case "on_or_before":
      return c <= 0;
    case "on_or_after":
      return c >= 0;
    default:
      return true;
  }
}

/** A formula filter names the result type it tests: string, number, checkbox or date. */
function matchComputed(value: NotionObject | null, cond: NotionObject, ctx: FilterContext): boolean {
  const kind = Object.keys(cond)[0];
  if (!kind || !value) return false;
  const inner = value[value.type];
  const sub = cond[kind] as NotionObject;
  if (kind === "string") return matchCondition("rich_text", sub, typeof inner === "string" ? inner : "", ctx);
  if (kind === "number") return matchCondition("number", sub, typeof inner === "number" ? inner : null, ctx);
  if (kind === "checkbox") return matchCondition("checkbox", sub, inner === true, ctx);
  if (kind === "date") return matchCondition("date", sub, inner?.start ?? null, ctx);
  return false;
}

function matchRollup(value: NotionObject | null, cond: NotionObject, ctx: FilterContext): boolean {
  const kind = Object.keys(cond)[0];
  if (!kind || !value) return false;
  const sub = cond[kind] as NotionObject;
  if (kind === "number")
    return matchCondition("number", sub, value.type === "number" ? value.number : null, ctx);
  if (kind === "date")
    return matchCondition("date", sub, value.type === "date" ? (value.date?.start ?? null) : null, ctx);
  const items: NotionObject[] = value.type === "array" && Array.isArray(value.array) ? value.array : [];
  const test = (item: NotionObject) => {
    const [subType] = Object.keys(sub);
    const itemValue = propertyValue({ properties: { x: item } }, { name: "x", type: item.type });
    return subType ? matchCondition(item.type, sub[subType], itemValue, ctx) : true;
  };
  if (kind === "any") return items.some(test);
  if (kind === "every") return items.every(test);
  if (kind === "none") return !items.some(test);
  return false;
}
