// Data source schemas and the property values of their rows, one builder per property type.
import type { NotionObject } from "../workspace.ts";
import type { GenContext } from "./context.ts";
import { hostedRef } from "./media.ts";
import type { Random } from "./random.ts";
import { mentionPage, mentionUser, richParagraph, text } from "./rich-text.ts";
import { copyUser } from "./users.ts";
import { noun } from "./words.ts";

const ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789<>:=?@[]^_`{|}~";

/** A schema under construction: properties keyed by name, in display order, with unique short ids. */
export class Schema {
  readonly properties: Record<string, NotionObject> = {};
  private readonly ids = new Set<string>(["title"]);

  constructor(private readonly rng: Random) {}

  /** Adds a property and returns its schema object (`{id, name, description, type, [type]: config}`). */
  add(name: string, type: string, config: NotionObject = {}): NotionObject {
    const id = type === "title" ? "title" : this.newId();
    const prop = { id, name, description: null, type, [type]: config };
    this.properties[name] = prop;
    return prop;
  }

  private newId(): string {
    // Notion's property ids are four random characters, URL-encoded
    for (;;) {
      let raw = "";
      for (let i = 0; i < 4; i++) raw += ID_CHARS[this.rng.int(ID_CHARS.length)];
      const id = encodeURIComponent(raw);
      if (!this.ids.has(id)) {
        this.ids.add(id);
        return id;
      }
    }
  }
}

function options(rng: Random, names: string[], colors: string[]): NotionObject[] {
  return names.map((name, i) => ({
    id: rng.uuid(),
    name,
    color: colors[i % colors.length],
    description: null,
  }));
}

/** Adds the property types every full schema has (title first, relations and rollups come later). */
export function addStandardProperties(ctx: GenContext, schema: Schema, full: boolean): void {
  const { rng } = ctx;
  schema.add("Name", "title");
  schema.add("Notes", "rich_text");
  schema.add("Estimate", "number", { format: "number_with_commas" });
  schema.add("Priority", "select", {
    options: options(rng, ["High", "Medium", "Low"], ["red", "yellow", "gray"]),
  });
  schema.add("Tags", "multi_select", {
    options: options(
      rng,
      ["frontend", "backend", "docs", "ops", "research"],
      ["blue", "green", "purple", "orange", "pink"],
    ),
  });
  schema.add("Due", "date");
  schema.add("Done", "checkbox");
  if (!full) return;
  const statusOptions = options(
    rng,
    ["Not started", "In progress", "Blocked", "Done"],
    ["default", "blue", "red", "green"],
  );
  const ids = statusOptions.map((o) => o.id as string);
  schema.add("Status", "status", {
    options: statusOptions,
    groups: [
      { id: rng.uuid(), name: "To-do", color: "gray", option_ids: [ids[0]] },
      { id: rng.uuid(), name: "In progress", color: "blue", option_ids: [ids[1], ids[2]] },
      { id: rng.uuid(), name: "Complete", color: "green", option_ids: [ids[3]] },
    ],
  });
  schema.add("Owner", "people");
  schema.add("Attachments", "files");
  schema.add("Website", "url");
  schema.add("Contact", "email");
  schema.add("Phone", "phone_number");
  schema.add("Score", "formula", { expression: 'prop("Estimate") * 2' });
  schema.add("Label", "formula", { expression: 'if(prop("Done"), "Finished", "Open")' });
  schema.add("Is big", "formula", { expression: 'prop("Estimate") > 5' });
  schema.add("Review date", "formula", { expression: 'dateAdd(prop("Due"), 7, "days")' });
  schema.add("Created", "created_time");
  schema.add("Created by", "created_by");
  schema.add("Edited", "last_edited_time");
  schema.add("Edited by", "last_edited_by");
  schema.add("ID", "unique_id", { prefix: noun(rng).slice(0, 3).toUpperCase() });
  schema.add("Actions", "button");
  schema.add("Location", "place");
}

/** What a value builder knows about the row it fills. */
export interface RowInfo {
  index: number;
  title: string;
  page: NotionObject;
}

/** A fresh value (without id) for a property of a row; relations and rollups are filled by rows.ts. */
export function propertyValue(ctx: GenContext, prop: NotionObject, row: RowInfo): unknown {
  const { rng } = ctx;
  const choice = (o: NotionObject) => ({ id: o.id, name: o.name, color: o.color });
  const user = (id: string) => copyUser(ctx.userById.get(id) ?? { object: "user", id });
  switch (prop.type as string) {
    case "title":
      return [text(row.title)];
    case "rich_text":
      return row.index === 0 ? manyMentions(ctx) : rng.chance(0.8) ? richParagraph(ctx) : [];
    case "number":
      return rng.chance(0.9) ? rng.range(1, 13) : null;
    case "select":
      return rng.chance(0.85) ? choice(rng.pick(prop.select.options)) : null;
    case "multi_select":
      return rng.sample(prop.multi_select.options as NotionObject[], rng.int(4)).map(choice);
    case "status":
      return choice(rng.pick(prop.status.options));
    case "date":
      return rng.chance(0.8) ? dateValue(ctx) : null;
    case "people":
      // the first row names everybody, so more than 25 people exercise truncation when there are that many
      return (row.index === 0 ? ctx.people : rng.sample(ctx.people, rng.int(3))).map(copyUser);
    case "files":
      return filesValue(ctx);
    case "checkbox":
      return rng.chance(0.4);
    case "url":
      return rng.chance(0.7) ? `https://example.com/${noun(rng)}/${row.index}` : null;
    case "email":
      return rng.chance(0.7) ? `${noun(rng)}${row.index}@example.com` : null;
    case "phone_number":
      return rng.chance(0.6) ? `+1 555 01${String(rng.range(0, 99)).padStart(2, "0")}` : null;
    case "created_time":
      return row.page.created_time;
    case "last_edited_time":
      return row.page.last_edited_time;
    case "created_by":
      return user(row.page.created_by.id);
    case "last_edited_by":
      return user(row.page.last_edited_by.id);
    case "unique_id":
      return { prefix: prop.unique_id.prefix, number: row.index + 1 };
    case "button":
      return {};
    case "verification":
      return verificationValue(ctx);
    case "place":
      return rng.chance(0.5)
        ? {
            lat: 48 + rng.next(),
            lon: 2 + rng.next(),
            name: `${noun(rng)} office`,
            address: `${rng.range(1, 200)} Example Street`,
            google_place_id: null,
          }
        : null;
    default:
      return null;
  }
}

