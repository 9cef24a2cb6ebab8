// Finds, in a workspace the emulator's generator built, an object of the kind a recorded read names.
//
// Reads (retrieve a block, a page, a property item, list children or comments) are pointed at
// generated objects when the generator has one of the kind, so the suite checks the generator's
// output against real answers too; writes go to objects the seeder creates through the API.
import type { NotionObject, Workspace } from "../../emulator/workspace.ts";
import type { Interaction } from "./fixtures.ts";
import { signature } from "./shape.ts";

const MEDIA = new Set(["image", "video", "audio", "pdf", "file"]);

type Json = any;

/** Read-only lookups over a generated workspace (all of it shared with the suite's token). */
export class GeneratedIndex {
  private readonly byType = new Map<string, string[]>();

  constructor(private readonly ws: Workspace) {
    for (const b of ws.blocks.values()) {
      const keys = [b.type as string];
      if (MEDIA.has(b.type)) keys.push(`${b.type}:${b[b.type]?.type}`);
      if (b.type === "synced_block")
        keys.push(`synced_block:${b.synced_block?.synced_from ? "copy" : "original"}`);
      for (const key of keys) {
        const list = this.byType.get(key) ?? [];
        list.push(b.id);
        this.byType.set(key, list);
      }
    }
  }

  /**
   * A block of the type; `variant` picks media hosting ("file"/"external") or synced copies
   * ("copy"). Among candidates, the one holding most of the `wanted` kinds (those of the recorded
   * answer: mentions, links, equations ...) is chosen, so the most of the answer gets compared.
   */
  block(type: string, variant?: string, wanted: ReadonlySet<string> = new Set()): string | undefined {
    const ids = this.byType.get(variant ? `${type}:${variant}` : type) ?? [];
    return best(ids, wanted, (id) => [this.ws.blocks.get(id)]);
  }

  /** A page or block with children (a table for rows, a column list for columns) showing most wanted kinds. */
  parentOf(
    childType: string,
    parentKind: "page_id" | "block_id",
    wanted: ReadonlySet<string>,
  ): string | undefined {
    const parents: string[] = [];
    for (const [parent, kids] of this.ws.children) {
      if ((parentKind === "block_id") !== this.ws.blocks.has(parent)) continue;
      // Rows need a table and columns a column list; other children can sit under any parent.
      const structural = childType === "table_row" || childType === "column";
      if (!structural || kids.some((k) => this.ws.blocks.get(k)?.type === childType)) parents.push(parent);
    }
    return best(parents, wanted, (id) => (this.ws.children.get(id) ?? []).map((k) => this.ws.blocks.get(k)));
  }

  /** The data source showing most of the wanted kinds (property types, relation kinds ...). */
  dataSource(wanted: ReadonlySet<string>): string | undefined {
    return best([...this.ws.dataSources.keys()], wanted, (id) => [this.ws.dataSources.get(id)]);
  }

  /** The database showing most of the wanted kinds. */
  database(wanted: ReadonlySet<string>): string | undefined {
    return best([...this.ws.databases.keys()], wanted, (id) => [this.ws.databases.get(id)]);
  }

  /** A regular page (not a database row) whose parent is of the given type. */
  page(parentType: string): string | undefined {
    for (const p of this.ws.pages.values()) if (p.parent?.type === parentType) return p.id;
    return undefined;
  }

  /**
   * A database row with a property of the type, and that property's id. With `many`, the value
   * must hold more items than one property-item page shows (relations past 25, long rich text).
   */
  row(type: string, many = 0): { pageId: string; propertyId: string } | undefined {
    let fallback: { pageId: string; propertyId: string } | undefined;
    for (const p of this.ws.pages.values()) {
      if (p.parent?.type !== "data_source_id") continue;
      for (const prop of Object.values<NotionObject>(p.properties ?? {})) {
        if (prop.type !== type) continue;
        const value = prop[type];
        const found = { pageId: p.id, propertyId: prop.id };
        if (many && !(Array.isArray(value) && value.length > many)) continue;
        // A filled value shows more of its shape than an empty one, so prefer it.
        const empty = value === null || (Array.isArray(value) && value.length === 0);
        if (!empty) return found;
        fallback ??= found;
      }
    }
    return fallback;
  }

  /** A row whose relation values exceed the 25 references a page retrieve shows. */
  rowWithManyRelations(): string | undefined {
    return this.row("relation", 25)?.pageId;
  }

  /** A page or block that has un-resolved comments. */
  commented(parentType: "page_id" | "block_id"): string | undefined {
    for (const c of this.ws.comments.values()) {
      if (c.resolved || c.parent?.type !== parentType) continue;
      return c.parent[parentType];
    }
    return undefined;
  }

  /** A person user of the workspace. */
  person(): string | undefined {
    for (const u of this.ws.users.values()) if (u.type === "person") return u.id;
    return undefined;
  }

  /** The first top-level page shared with the suite's token (the seeder builds under it). */
  root(): string | undefined {
    for (const p of this.ws.pages.values()) if (p.parent?.type === "workspace") return p.id;
    return undefined;
  }
}

/** The candidate whose objects hold the most wanted kinds (the first one on a tie). */
function best(
  ids: readonly string[],
  wanted: ReadonlySet<string>,
  objects: (id: string) => Array<NotionObject | undefined>,
): string | undefined {
  let top: { id: string; score: number } | undefined;
  for (const id of ids) {
    let score = 0;
    if (wanted.size) for (const kind of signature(objects(id)).keys()) if (wanted.has(kind)) score++;
    if (!top || score > top.score) top = { id, score };
  }
  return top?.id;
}

/** A generated object for a read (GET) of the recorded kind, when the generator made one. */
export function generatedTarget(
  g: GeneratedIndex,
  segment: string,
  rest: readonly string[],
  it: Interaction,
): string | undefined {
  const res = it.response.body as Json;
  if (it.request.method !== "GET" || it.response.status !== 200) return undefined;
  const wanted = new Set(signature(res).keys());
  if (segment === "blocks" && rest[0] === "children") {
    const first = res?.results?.[0];
    return first ? g.parentOf(first.type, first.parent?.type, wanted) : undefined;
  }
  if (segment === "blocks" && res?.object === "block") {
    const type: string = res.type;
    if (MEDIA.has(type)) return g.block(type, res[type]?.type, wanted);
    if (type === "synced_block") return g.block(type, res.synced_block?.synced_from ? "copy" : "original");
    return g.block(type, undefined, wanted);
  }
  if (segment === "data_sources" && res?.object === "data_source" && rest.length === 0) {
    return g.dataSource(wanted);
  }
  if (segment === "databases" && res?.object === "database") return g.database(wanted);
  if (segment === "pages" && res?.object === "page") {
    const parent: string = res.parent?.type;
    if (parent === "data_source_id" || parent === "database_id") {
      return hasManyRelations(res) ? g.rowWithManyRelations() : g.row("title")?.pageId;
    }
    return g.page(parent);
  }
  return undefined;
}

/** Whether a recorded page shows a relation cut at Notion's 25 references (`has_more`). */
export function hasManyRelations(page: Json): boolean {
  return Object.values<Json>(page?.properties ?? {}).some((p) => Array.isArray(p?.relation) && p.has_more);
}
