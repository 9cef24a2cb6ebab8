// Page property values as parts to show, one module shared by CSV, Markdown and HTML so they agree.
import { formatDateValue } from "./format-date.ts";
import { safeHref } from "./href.ts";
import { inlinePlain } from "./inline-runs.ts";
import type { RenderContext } from "./render-context.ts";

type Json = Record<string, any>;

/**
 * One item of a value: text (maybe linked, maybe naming an object), or rich text to format.
 * `stamp` marks text that is state rather than words of the value's own (a checkbox, a timestamp,
 * an editor, an id standing in for an unknown user), which a search index leaves out.
 */
export type ValuePart =
  | { kind: "text"; text: string; href?: string; id?: string; stamp?: true }
  | { kind: "rich"; rich: unknown[] };

/** Where a value sits, so files inside it can be matched with their downloads. */
export interface ValueOwner {
  pageId: string;
  property: string;
}

const text = (t: string, href?: string): ValuePart =>
  href ? { kind: "text", text: t, href } : { kind: "text", text: t };

const stamp = (t: string): ValuePart => ({ kind: "text", text: t, stamp: true });

function userName(u: Json | null | undefined, ctx: RenderContext): string {
  if (!u) return "";
  return ctx.user(u.id ?? "")?.name ?? u.name ?? u.id ?? "";
}

/** A person by name, or by id (a stamp) when neither the snapshot nor the value names them. */
function userPart(u: Json, ctx: RenderContext): ValuePart {
  const name = ctx.user(u?.id ?? "")?.name ?? u?.name;
  return name ? text(name) : stamp(u?.id ?? "");
}

function numberText(n: unknown): string {
  return typeof n === "number" && Number.isFinite(n) ? String(n) : "";
}

function placeText(p: Json | null | undefined): string {
  if (!p) return "";
  const where = [p.name, p.address].filter((s) => typeof s === "string" && s !== "").join(", ");
  const coords = typeof p.lat === "number" && typeof p.lon === "number" ? `(${p.lat}, ${p.lon})` : "";
  return [where, coords].filter(Boolean).join(" ");
}

function fileParts(files: Json[], ctx: RenderContext, owner?: ValueOwner): ValuePart[] {
  return files.map((f, i) => {
    const downloaded = owner
      ? ctx.media({ object: "page", id: owner.pageId, path: ["properties", owner.property, "files", i] })
      : undefined;
    const url = downloaded ?? (f.type === "external" ? safeHref(f.external?.url) : undefined);
    return text(f.name || url || "file", url);
  });
}

/** The parts of one property value (the `{type, ...}` object of page.properties[name]). */
export function propertyParts(
  prop: Json | null | undefined,
  ctx: RenderContext,
  owner?: ValueOwner,
): ValuePart[] {
  if (!prop) return [];
  const v = prop[prop.type];
  switch (prop.type) {
    case "title":
    case "rich_text":
      return Array.isArray(v) && v.length > 0 ? [{ kind: "rich", rich: v }] : [];
    case "number":
      return v === null || v === undefined ? [] : [text(numberText(v))];
    case "select":
    case "status":
      return v?.name ? [text(v.name)] : [];
    case "multi_select":
      return (v ?? []).map((o: Json) => text(o.name ?? ""));
    case "date":
      return v ? [text(formatDateValue(v))] : [];
    case "people":
      return (v ?? []).map((u: Json) => userPart(u, ctx));
    case "files":
      return fileParts(v ?? [], ctx, owner);
    case "checkbox":
      return [stamp(v === true ? "true" : "false")];
    case "url":
      return v ? [text(v, safeHref(v))] : [];
    case "email":
      return v ? [text(v, safeHref(`mailto:${v}`))] : [];
    case "phone_number":
      return v ? [text(v, safeHref(`tel:${String(v).replace(/[^\d+]/g, "")}`))] : [];
    case "formula":
      return formulaParts(v);
    case "relation":
      return (v ?? []).map((r: Json): ValuePart => {
        const target = ctx.link(r.id);
        return { kind: "text", text: target?.title || r.id, href: target?.href || undefined, id: r.id };
      });
    case "rollup":
      return rollupParts(v, ctx);
    case "created_time":
    case "last_edited_time":
      return v ? [stamp(v)] : [];
    case "created_by":
    case "last_edited_by":
      return v ? [stamp(userName(v, ctx))] : [];
    case "unique_id":
      return v?.number === null || v?.number === undefined
        ? []
        : [text(v.prefix ? `${v.prefix}-${v.number}` : String(v.number))];
    case "verification":
      return v ? [stamp(verificationText(v, ctx))] : [];
    case "button":
      return [];
    case "place":
    case "location":
      return v ? [text(placeText(v))] : [];
    default:
      // A type this renderer does not know: its value as JSON, so nothing is silently lost.
      return v === null || v === undefined ? [] : [stamp(JSON.stringify(v))];
  }
}