function dateValue(ctx: GenContext): NotionObject {
  const start = ctx.clock.day();
  if (ctx.rng.chance(0.3)) return { start: `${start}T09:00:00.000+00:00`, end: null, time_zone: null };
  const end = ctx.rng.chance(0.3) ? addDays(start, ctx.rng.range(1, 14)) : null;
  return { start, end, time_zone: null };
}

/** A date-only string moved by `days`. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(day.slice(0, 10)) + days * 86_400_000).toISOString().slice(0, 10);
}

function filesValue(ctx: GenContext): NotionObject[] {
  const out: NotionObject[] = [];
  for (let i = ctx.rng.int(3); i > 0; i--) {
    const hosted = ctx.rng.chance(0.5) ? ctx.media.hosted("file") : undefined;
    if (hosted) out.push({ name: hosted.name, ...hostedRef(hosted.id) });
    else {
      const url = `https://downloads.example.com/${noun(ctx.rng)}.pdf`;
      out.push({ name: url, type: "external", external: { url } });
    }
  }
  return out;
}

function verificationValue(ctx: GenContext): NotionObject {
  const { rng } = ctx;
  if (rng.chance(0.3)) return { state: "unverified", verified_by: null, date: null };
  const start = ctx.clock.day();
  return {
    state: rng.chance(0.7) ? "verified" : "expired",
    verified_by: copyUser(rng.pick(ctx.people)),
    date: { start: `${start}T00:00:00.000Z`, end: `${addDays(start, 90)}T00:00:00.000Z`, time_zone: null },
  };
}

/** More than 25 mentions in one value, so readers must use the paginated property endpoint. */
function manyMentions(ctx: GenContext): NotionObject[] {
  const out: NotionObject[] = [text("Mentions: ")];
  for (let i = 0; i < 30; i++) {
    if (i > 0) out.push(text(", "));
    if (i % 2 === 0) out.push(mentionUser(ctx.people[i % ctx.people.length]!));
    else {
      const page = ctx.pageTargets[i % ctx.pageTargets.length]!;
      out.push(mentionPage(page.id, page.title));
    }
  }
  return out;
}
