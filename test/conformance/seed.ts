// Builds, through the emulator's own API, the objects recorded requests point at (blocks, rows, uploads...).
//
// Nothing here comes from a recorded answer: the request bodies below are written for the seed,
// and every object is created by the emulator's creation paths, so the answers later compared
// with the recordings are shaped by the emulator alone.
import type { Api } from "./api.ts";
import { BLOCK_BODIES, paragraph, plain, schema } from "./seed-bodies.ts";
import { createUpload, type UploadState } from "./seed-uploads.ts";

/** A seeded data source: its database, its property per type (name and id) and its rows. */
export interface SeededDataSource {
  databaseId: string;
  dataSourceId: string;
  props: Map<string, { name: string; id: string }>;
  rows: string[];
  /** Rows of the data source the Relation property points at. */
  targets: string[];
  /** The name of a status option the schema has. */
  statusOption: string;
  /** A row whose reference-valued properties exceed Notion's 25-item truncation. */
  bigRow: string;
}

/** Lazily creates, under one shared root page, the objects replayed requests need. */
export class Seeder {
  private blocksPage?: Promise<string>;
  private readonly blocks = new Map<string, Promise<string>>();
  private ds?: Promise<SeededDataSource>;
  private comments?: Promise<{ pageId: string; blockId: string; commentId: string; discussionId: string }>;
  private counter = 0;

  constructor(
    readonly api: Api,
    readonly rootPageId: string,
    /** A person user of the workspace, for people values and mentions (undefined when none). */
    readonly personId: string | undefined,
    /** Base URL of a loopback server the emulator may import external files from. */
    readonly fileServer: string,
  ) {}

  /** A new empty page under the root. */
  async page(title = "Seed page"): Promise<string> {
    const page = await this.api.ok("POST", "/v1/pages", {
      parent: { page_id: this.rootPageId },
      properties: { title: { title: plain(`${title} ${++this.counter}`) } },
    });
    return page.id;
  }

  /** Whether `block(type)` can build this block type. */
  canBuildBlock(type: string): boolean {
    return (
      type in BLOCK_BODIES || type === "child_page" || type === "child_database" || type === "link_to_page"
    );
  }

  /** A block of the type (a shared one, or a new one with `fresh` for requests that change it). */
  async block(type: string, fresh = false): Promise<string> {
    if (!fresh) {
      let cached = this.blocks.get(type);
      if (!cached) {
        cached = this.newBlock(type);
        this.blocks.set(type, cached);
      }
      return cached;
    }
    return this.newBlock(type);
  }

  private async newBlock(type: string): Promise<string> {
    this.blocksPage ??= this.page("Seed blocks");
    const parent = await this.blocksPage;
    if (type === "child_page") {
      const page = await this.api.ok("POST", "/v1/pages", {
        parent: { page_id: parent },
        properties: { title: { title: plain("Seeded child page") } },
      });
      return page.id;
    }
    if (type === "child_database") return (await this.dataSource()).databaseId;
    const body =
      type === "link_to_page"
        ? { type: "page_id", page_id: await this.page("Link target") }
        : BLOCK_BODIES[type]?.();
    if (!body) throw new Error(`the seed cannot build a ${type} block`);
    const answer = await this.api.ok("PATCH", `/v1/blocks/${parent}/children`, {
      children: [{ object: "block", type, [type]: body }],
    });
    return answer.results[0].id;
  }

  /** A new paragraph appended to a page or block. */
  async childOf(parentId: string): Promise<string> {
    const answer = await this.api.ok("PATCH", `/v1/blocks/${parentId}/children`, {
      children: [paragraph("Seeded anchor paragraph")],
    });
    return answer.results[0].id;
  }

  /** A block holding children of the type (a table for table_row, a column_list for column ...). */
  async containerOf(childType: string): Promise<string> {
    if (childType === "table_row") return this.block("table");
    if (childType === "column") return this.block("column_list");
    return this.block("toggle");
  }

