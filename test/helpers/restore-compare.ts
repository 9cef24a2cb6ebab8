// Compares a restored subtree with the snapshot it came from, modulo ids, timestamps and authors (restore tests).
import assert from "node:assert/strict";
import type { BlockNode } from "../../src/notion/model.ts";
import { RestoreJournal } from "../../src/notion/restore/journal.ts";
import { READ_ONLY_VALUES } from "../../src/notion/restore/properties.ts";
import type { WorkspaceSnapshot } from "../../src/notion/snapshot-reader.ts";
import type { BackedUpWorkspace } from "./workspace-snapshot.ts";

type Json = Record<string, any>;

/**
 * What the comparison leaves out, and why (the API cannot create it, or Notion computes it anew):
 * - ids, created/edited times and users, urls, request ids, parents (checked through the tree);
 * - block types the API cannot create: unsupported, link_preview (dropped and reported);
 * - read-only property values: formula, rollup, created/edited time and by, unique_id, button,
 *   verification (recomputed by Notion or not writable; reported), and the button and
 *   verification schema properties themselves;
 * - property ids and select/status option ids (Notion makes new ones);
 * - hosted file URLs and expiry times (new uploads; the bytes are compared by the files test);
 * - has_more of relation values, templates (cannot be created through the API).
 */
export const EXCLUDED_BLOCKS = new Set(["unsupported", "link_preview"]);
const DROP = new Set([
  "id",
  "created_time",
  "last_edited_time",
  "created_by",
  "last_edited_by",
  "url",
  "public_url",
  "request_id",
  "parent",
  "database_parent",
  "expiry_time",
  "has_more",
]);

/** Normalises Notion JSON: ids mapped through `toOld` (new -> old), volatile fields dropped. */
export function normalise(value: unknown, toOld: (id: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => normalise(v, toOld));
  if (!value || typeof value !== "object")
    return typeof value === "string" ? mapIdsInString(value, toOld) : value;
  const obj = value as Json;
  const out: Json = {};
  if (obj.type === "file" && obj.file && typeof obj.file === "object")
    return { type: "file", name: obj.name };
  if (obj.type === "file_upload") return { type: "file", name: obj.name };
  // Notion writes a date mention's plain_text itself (the emulator's generator and server word it differently).
  if (obj.type === "mention" && obj.mention?.type === "date") {
    const { plain_text: _p, ...rest } = obj;
    return Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, normalise(v, toOld)]));
  }
  for (const [k, v] of Object.entries(obj)) {
    if (DROP.has(k)) {
      // Reference ids are kept (mapped); object ids and stamps are dropped.
      if (
        k === "id" &&
        (obj.object === undefined || obj.object === "user") &&
        typeof v === "string" &&
        !("name" in obj && "color" in obj)
      ) {
        out.id = toOld(v);
      }
      continue;
    }
    // A missing icon and a null one say the same (Notion answers paragraphs with icon: null since 2026).
    if (k === "icon" && v === null) continue;
    if (k === "page_id" || k === "database_id" || k === "block_id" || k === "data_source_id") {
      out[k] = typeof v === "string" ? toOld(v) : v;
      continue;
    }
    out[k] = normalise(v, toOld);
  }
  return out;
}

function mapIdsInString(s: string, toOld: (id: string) => string): string {
  return s.replace(/[0-9a-f]{32}/g, (hex) => {
    const dashed = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    return toOld(dashed).replace(/-/g, "");
  });
}

/** A page's properties without read-only values, schema-less extras or property ids. */
export function pageProperties(page: Json, toOld: (id: string) => string): Json {
  const out: Json = {};
  for (const [name, v] of Object.entries((page.properties ?? {}) as Json)) {
    if (READ_ONLY_VALUES.has(v.type)) continue;
    const { id: _id, ...rest } = v;
    out[name] = normalise(rest, toOld);
  }
  return out;
}

/** A block tree without excluded types, normalised. */
export function blockTree(nodes: BlockNode[], toOld: (id: string) => string): unknown[] {
  return nodes
    .filter((n) => !EXCLUDED_BLOCKS.has((n.block as Json).type))
    .map((n) => ({
      block: normalise(n.block, toOld),
      children: blockTree(n.children, toOld),
      ...(n.syncedOriginalId ? { syncedOriginalId: toOld(n.syncedOriginalId) } : {}),
    }));
}

