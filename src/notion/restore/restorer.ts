// The restore's run: pages and databases bare (depth first), schemas, page content, rows, late references, held-back synced blocks, comments.
import type { NotionClient } from "../client.ts";
import type { BlockNode } from "../model.ts";
import { normaliseNotionId, type PageComments, type WorkspaceSnapshot } from "../snapshot-reader.ts";
import { type AppendContext, appendBlockTree, childrenForCreate, completeCreatedChildren } from "./append.ts";
import { ReferenceMapper } from "./blocks-payload.ts";
import { restoreComments } from "./comments.ts";
import type { IdMap } from "./id-map.ts";
import type { RestoreJournal } from "./journal.ts";
import { insertHeldBack, type LateContext, rewriteForwardBlocks, writeLateValues } from "./late-writes.ts";
import { ObjectFiles } from "./object-files.ts";
import {
  type CreateContext,
  createDatabaseOnce,
  createDataSourceOnce,
  createPageOnce,
  createRowOnce,
} from "./objects.ts";
import { childrenInScope, type PlannedObject, type RestorePlan } from "./plan.ts";
import { coverPayload, iconPayload, pageValues, type ValuesContext } from "./properties.ts";
import type { RestoreReportBuilder } from "./report.ts";
import type { RestoreEvent } from "./restore.ts";
import { SchemaWriter } from "./schema-writer.ts";

type Json = Record<string, any>;

/** What a run needs. */
export interface RestorerDeps {
  client: NotionClient;
  journal: RestoreJournal;
  idMap: IdMap;
  target: string;
  report: RestoreReportBuilder;
  dryRun: boolean;
  signal?: AbortSignal;
  emit: (event: RestoreEvent) => void;
}

const plain = (items: unknown): string =>
  Array.isArray(items) ? items.map((i: Json) => i.plain_text ?? i.text?.content ?? "").join("") : "";

/** One restore run over a plan. */
export class Restorer {
  private readonly done = new Set<string>();
  private readonly comments = new Map<string, PageComments>();
  /** Schema property names that exist in each restored data source (old data source id). */
  private readonly later: Array<{ row: string; names: string[] }> = [];
  /** Where a page's content phase starts: blocks its create carried, and the last of them. */
  private readonly contentStart = new Map<string, { from: number; after: string | undefined }>();
  private readonly create: CreateContext;
  private readonly deferred: Set<string>;
  private readonly files: ObjectFiles;
  private readonly schemas: SchemaWriter;

  constructor(
    private readonly reader: WorkspaceSnapshot,
    private readonly plan: RestorePlan,
    private readonly d: RestorerDeps,
  ) {
    this.create = { client: d.client, journal: d.journal, ...(d.signal ? { signal: d.signal } : {}) };
    this.deferred = new Set(plan.deferred);
    this.files = new ObjectFiles(reader, d.client, d.journal, d.report, d.dryRun, d.signal);
    this.schemas = new SchemaWriter(reader, d.client, d.journal, d.idMap, d.report, d.signal);
  }

  private late(): LateContext {
    return {
      client: this.d.client,
      journal: this.d.journal,
      idMap: this.d.idMap,
      plan: this.plan,
      reader: this.reader,
      report: this.d.report,
      payload: this.payloadContext(),
      values: (row) => this.valuesContext(row, undefined),
      ...(this.d.signal ? { signal: this.d.signal } : {}),
    };
  }

