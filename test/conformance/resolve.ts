// Rewrites a recorded request for the seeded emulator: every recorded id becomes an object of the same kind.
//
// Each id is given a role from where it appears (the route, the body key, the recorded answer),
// and the seeder supplies an emulated object for that role. Ids the emulator itself returned
// earlier in a scenario (a cassette creates a page, then appends to it) are learned from the
// answers. Property names and ids are mapped by property type onto the seed's schema.
import type { Interaction, RecordedRequest } from "./fixtures.ts";
import { type GeneratedIndex, generatedTarget, hasManyRelations } from "./generated.ts";
import {
  fixRollups,
  propertyNames,
  recordedTypeOf,
  renameProperties,
  targetsDataSource,
} from "./properties.ts";
import type { SeededDataSource, Seeder } from "./seed.ts";
import { Unresolvable } from "./unresolvable.ts";

const WHOLE_ID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** Dashed lower-case form of an id. */
export function normalize(id: string): string {
  const h = id.replace(/-/g, "").toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

type Json = any;

/** Block types whose payload is a file object (hosted or external). */
export const MEDIA = new Set(["image", "video", "audio", "pdf", "file"]);

/** Per-scenario map from recorded ids to emulated ids. */
export class IdMap {
  readonly ids = new Map<string, string>();
  private ds?: SeededDataSource;
  /** Recorded pagination cursor -> emulated cursor. */
  private readonly cursors = new Map<string, string>();

  constructor(
    private readonly seeder: Seeder,
    private readonly generated: GeneratedIndex,
    private readonly bot: string,
  ) {}

  /** The page and property a property-item read names: a generated row when one fits, else a seeded one. */
  private async propertyTarget(it: Interaction): Promise<string> {
    const [, , , pageId] = it.request.path.split("/");
    const res = it.response.body as Json;
    const type: string | undefined = res?.object === "list" ? res.property_item?.type : res?.type;
    const query = new URLSearchParams(it.request.query);
    const paged = Boolean(res?.has_more) || query.has("start_cursor");
    const size = Number(query.get("page_size") ?? 25);
    const generated = type ? this.generated.row(type, paged ? size : 0) : undefined;
    if (generated) {
      this.ids.set(normalize(pageId!), generated.pageId);
      return `/v1/pages/${generated.pageId}/properties/${encodeURIComponent(generated.propertyId)}`;
    }
    const ds = await this.dataSource();
    const seeded = type ? ds.props.get(type) : undefined;
    if (!seeded) throw new Unresolvable(`neither the generator nor the API seed has a ${type} property`);
    const row = await this.get(pageId!, async () => (paged ? ds.bigRow : ds.rows[0]!));
    return `/v1/pages/${row}/properties/${encodeURIComponent(seeded.id)}`;
  }

  private async get(id: string, make: () => Promise<string>): Promise<string> {
    const key = normalize(id);
    let mapped = this.ids.get(key);
    if (mapped === undefined) {
      mapped = await make();
      this.ids.set(key, mapped);
    }
    return mapped;
  }

  /** Records that the emulator's answer holds `emulated` where the recording held `recorded`. */
  learn(recorded: Json, emulated: Json, depth = 0): void {
    if (!recorded || !emulated || typeof recorded !== "object" || typeof emulated !== "object") return;
    for (const key of ["id", "discussion_id"]) {
      const r = recorded[key];
      const e = emulated[key];
      if (typeof r === "string" && typeof e === "string" && WHOLE_ID.test(r) && !this.ids.has(normalize(r))) {
        this.ids.set(normalize(r), e);
      }
    }
    if (typeof recorded.next_cursor === "string" && typeof emulated.next_cursor === "string") {
      this.cursors.set(recorded.next_cursor, emulated.next_cursor);
    }
    if (depth > 1) return;
    for (const key of ["results", "data_sources"]) {
      const r = recorded[key];
      const e = emulated[key];
      if (!Array.isArray(r) || !Array.isArray(e)) continue;
      for (let i = 0; i < Math.min(r.length, e.length); i++) {
        if (r[i]?.object === e[i]?.object && r[i]?.type === e[i]?.type) this.learn(r[i], e[i], depth + 1);
      }
    }
  }

  private async person(): Promise<string> {
    const person = this.generated.person();
    if (!person) throw new Unresolvable("the workspace has no person user");
    return person;
  }

  private async dataSource(): Promise<SeededDataSource> {
    this.ds ??= await this.seeder.dataSource();
    return this.ds;
  }

  /** An emulated object standing for a recorded block of the recorded shape `block`. */
  private async blockFor(block: Json, fresh: boolean): Promise<string> {
    const type: string = block.type;
    if (type === "synced_block" && block.synced_block?.synced_from) return this.seeder.syncedCopy();
    if (MEDIA.has(type) && block[type]?.type === "file") return this.seeder.hostedMedia(type);
    if (type === "column") return this.seeder.firstChild(await this.seeder.block("column_list", fresh));
    if (type === "table_row") return this.seeder.firstChild(await this.seeder.block("table", fresh));
    if (!this.seeder.canBuildBlock(type)) {
      throw new Unresolvable(`a ${type} block cannot be created through the API, so the seed has none`);
    }
    return this.seeder.block(type, fresh);
  }

  /** The emulated id for the id in a request path, given the route and the recorded answer. */
  private async pathId(id: string, it: Interaction, segment: string, rest: string[]): Promise<string> {
    const res = it.response.body as Json;
    const method = it.request.method;
    if (it.response.status === 404) return this.get(id, async () => crypto.randomUUID());
    return this.get(id, async () => {
      const generated = generatedTarget(this.generated, segment, rest, it);
      if (generated) return generated;
      switch (segment) {
        case "blocks": {
          if (rest[0] === "children") {
            const first = res?.results?.[0];
            if (method === "GET" && first) return this.seeder.containerOf(first.type);
            return first?.parent?.type === "block_id"
              ? this.seeder.block("toggle", true)
              : this.seeder.page();
          }
          if (res?.object === "block") return this.blockFor(res, method !== "GET");
          return this.seeder.page();
        }
        case "pages": {
          const ds = await this.dataSource();
          if (res?.parent?.type === "data_source_id" || res?.parent?.type === "database_id") {
            return method === "GET" ? (hasManyRelations(res) ? ds.bigRow : ds.rows[0]!) : ds.rows[1]!;
          }
          return this.seeder.page();
        }
        case "data_sources":
          return method === "PATCH"
            ? this.seeder.freshDataSource(propertyNames(it.request.body))
            : (await this.dataSource()).dataSourceId;
        case "databases":
          return method === "PATCH" ? this.seeder.freshDatabase() : (await this.dataSource()).databaseId;
        case "comments":
          return (await this.seeder.commented()).commentId;
        case "users":
          if (res?.type === "bot") return this.bot;
          return this.person();
        case "file_uploads":
          if (rest[0] === "complete") return this.seeder.upload("parts");
          if (rest[0] === "send") {
            const multi = it.request.form?.some((f) => f.name === "part_number");
            return this.seeder.upload(multi ? "multi" : "pending");
          }
          if (res?.file_import_result) return this.seeder.upload("imported");
          return this.seeder.upload(res?.status === "pending" ? "pending" : "uploaded");
        case "views":
          return this.seeder.view();
        default:
          throw new Unresolvable(`no seed for a ${segment} id`);
      }
    });
  }

  /** The emulated id for an id found in a request body under `key`, itself under `parentKey`. */
  private async bodyId(id: string, key: string, parentKey: string, it: Interaction): Promise<string> {
    const known = this.ids.get(normalize(id));
    if (known) return known;
    if (it.response.status === 404) return this.get(id, async () => crypto.randomUUID());
    return this.get(id, async () => {
      if (key === "page_id" || (key === "id" && parentKey === "page")) return this.seeder.page();
      if (key === "data_source_id") return (await this.dataSource()).dataSourceId;
      if (key === "database_id" || (key === "id" && parentKey === "database"))
        return (await this.dataSource()).databaseId;
      if (key === "block_id" && parentKey === "synced_from") return this.seeder.block("synced_block");
      if (key === "block_id") return (await this.seeder.commented()).blockId;
      if (key === "discussion_id") return (await this.seeder.commented()).discussionId;
      if (key === "id" && parentKey === "file_upload") return this.seeder.upload("uploaded");
      if (key === "id" && (parentKey === "people" || parentKey === "user")) return this.person();
      if (key === "id" && parentKey === "relation") return this.seeder.relationTarget();
      if (key === "start_cursor") return (await this.dataSource()).rows[1]!;
      throw new Unresolvable(`no seed for an id under "${parentKey}.${key}"`);
    });
  }

  /** The request with every recorded id, property name and property id replaced by seeded ones. */
  async rewrite(it: Interaction): Promise<RecordedRequest> {
    const req = it.request;
    const parts = req.path.split("/");
    const out: string[] = [];
    if (/^\/v1\/pages\/[^/]+\/properties\/[^/]+$/.test(req.path) && it.response.status !== 404) {
      out.push(await this.propertyTarget(it));
    } else {
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i]!;
        if (WHOLE_ID.test(part))
          out.push(await this.pathId(part, it, parts[i - 1] ?? "", parts.slice(i + 1)));
        else out.push(part);
      }
    }
    const params = new URLSearchParams(req.query);
    const mapped = new URLSearchParams();
    let cursorInQuery = false;
    for (const [k, v] of params) {
      if (k === "filter_properties") mapped.append(k, await this.propertyIdByRecordedId(v, it));
      else if (k === "start_cursor") cursorInQuery = true;
      else if (k === "block_id" && WHOLE_ID.test(v)) mapped.append(k, await this.commentTarget(v, it));
      else if (WHOLE_ID.test(v)) mapped.append(k, await this.bodyId(v, k, "", it));
      else mapped.append(k, v);
    }
    const recordedBody = req.body as Json;
    const after = recordedBody?.position?.after_block?.id;
    const parentPage = recordedBody?.parent?.page_id;
    if (typeof after === "string" && typeof parentPage === "string" && !this.ids.has(normalize(parentPage))) {
      // The block to insert after must be a child of the new page's parent.
      const pageId = await this.seeder.page();
      this.ids.set(normalize(parentPage), pageId);
      this.ids.set(normalize(after), await this.seeder.childOf(pageId));
    }
    const bodyCursor =
      recordedBody && typeof recordedBody === "object" ? recordedBody.start_cursor : undefined;
    const { start_cursor: _, ...rest } = recordedBody && typeof recordedBody === "object" ? recordedBody : {};
    let body =
      req.body === undefined ? undefined : await this.rewriteJson(bodyCursor ? rest : req.body, "", "", it);
    if (body && typeof body === "object" && targetsDataSource(req, body))
      body = renameProperties(body, await this.dataSource(), it);
    if (body && typeof body === "object" && !Array.isArray(body)) body = fixRollups(body);
    const path = out.join("/");
    const recordedCursor = cursorInQuery ? params.get("start_cursor") : bodyCursor;
    if (typeof recordedCursor === "string") {
      const cursor = await this.cursor(
        recordedCursor,
        { ...req, path, query: mapped.toString(), body },
        cursorInQuery,
      );
      if (cursorInQuery) mapped.set("start_cursor", cursor);
      else body = { ...body, start_cursor: cursor };
    }
    return { ...req, path, query: mapped.toString(), ...(body !== undefined ? { body } : {}) };
  }

  /** An emulated cursor for a recorded one: learned from an earlier answer, or read from the emulator's first page. */
  private async cursor(recorded: string, req: RecordedRequest, inQuery: boolean): Promise<string> {
    // Notion's cursors are often the id of the next page's first item, which may be an id mapped already.
    const learned =
      this.cursors.get(recorded) ?? (WHOLE_ID.test(recorded) ? this.ids.get(normalize(recorded)) : undefined);
    if (learned) return learned;
    const first = await this.seeder.api.call(req.method, req.path, {
      query: req.query,
      ...(req.body !== undefined ? { body: req.body } : {}),
    });
    const next = first.body?.next_cursor;
    if (typeof next !== "string") {
      throw new Unresolvable(
        `the emulator's ${req.method} ${req.path.replace(/[0-9a-f-]{36}/g, ":id")} answers a single page (the API cannot create what would fill a second), so the recorded ${inQuery ? "query" : "body"} cursor has no counterpart`,
      );
    }
    this.cursors.set(recorded, next);
    return next;
  }

  /** The page or block a comments list names, as the recorded comments' parent says. */
  private commentTarget(id: string, it: Interaction): Promise<string> {
    const first = (it.response.body as Json)?.results?.[0];
    return this.get(id, async () => {
      const generated = this.generated.commented(first?.parent?.type === "block_id" ? "block_id" : "page_id");
      if (generated) return generated;
      const c = await this.seeder.commented();
      return first?.parent?.type === "block_id" ? c.blockId : c.pageId;
    });
  }

  private async rewriteJson(value: Json, key: string, parentKey: string, it: Interaction): Promise<Json> {
    if (typeof value === "string")
      return WHOLE_ID.test(value) ? this.bodyId(value, key, parentKey, it) : value;
    if (Array.isArray(value)) {
      // One at a time: two items naming one recorded id must not seed two objects for it.
      const items: Json[] = [];
      for (const v of value) items.push(await this.rewriteJson(v, key, parentKey, it));
      return items;
    }
    if (!value || typeof value !== "object") return value;
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) {
      // Select option ids name options of the recorded schema; the seed's options differ.
      if (k === "id" && (parentKey === "options" || key === "options")) continue;
      out[k] = await this.rewriteJson(v, k, key, it);
    }
    return out;
  }

  private async propertyIdByRecordedId(id: string, it: Interaction): Promise<string> {
    const type = recordedTypeOf(id, it, "id");
    const seeded = type ? (await this.dataSource()).props.get(type) : undefined;
    if (!seeded) throw new Unresolvable(`filter property id "${id}" has no type the seed holds`);
    return seeded.id;
  }
}