function formulaParts(f: Json | null | undefined): ValuePart[] {
  if (!f) return [];
  switch (f.type) {
    case "string":
      return f.string ? [text(f.string)] : [];
    case "number":
      return f.number === null || f.number === undefined ? [] : [text(numberText(f.number))];
    case "boolean":
      return f.boolean === null || f.boolean === undefined ? [] : [stamp(f.boolean ? "true" : "false")];
    case "date":
      return f.date ? [text(formatDateValue(f.date))] : [];
    default:
      return [];
  }
}

function rollupParts(r: Json | null | undefined, ctx: RenderContext): ValuePart[] {
  if (!r) return [];
  switch (r.type) {
    case "number":
      return r.number === null || r.number === undefined ? [] : [text(numberText(r.number))];
    case "date":
      return r.date ? [text(formatDateValue(r.date))] : [];
    case "array":
      // Each element is a property value of the rolled-up property's type.
      return (r.array ?? []).flatMap((item: Json) => propertyParts(item, ctx));
    default:
      return [];
  }
}

function verificationText(v: Json, ctx: RenderContext): string {
  const state = String(v.state ?? "");
  const by = v.verified_by ? ` by ${userName(v.verified_by, ctx)}` : "";
  const until = v.date ? ` (${formatDateValue(v.date)})` : "";
  return `${state}${by}${until}`;
}

/** A value as plain text (CSV): items joined with ", ", a relation item as "Title (id)". */
export function propertyText(prop: Json | null | undefined, ctx: RenderContext, owner?: ValueOwner): string {
  return propertyParts(prop, ctx, owner)
    .map((p) => {
      if (p.kind === "rich") return inlinePlain(p.rich, ctx);
      if (p.id) return p.text === p.id ? p.id : `${p.text} (${p.id})`;
      return p.href && p.href !== p.text && !p.href.startsWith("mailto:") && !p.href.startsWith("tel:")
        ? p.href
        : p.text;
    })
    .join(", ");
}

/** Options of `propertyWords`. */
export interface WordsOptions {
  /**
   * Only the value's own words (search): leaves out stamps (checkboxes, true/false formulas,
   * timestamps, editors, verification states, unknown users' ids, unknown types as JSON) and
   * relations, whose words belong to the objects they point at.
   */
  ownWordsOnly?: boolean;
}

/** A value as words alone (diffs, search): items' text joined with ", ", without addresses or ids. */
export function propertyWords(
  prop: Json | null | undefined,
  ctx: RenderContext,
  opts: WordsOptions = {},
): string {
  const parts = propertyParts(prop, ctx);
  const kept = opts.ownWordsOnly ? parts.filter((p) => p.kind === "rich" || !(p.stamp || p.id)) : parts;
  const words = kept.map((p) => (p.kind === "rich" ? inlinePlain(p.rich, ctx) : p.text));
  return (opts.ownWordsOnly ? words.filter((w) => w !== "") : words).join(", ");
}

/** The schema's property names in order, the title property first. */
export function columnNames(schema: Record<string, { type?: string }>): string[] {
  const names = Object.keys(schema);
  const title = names.filter((n) => schema[n]?.type === "title");
  return [...title, ...names.filter((n) => schema[n]?.type !== "title")];
}