  /** Runs every phase in order. */
  async run(): Promise<void> {
    const target = normaliseNotionId(this.d.target);
    if (!target) throw new TypeError(`not a Notion page id: ${JSON.stringify(this.d.target)}`);
    // Fails early and clearly when the target is not shared with the integration.
    await this.d.client.call("pages.retrieve", { page_id: target }, { signal: this.d.signal });
    for (const id of this.plan.pageOrder) {
      const c = await this.reader.comments(id, this.d.signal);
      if (c.page.length === 0 && Object.keys(c.blocks).length === 0) continue;
      this.comments.set(id, c);
      for (const b of Object.keys(c.blocks)) this.plan.needIds.add(b);
    }
    this.phase("pages");
    for (const root of this.plan.roots) await this.restoreObject(root, target);
    this.phase("schemas");
    for (const obj of this.plan.objects.values())
      if (obj.type === "data_source") await this.schemas.complete(obj.id);
    this.phase("content");
    const [pages, ...rows] = this.plan.groups;
    for (const id of pages?.pages ?? []) await this.content(id);
    this.phase("rows");
    for (const group of rows) {
      await this.restoreObject(group.row!, target);
      for (const id of group.pages) await this.content(id);
    }
    this.phase("relations");
    for (const { row, names } of this.later) await writeLateValues(this.late(), row, names);
    this.phase("fix-ups");
    await rewriteForwardBlocks(this.late());
    this.phase("synced");
    for (const id of this.plan.deferred) await insertHeldBack(this.late(), id);
    this.phase("comments");
    await this.restoreAllComments();
  }

  private phase(phase: Extract<RestoreEvent, { type: "phase" }>["phase"]): void {
    this.d.emit({ type: "phase", phase });
    this.d.emit({ type: "requests", total: this.d.client.stats().totalRequests });
  }

  private async restoreObject(id: string, parentNew: string): Promise<void> {
    if (this.done.has(id)) return;
    this.done.add(id);
    const obj = this.plan.objects.get(id);
    if (!obj) return;
    if (obj.type === "page" || obj.type === "row") await this.restorePage(obj, parentNew);
    else if (obj.type === "database") await this.restoreDatabase(id, parentNew);
    else if (!obj.parent) {
      // A data source restored on its own: a new database holds it.
      const db = this.reader.entry(id)?.parent;
      if (db) await this.restoreDatabase(db, parentNew, [id]);
    }
  }

  private async restorePage(obj: PlannedObject, parentNew: string): Promise<void> {
    const { id } = obj;
    const page = (await this.reader.page(id, this.d.signal)) as Json;
    const ds = obj.type === "row" && obj.parent ? this.d.idMap.get(obj.parent) : undefined;
    if (obj.type === "row" && !ds)
      this.d.report.moved.push({ id, reason: "a row restored without its database becomes a page" });
    await this.files.upload(id);
    const titleName =
      Object.keys(page.properties ?? {}).find((k) => page.properties[k]?.type === "title") ?? "title";
    const title = plain(page.properties?.[titleName]?.title);
    const valuesCtx = this.valuesContext(id, ds ? obj.parent : undefined);
    const values = ds
      ? pageValues(id, page.properties ?? {}, valuesCtx)
      : pageValues(id, { title: page.properties?.[titleName] ?? { type: "title", title: [] } }, valuesCtx);
    if (ds) {
      for (const r of values.readOnly) this.d.report.readOnlyValue(obj.parent!, r.name, r.type);
      for (const l of values.lost) this.d.report.lost(id, "property", `${l.name}: ${l.reason}`);
    }
    const tree = this.plan.blocks.get(id) ?? [];
    const seg = this.plan.firstSegment.get(id) ?? 0;
    const leaf = !tree.some((n) => this.plan.objects.has(n.block.id));
    let newId = this.d.idMap.get(id);
    // The blocks before the first child page go into the create: nothing could be put before them
    // later. A page without child pages carries what it can of its content too (saving an append),
    // up to the first block that names an object not created yet; what it carried is journaled,
    // since a re-run would find more of it resolvable.
    let first: Awaited<ReturnType<typeof childrenForCreate>> | undefined;
    if (seg > 0) first = await childrenForCreate(tree.slice(0, seg), this.appendContext());
    else if (leaf && tree.length > 0) {
      const carried = this.d.journal.get(`carried:${id}`);
      if (!newId) first = await childrenForCreate(tree, this.appendContext(), { onlyResolved: true });
      else if (carried) first = await childrenForCreate(tree.slice(0, Number(carried)), this.appendContext());
    }
    if (newId) this.d.report.alreadyRestored++;
    else {
      if (seg === 0 && first) await this.d.journal.record(`carried:${id}`, String(first.covered));
      // Recorded before the create: a re-run finds the references resolvable and would not know.
      if (values.later.length > 0) {
        await this.d.journal.record(`later:${id}`, (ds ? values.later : ["title"]).join("\n"));
      }
      const body: Json = {
        parent: ds ? { type: "data_source_id", data_source_id: ds } : { type: "page_id", page_id: parentNew },
        properties: values.values,
      };
      const icon = iconPayload(page.icon, this.files.get(id, "icon"));
      const cover = coverPayload(page.cover, this.files.get(id, "cover"));
      if (icon) body.icon = icon;
      if (cover) body.cover = cover;
      if (first && first.children.length > 0) body.children = first.children;
      newId = ds
        ? await createRowOnce(this.create, id, body, titleName, title)
        : await createPageOnce(this.create, id, body, title);
      if (first) this.d.report.created.blocks += first.elements;
      if (ds) this.d.report.created.rows++;
      else this.d.report.created.pages++;
      this.d.emit({ type: "created", kind: ds ? "row" : "page", oldId: id, newId });
    }
    const later = this.d.journal.get(`later:${id}`);
    if (later) this.later.push({ row: id, names: later.split("\n") });
    if (!obj.parent) this.d.report.roots[id] = newId;
    if (first) {
      await completeCreatedChildren(
        this.d.client,
        newId,
        first.sent,
        this.appendContext(),
        first.covered < seg,
      );
      this.contentStart.set(id, { from: first.covered, after: first.sent[first.sent.length - 1]?.block.id });
    }
    // Child pages and databases are created bare now; the blocks around them come in the content phase.
    for (const n of tree) if (this.plan.objects.has(n.block.id)) await this.restoreObject(n.block.id, newId);
    for (const child of childrenInScope(this.plan, id)) await this.restoreObject(child, newId);
  }

