// Database rows: pages under a data source, with every property valued and relations kept consistent.
import type { NotionObject } from "../workspace.ts";
import { type GenContext, notionUrl, stamps } from "./context.ts";
import { writeRowBody } from "./page-body.ts";
import { addDays, propertyValue } from "./properties.ts";
import { title } from "./words.ts";

/** A dual relation between two data sources: the forward property and its synced twin on the target. */
export interface RelationPair {
  source: string;
  forward: string;
  target: string;
  back: string;
}

/** Types whose values come from other rows, filled in by linkRows. */
const LINKED = new Set(["relation", "rollup"]);
const FORMULAS = new Set(["formula"]);

/**
 * Writes `count` rows under the data source, numbered from `first` (row 0 carries the oversized values);
 * relations and rollups stay empty until linkRows.
 */
export function writeRows(ctx: GenContext, source: NotionObject, count: number, first = 0): NotionObject[] {
  const rows: NotionObject[] = [];
  const schema = Object.values(source.properties as Record<string, NotionObject>);
  for (let index = first; index < first + count; index++) {
    const id = ctx.rng.uuid();
    const rowTitle = title(ctx.rng);
    const page: NotionObject = {
      object: "page",
      id,
      ...stamps(ctx),
      cover: null,
      icon: ctx.rng.chance(0.3) ? { type: "emoji", emoji: "📌" } : null,
      parent: { type: "data_source_id", data_source_id: source.id, database_id: source.parent.database_id },
      archived: false,
      in_trash: false,
      is_archived: false,
      is_locked: false,
      properties: {},
      url: notionUrl(id, rowTitle),
      public_url: null,
    };
    const values: Record<string, NotionObject> = page.properties;
    for (const prop of schema) {
      const value: NotionObject = { id: prop.id, type: prop.type };
      if (prop.type === "relation") Object.assign(value, { relation: [], has_more: false });
      else if (prop.type === "rollup") value.rollup = rollupResult(prop.rollup, []);
      else if (!LINKED.has(prop.type) && !FORMULAS.has(prop.type)) {
        value[prop.type] = propertyValue(ctx, prop, { index, title: rowTitle, page });
      }
      values[prop.name] = value;
    }
    for (const prop of schema)
      if (FORMULAS.has(prop.type)) values[prop.name]!.formula = formulaResult(prop.name, values);
    ctx.data.pages.push(page);
    if (ctx.rng.chance(0.3)) writeRowBody(ctx, id);
    rows.push(page);
  }
  return rows;
}

/** The stored result of the generator's four formulas, computed from the row's own values. */
function formulaResult(name: string, values: Record<string, NotionObject>): NotionObject {
  const estimate = values.Estimate?.number as number | null | undefined;
  switch (name) {
    case "Score":
      return { type: "number", number: estimate == null ? null : estimate * 2 };
    case "Label":
      return { type: "string", string: values.Done?.checkbox ? "Finished" : "Open" };
    case "Is big":
      return { type: "boolean", boolean: (estimate ?? 0) > 5 };
    default: {
      const due = values.Due?.date as NotionObject | null | undefined;
      return {
        type: "date",
        date: due ? { start: addDays(due.start, 7), end: null, time_zone: null } : null,
      };
    }
  }
}

/**
 * Fills relations in both directions (the first row of a source links to more than 25 targets when
 * the target has that many), self relations, and the rollups computed over them.
 */
export function linkRows(
  ctx: GenContext,
  pairs: RelationPair[],
  rowsBySource: Map<string, NotionObject[]>,
  sources: NotionObject[],
): void {
  const { rng, opts } = ctx;
  const byId = new Map<string, NotionObject>();
  for (const rows of rowsBySource.values()) for (const r of rows) byId.set(r.id, r);
  for (const pair of pairs) {
    const from = rowsBySource.get(pair.source) ?? [];
    const to = rowsBySource.get(pair.target) ?? [];
    const back = new Map<string, NotionObject[]>();
    from.forEach((row, k) => {
      const n = Math.min(to.length, k === 0 ? 30 : rng.around(opts.relationsPerRow));
      const targets = distinct(ctx, to.length, n).map((i) => to[i]!);
      row.properties[pair.forward].relation = targets.map((t) => ({ id: t.id }));
      for (const t of targets) {
        const list = back.get(t.id) ?? [];
        list.push({ id: row.id });
        back.set(t.id, list);
      }
    });
    for (const t of to) t.properties[pair.back].relation = back.get(t.id) ?? [];
  }
  for (const source of sources) {
    const rows = rowsBySource.get(source.id) ?? [];
    const props = Object.values(source.properties as Record<string, NotionObject>);
    const self = props.find((p) => p.type === "relation" && p.relation.data_source_id === source.id);
    if (self) {
      rows.forEach((row, k) => {
        if (k > 0 && rng.chance(0.3)) row.properties[self.name].relation = [{ id: rows[rng.int(k)]!.id }];
      });
    }
    for (const rollup of props.filter((p) => p.type === "rollup")) {
      for (const row of rows) {
        const linked = (row.properties[rollup.rollup.relation_property_name].relation as NotionObject[]).map(
          (r) => byId.get(r.id)!,
        );
        row.properties[rollup.name].rollup = rollupResult(rollup.rollup, linked);
      }
    }
  }
}

function rollupResult(config: NotionObject, linked: NotionObject[]): NotionObject {
  const fn = config.function as string;
  if (fn === "count") return { type: "number", number: linked.length, function: fn };
  if (fn === "sum") {
    const sum = linked.reduce(
      (s, r) => s + ((r.properties[config.rollup_property_name]?.number as number) ?? 0),
      0,
    );
    return { type: "number", number: sum, function: fn };
  }
  const array = linked.map((r) => {
    const v = r.properties[config.rollup_property_name];
    return { type: v.type, [v.type]: v[v.type] };
  });
  return { type: "array", array, function: fn };
}

/** n distinct indices below len, without copying the whole range when n is small. */
function distinct(ctx: GenContext, len: number, n: number): number[] {
  if (n * 2 >= len) return ctx.rng.sample([...Array(len).keys()], n);
  const seen = new Set<number>();
  while (seen.size < n) seen.add(ctx.rng.int(len));
  return [...seen];
}