  /** The id of the first child of a block (a column of a column_list, a row of a table). */
  async firstChild(blockId: string): Promise<string> {
    const list = await this.api.ok("GET", `/v1/blocks/${blockId}/children`);
    return list.results[0].id;
  }

  /** The seeded data source with one property of every type and a few rows. */
  dataSource(): Promise<SeededDataSource> {
    this.ds ??= this.buildDataSource();
    return this.ds;
  }

  private async buildDataSource(): Promise<SeededDataSource> {
    const parent = await this.page("Seed databases");
    const targets = await this.api.ok("POST", "/v1/databases", {
      parent: { type: "page_id", page_id: parent },
      title: plain("Seed relation targets"),
      initial_data_source: { properties: { Name: { title: {} } } },
    });
    const targetDs: string = targets.data_sources[0].id;
    const targetRows: string[] = [];
    for (let n = 1; n <= 30; n++) {
      const row = await this.api.ok("POST", "/v1/pages", {
        parent: { data_source_id: targetDs },
        properties: { Name: { title: plain(`Target ${n}`) } },
      });
      targetRows.push(row.id);
    }
    const db = await this.api.ok("POST", "/v1/databases", {
      parent: { type: "page_id", page_id: parent },
      title: plain("Seed database"),
      icon: { type: "emoji", emoji: "🗃️" },
      initial_data_source: { properties: schema(targetDs) },
    });
    const dataSourceId: string = db.data_sources[0].id;
    const source = await this.api.ok("GET", `/v1/data_sources/${dataSourceId}`);
    const props = new Map<string, { name: string; id: string }>();
    let statusOption = "Not started";
    for (const [name, p] of Object.entries<{
      id: string;
      type: string;
      status?: { options?: { name: string }[] };
    }>(source.properties)) {
      props.set(p.type, { name, id: p.id });
      statusOption = p.status?.options?.[0]?.name ?? statusOption;
    }
    const rows: string[] = [];
    for (let n = 1; n <= 3; n++) rows.push(await this.row(dataSourceId, db.id, n, targetRows.slice(0, n)));
    const bigRow = await this.row(dataSourceId, db.id, 4, targetRows);
    this.relationTargetDs = targetDs;
    this.seedParent = parent;
    return {
      databaseId: db.id,
      dataSourceId,
      props,
      rows: [...rows, bigRow],
      targets: targetRows,
      statusOption,
      bigRow,
    };
  }

  private relationTargetDs = "";
  private seedParent = "";

  /** A row of the data source the seed's Relation property points at. */
  async relationTarget(): Promise<string> {
    return (await this.dataSource()).targets[0]!;
  }

  /** A new database with the seed schema plus rich-text properties named `extra`, for requests that change it. */
  async freshDatabase(extra: readonly string[] = []): Promise<string> {
    await this.dataSource();
    const properties = schema(this.relationTargetDs);
    for (const name of extra) if (!(name in properties)) properties[name] = { rich_text: {} };
    const db = await this.api.ok("POST", "/v1/databases", {
      parent: { type: "page_id", page_id: this.seedParent },
      title: plain("Seed database to change"),
      initial_data_source: { properties },
    });
    return db.id;
  }

  /** The data source of a new database (see freshDatabase). */
  async freshDataSource(extra: readonly string[] = []): Promise<string> {
    const db = await this.api.ok("GET", `/v1/databases/${await this.freshDatabase(extra)}`);
    return db.data_sources[0].id;
  }

  /** A view of the seeded database (Notion gives every database it creates a default table view). */
  async view(): Promise<string> {
    const views = await this.api.ok("GET", "/v1/views", undefined, {
      query: `database_id=${(await this.dataSource()).databaseId}`,
    });
    if (!views.results[0]) throw new Error("the seeded database has no view");
    return views.results[0].id;
  }