  /** Appends a page's blocks (after those its create carried) around its existing child pages and databases. */
  private async content(id: string): Promise<void> {
    const newId = this.d.idMap.get(id);
    if (!newId) return;
    const start = this.contentStart.get(id);
    const tree = this.plan.blocks.get(id) ?? [];
    const after = start?.after ? this.d.idMap.get(start.after) : undefined;
    await appendBlockTree(this.d.client, newId, tree.slice(start?.from ?? 0), {
      ...this.appendContext(),
      anchored: true,
      ...(after && (start?.from ?? 0) < (this.plan.firstSegment.get(id) ?? 0) ? { after } : {}),
    });
  }

  private async restoreDatabase(id: string, parentNew: string, only?: string[]): Promise<void> {
    const db = (await this.reader.database(id, this.d.signal)) as Json;
    const sources =
      only ??
      ((db.data_sources ?? []) as Json[]).map((s) => s.id as string).filter((s) => this.plan.objects.has(s));
    await this.files.upload(id);
    const schemas = new Map<string, Json>();
    for (const s of sources) schemas.set(s, (await this.reader.dataSource(s, this.d.signal)) as Json);
    const first = sources[0];
    const refs = new ReferenceMapper(this.payloadContext(), id, []);
    const had = this.d.journal.get(`database:${id}`) !== undefined;
    const body: Json = {
      parent: { type: "page_id", page_id: parentNew },
      title: refs.richText(db.title ?? []),
      is_inline: db.is_inline === true,
      initial_data_source: { properties: first ? this.schemas.initial(first, schemas.get(first)!) : {} },
    };
    if (Array.isArray(db.description) && db.description.length > 0)
      body.description = refs.richText(db.description);
    const icon = iconPayload(db.icon, this.files.get(id, "icon"));
    const cover = coverPayload(db.cover, this.files.get(id, "cover"));
    if (icon) body.icon = icon;
    if (cover) body.cover = cover;
    const made = await createDatabaseOnce(this.create, id, first, body, plain(db.title));
    if (had) this.d.report.alreadyRestored++;
    else {
      this.d.report.created.databases++;
      if (first) this.d.report.created.dataSources++;
      this.d.emit({ type: "created", kind: "database", oldId: id, newId: made.database });
    }
    if (!this.plan.objects.get(id)?.parent) this.d.report.roots[id] = made.database;
    for (const s of sources.slice(1)) {
      const schema = schemas.get(s)!;
      const properties = this.schemas.initial(s, schema);
      if (this.d.journal.get(`data_source:${s}`)) continue;
      const dsBody = {
        parent: { type: "database_id", database_id: made.database },
        title: refs.richText(schema.title ?? []),
        properties,
      };
      const newId = await createDataSourceOnce(this.create, s, dsBody, plain(schema.title));
      this.d.report.created.dataSources++;
      this.d.emit({ type: "created", kind: "data_source", oldId: s, newId });
    }
    for (const s of sources) this.done.add(s);
  }