/** A data source schema: names and types and their configuration, without ids. */
export function schemaOf(ds: Json, toOld: (id: string) => string): Json {
  const out: Json = {};
  for (const [name, p] of Object.entries((ds.properties ?? {}) as Json)) {
    if (p.type === "button" || p.type === "verification") continue;
    const config = { ...(p[p.type] ?? {}) };
    if (Array.isArray(config.options))
      config.options = config.options.map((o: Json) => ({ name: o.name, color: o.color }));
    delete config.groups;
    delete config.relation_property_id;
    delete config.rollup_property_id;
    if (config.dual_property)
      config.dual_property = { synced_property_name: config.dual_property.synced_property_name };
    out[name] = normalise({ type: p.type, [p.type]: config }, toOld);
  }
  return out;
}

/** An empty page to restore into, made through the API under the first shared root. */
export async function emptyTarget(w: BackedUpWorkspace, title = "Restore target"): Promise<string> {
  const parent = w.reader.roots().find((id) => w.reader.entry(id)?.type === "page")!;
  const page = await w.emulator.client.pages.create({
    parent: { page_id: parent },
    properties: { title: { title: [{ text: { content: title } }] } },
  });
  return page.id;
}

/** new id -> old id from a journal (ids the restore recorded). */
export async function journalMap(
  path: string,
): Promise<{ toOld: Map<string, string>; toNew: Map<string, string> }> {
  const journal = await RestoreJournal.open(path);
  const toOld = new Map<string, string>();
  const toNew = new Map<string, string>();
  for (const [key, id] of journal.entries()) {
    const m = /^(page|database|data_source|block):(.+)$/.exec(key);
    if (!m) continue;
    toOld.set(id, m[2]!);
    toNew.set(m[2]!, id);
  }
  await journal.close();
  return { toOld, toNew };
}

/** Asserts that every restored object equals its original, modulo ids, stamps and authors. */
export async function assertRestoredEqual(
  original: WorkspaceSnapshot,
  restored: WorkspaceSnapshot,
  toOld: Map<string, string>,
  toNew: Map<string, string>,
): Promise<number> {
  const mapId = (id: string) => toOld.get(id) ?? id;
  let compared = 0;
  for (const oldId of original.ids()) {
    const e = original.entry(oldId)!;
    if (e.type === "template") continue;
    const newId = toNew.get(oldId);
    assert.ok(newId, `${e.type} ${oldId} (${e.title}) was not restored`);
    assert.ok(restored.entry(newId), `restored ${e.type} ${newId} is not in the new snapshot`);
    const where = `${e.type} ${JSON.stringify(e.title)} ${oldId}`;
    if (e.type === "page" || e.type === "row") {
      const [a, b] = [(await original.page(oldId)) as Json, (await restored.page(newId)) as Json];
      assert.deepEqual(pageProperties(b, mapId), pageProperties(a, mapId), `${where}: properties`);
      assert.deepEqual(normalise(b.icon, mapId), normalise(a.icon, mapId), `${where}: icon`);
      assert.deepEqual(normalise(b.cover, mapId), normalise(a.cover, mapId), `${where}: cover`);
      const [ta, tb] = [await original.blocks(oldId), await restored.blocks(newId)];
      assert.deepEqual(blockTree(tb, mapId), blockTree(ta, mapId), `${where}: blocks`);
    } else if (e.type === "database") {
      const [a, b] = [(await original.database(oldId)) as Json, (await restored.database(newId)) as Json];
      for (const k of ["title", "is_inline", "icon", "cover"]) {
        assert.deepEqual(normalise(b[k], mapId), normalise(a[k], mapId), `${where}: ${k}`);
      }
      assert.equal(b.data_sources.length, a.data_sources.length, `${where}: data sources`);
    } else if (e.type === "data_source") {
      const [a, b] = [(await original.dataSource(oldId)) as Json, (await restored.dataSource(newId)) as Json];
      assert.deepEqual(schemaOf(b, mapId), schemaOf(a, mapId), `${where}: schema`);
      assert.equal(restored.rows(newId).length, original.rows(oldId).length, `${where}: rows`);
    }
    compared++;
  }
  return compared;
}
