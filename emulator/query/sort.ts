// Data source query sorts: by property or timestamp, nested in order; empty values always last.
import { validationError } from "../errors.ts";
import { findProperty, type Schema } from "../schema.ts";
import type { NotionObject } from "../workspace.ts";
import { dateOrder } from "./dates.ts";
import { propertyValue } from "./filter.ts";

/** Without sorts, rows come newest first, as an unsorted Notion query answers. */
const DEFAULT_SORTS: NotionObject[] = [{ timestamp: "created_time", direction: "descending" }];

/** Throws validation_error for sorts Notion would reject. */
export function validateSorts(sorts: unknown, schema: Schema): void {
  if (sorts === undefined) return;
  if (!Array.isArray(sorts))
    throw validationError(`body.sorts should be an array, instead was \`${JSON.stringify(sorts)}\`.`);
  if (sorts.length > 100)
    throw validationError(`body.sorts.length should be ≤ \`100\`, instead was \`${sorts.length}\`.`);
  sorts.forEach((s: NotionObject, i) => {
    if (!s || typeof s !== "object") throw validationError(`body.sorts[${i}] should be an object.`);
    if (s.direction !== "ascending" && s.direction !== "descending") {
      throw validationError(
        `body.sorts[${i}].direction should be \`ascending\` or \`descending\`, instead was \`${s.direction}\`.`,
      );
    }
    if (s.timestamp !== undefined) {
      if (s.timestamp !== "created_time" && s.timestamp !== "last_edited_time") {
        throw validationError(
          `body.sorts[${i}].timestamp should be \`created_time\` or \`last_edited_time\`.`,
        );
      }
    } else if (typeof s.property !== "string" || !findProperty(schema, s.property)) {
      throw validationError(`Could not find sort property with name or id: ${s.property}`);
    }
  });
}

/** Sorts rows in place; ties keep the stored order (Array.prototype.sort is stable). */
export function sortRows(
  rows: NotionObject[],
  sorts: NotionObject[] | undefined,
  schema: Schema,
): NotionObject[] {
  const keys = (sorts?.length ? sorts : DEFAULT_SORTS).map((s) => {
    const prop = s.timestamp === undefined ? findProperty(schema, s.property) : undefined;
    const get = (row: NotionObject): unknown =>
      prop ? sortable(prop.type, propertyValue(row, prop)) : (row[s.timestamp] ?? null);
    const kind = prop ? sortKind(prop.type) : "date";
    return { get, kind, sign: s.direction === "descending" ? -1 : 1 };
  });
  return rows.sort((a, b) => {
    for (const k of keys) {
      const va = k.get(a);
      const vb = k.get(b);
      const ea = va === null || va === "" || va === undefined;
      const eb = vb === null || vb === "" || vb === undefined;
      if (ea || eb) {
        if (ea && eb) continue;
        return ea ? 1 : -1;
      }
      const c = compare(va, vb, k.kind);
      if (c !== 0) return c * k.sign;
    }
    return 0;
  });
}

function sortKind(type: string): "number" | "date" | "text" {
  if (type === "number" || type === "unique_id" || type === "checkbox") return "number";
  if (type === "date" || type === "created_time" || type === "last_edited_time") return "date";
  return "text";
}

function sortable(type: string, value: unknown): unknown {
  if (type === "checkbox") return value ? 1 : 0;
  if (Array.isArray(value)) return value.length ? value.join(",") : null;
  if (value && typeof value === "object") {
    const v = value as NotionObject;
    const inner = v[v.type];
    return typeof inner === "object" && inner !== null ? (inner.start ?? JSON.stringify(inner)) : inner;
  }
  return value;
}

function compare(a: unknown, b: unknown, kind: "number" | "date" | "text"): number {
  if (kind === "number" && typeof a === "number" && typeof b === "number") return Math.sign(a - b);
  if (kind === "date") return dateOrder(String(a), String(b));
  return String(a).localeCompare(String(b));
}