  private valuesContext(pageId: string, dsId: string | undefined): ValuesContext {
    return {
      ...this.payloadContext(),
      uploadFor: (path) => this.files.get(pageId, path),
      ...(dsId ? { writable: (name: string) => this.schemas.writable(dsId, name) } : {}),
    };
  }

  private async restoreAllComments(): Promise<void> {
    const users = new Map<string, string>();
    for (const [id, u] of await this.reader.userMap(this.d.signal)) users.set(id, u.name ?? id);
    for (const [page, comments] of this.comments) {
      if (this.d.dryRun) {
        // One create per comment, counted by the dry-run client.
        const count = comments.page.length + Object.values(comments.blocks).reduce((n, l) => n + l.length, 0);
        for (let i = 0; i < count; i++) await this.d.client.call("comments.create", {} as never);
        this.d.report.created.comments += count;
        const all = [...comments.page, ...Object.values(comments.blocks).flat()] as Json[];
        const attachments = all.reduce(
          (n, c) => n + ((c.attachments as unknown[] | undefined)?.length ?? 0),
          0,
        );
        for (let i = 0; i < attachments; i++) {
          await this.d.client.call("fileUploads.create", {} as never);
          await this.d.client.call("fileUploads.send", {} as never);
        }
        this.d.report.created.files += attachments;
        continue;
      }
      const result = await restoreComments(this.d.client, comments, {
        idMap: this.d.idMap,
        journal: this.d.journal,
        users,
        pageId: page,
        reader: this.reader,
        limitBytes: await this.files.limit(),
        ...(this.d.signal ? { signal: this.d.signal } : {}),
      });
      this.d.report.created.comments += result.created;
      this.d.report.created.files += result.attachments;
      for (const m of result.moved) this.d.report.moved.push(m);
      for (const n of result.notRestored) this.d.report.lost(n.id, "comment", n.reason);
    }
  }

  private payloadContext() {
    return {
      idMap: this.d.idMap,
      inSet: (old: string) => this.plan.objects.has(old) || this.plan.nodes.has(old),
      onLoss: (id: string, reason: string) => this.d.report.lost(id, "content", reason),
      onOutsideLink: (to: string, from: string) => {
        this.d.report.outsideLinks.set(from, to);
      },
    };
  }

  private appendContext(): AppendContext {
    const { report } = this.d;
    return {
      journal: this.d.journal,
      idMap: this.d.idMap,
      payload: {
        ...this.payloadContext(),
        uploadFor: (blockId, where) => this.files.get(blockId, where),
      },
      ...(this.d.signal ? { signal: this.d.signal } : {}),
      onStructural: async (node: BlockNode, parentNew: string) => {
        if (this.plan.objects.has(node.block.id)) await this.restoreObject(node.block.id, parentNew);
        else
          report.lost(
            node.block.id,
            (node.block as Json).type,
            "not in the snapshot (not shared with the integration when it was taken)",
          );
      },
      onDropped: (node, reason) => {
        const type = (node.block as Json).type as string;
        if (type === "child_page" || type === "child_database")
          report.moved.push({ id: node.block.id, reason });
        else report.lost(node.block.id, type, reason);
      },
      needsId: (old) => this.plan.needIds.has(old),
      defer: (node) => this.deferred.has(node.block.id),
      onRequest: (endpoint, blocks) => {
        if (endpoint === "blocks.children.append") report.created.blocks += blocks;
      },
    };
  }
}