  /** A synced block that copies an original one. */
  async syncedCopy(): Promise<string> {
    const original = await this.block("synced_block");
    this.blocksPage ??= this.page("Seed blocks");
    const answer = await this.api.ok("PATCH", `/v1/blocks/${await this.blocksPage}/children`, {
      children: [{ type: "synced_block", synced_block: { synced_from: { block_id: original } } }],
    });
    return answer.results[0].id;
  }

  /** A media block (image, video, audio, pdf, file) holding a Notion-hosted file sent through a file upload. */
  async hostedMedia(type: string): Promise<string> {
    const upload = await this.upload("uploaded", type);
    this.blocksPage ??= this.page("Seed blocks");
    const answer = await this.api.ok("PATCH", `/v1/blocks/${await this.blocksPage}/children`, {
      children: [{ type, [type]: { type: "file_upload", file_upload: { id: upload } } }],
    });
    return answer.results[0].id;
  }

  private async row(
    dataSourceId: string,
    databaseId: string,
    n: number,
    relations: string[],
  ): Promise<string> {
    const many = n === 4;
    const text: unknown[] = Array.from({ length: many ? 12 : 2 }, (_, i) => ({
      type: "text",
      text: { content: `part ${i} ` },
      annotations: { bold: i % 2 === 0 },
    }));
    // A link and mentions, so rich text in query answers shows those kinds too.
    text.push(
      { type: "text", text: { content: "a link", link: { url: "https://example.com/linked" } } },
      { type: "mention", mention: { type: "page", page: { id: this.rootPageId } } },
      { type: "mention", mention: { type: "database", database: { id: databaseId } } },
    );
    if (this.personId) text.push({ type: "mention", mention: { type: "user", user: { id: this.personId } } });
    const people = this.personId ? [{ object: "user", id: this.personId }] : [];
    const row = await this.api.ok("POST", "/v1/pages", {
      parent: { data_source_id: dataSourceId },
      icon: { type: "emoji", emoji: "📄" },
      properties: {
        Name: { title: [...plain(`Row ${n}`), { type: "text", text: { content: " title tail" } }] },
        Checkbox: { checkbox: n % 2 === 1 },
        Date: { date: { start: `2025-0${n}-01`, end: null } },
        Email: { email: `row${n}@example.com` },
        Files: {
          files: [{ name: "seed.png", type: "external", external: { url: "https://example.com/seed.png" } }],
        },
        MultiSelect: { multi_select: [{ name: "Alpha" }, { name: "Beta" }] },
        Number: { number: n * 1.5 },
        People: { people },
        Phone: { phone_number: `+1 555 000 00${n}` },
        Relation: { relation: relations.map((id) => ({ id })) },
        Text: { rich_text: text },
        Select: { select: { name: "One" } },
        Url: { url: `https://example.com/row/${n}` },
      },
    });
    return row.id;
  }

  /** A page with a page-level comment, a block with a comment, and a discussion id to reply to. */
  commented(): Promise<{ pageId: string; blockId: string; commentId: string; discussionId: string }> {
    this.comments ??= (async () => {
      const pageId = await this.page("Seed comments");
      const blocks = await this.api.ok("PATCH", `/v1/blocks/${pageId}/children`, {
        children: [{ type: "heading_1", heading_1: { rich_text: plain("Commented heading") } }],
      });
      const blockId: string = blocks.results[0].id;
      const first = await this.api.ok("POST", "/v1/comments", {
        parent: { page_id: pageId },
        rich_text: plain("Seeded page comment"),
      });
      await this.api.ok("POST", "/v1/comments", {
        parent: { block_id: blockId },
        rich_text: plain("Seeded block comment"),
      });
      await this.api.ok("POST", "/v1/comments", {
        discussion_id: first.discussion_id,
        rich_text: plain("Seeded reply"),
      });
      return { pageId, blockId, commentId: first.id, discussionId: first.discussion_id };
    })();
    return this.comments;
  }

  /** A file upload in the given state (see createUpload), of a file fit for the media block type. */
  upload(state: UploadState, media = "file"): Promise<string> {
    return createUpload(this.api, state, media, this.fileServer);
  }
}
