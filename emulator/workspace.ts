// The emulator's state: every Notion object of one workspace, in the shape the API returns it.
import { randomUUID } from "node:crypto";

/** A JSON object as Notion sends it; the emulator stores API shapes, not a model of its own. */
export type NotionObject = Record<string, any>;

/** Bytes of a Notion-hosted file. Stored objects point at it as `{type:"file", file:{file_id}}`. */
export interface StoredFile {
  id: string;
  name: string;
  contentType: string;
  bytes: Buffer;
}

/** One integration (connection): its token, bot user and the roots shared with it. */
export interface Integration {
  token: string;
  botId: string;
  name: string;
  /** Ids of pages and databases shared with the integration; their descendants are visible too. */
  shared: Set<string>;
  maxFileUploadSize: number;
}

/** The JSON file format of a workspace (`nvault emulator --workspace FILE`); see emulator/README.md. */
export interface WorkspaceData {
  name?: string;
  users?: NotionObject[];
  integrations?: Array<{
    token: string;
    bot_id?: string;
    name?: string;
    shared: string[];
    max_file_upload_size_in_bytes?: number;
  }>;
  /** Page objects with complete (untruncated) property values. */
  pages?: NotionObject[];
  /** Block objects; the order of blocks sharing a parent is their order as children. */
  blocks?: NotionObject[];
  databases?: NotionObject[];
  data_sources?: NotionObject[];
  views?: NotionObject[];
  /** Comments in creation order (also resolved ones, flagged `resolved: true`, never listed). */
  comments?: NotionObject[];
  /** Hosted files; `base64` holds the bytes, or `size` + `seed` generate them. */
  files?: Array<{
    id: string;
    name: string;
    content_type: string;
    base64?: string;
    size?: number;
    seed?: number;
  }>;
}

/** The default token of a workspace that names no integration. */
export const DEFAULT_TOKEN = "ntn_emulator_token";
const DEFAULT_BOT_ID = "00000000-0000-4000-8000-000000000b07";

/** The mutable in-memory workspace behind one emulator. */
export class Workspace {
  name: string;
  readonly users = new Map<string, NotionObject>();
  readonly pages = new Map<string, NotionObject>();
  readonly blocks = new Map<string, NotionObject>();
  readonly databases = new Map<string, NotionObject>();
  readonly dataSources = new Map<string, NotionObject>();
  readonly views = new Map<string, NotionObject>();
  readonly comments = new Map<string, NotionObject>();
  readonly files = new Map<string, StoredFile>();
  readonly fileUploads = new Map<string, NotionObject & { bytes?: Buffer[] }>();
  /** Ordered ids of the child blocks of a page or block (child pages and databases included). */
  readonly children = new Map<string, string[]>();
  readonly integrations = new Map<string, Integration>();
  /** The clock; tests may replace it to make time pass. */
  now: () => Date = () => new Date();

  constructor(name = "Emulated workspace") {
    this.name = name;
  }

  /** Builds a workspace from its JSON file form. */
  static fromData(data: WorkspaceData): Workspace {
    const ws = new Workspace(data.name);
    for (const u of data.users ?? []) ws.users.set(u.id, u);
    for (const p of data.pages ?? []) ws.pages.set(p.id, p);
    for (const b of data.blocks ?? []) {
      ws.blocks.set(b.id, b);
      ws.childList(parentIdOf(b)).push(b.id);
    }
    for (const d of data.databases ?? []) ws.databases.set(d.id, d);
    for (const d of data.data_sources ?? []) ws.dataSources.set(d.id, d);
    for (const v of data.views ?? []) ws.views.set(v.id, v);
    for (const c of data.comments ?? []) ws.comments.set(c.id, c);
    for (const f of data.files ?? []) {
      const bytes =
        f.base64 !== undefined ? Buffer.from(f.base64, "base64") : seededBytes(f.size ?? 0, f.seed ?? 1);
      ws.files.set(f.id, { id: f.id, name: f.name, contentType: f.content_type, bytes });
    }
    const integrations = data.integrations?.length
      ? data.integrations
      : [{ token: DEFAULT_TOKEN, shared: topLevelIds(ws) }];
    for (const i of integrations) ws.addIntegration(i.token, i.shared, i);
    return ws;
  }

  /** The JSON file form of this workspace (bytes inline as base64). */
  toData(): WorkspaceData {
    const blocks: NotionObject[] = [];
    const walk = (parent: string) => {
      for (const id of this.children.get(parent) ?? []) {
        const b = this.blocks.get(id);
        if (!b) continue;
        blocks.push(b);
        walk(id);
      }
    };
    for (const parent of this.children.keys()) if (!this.blocks.has(parent)) walk(parent);
    return {
      name: this.name,
      users: [...this.users.values()].filter((u) => u.type !== "bot"),
      integrations: [...this.integrations.values()].map((i) => ({
        token: i.token,
        bot_id: i.botId,
        name: i.name,
        shared: [...i.shared],
        max_file_upload_size_in_bytes: i.maxFileUploadSize,
      })),
      pages: [...this.pages.values()],
      blocks,
      databases: [...this.databases.values()],
      data_sources: [...this.dataSources.values()],
      views: [...this.views.values()],
      comments: [...this.comments.values()],
      files: [...this.files.values()].map((f) => ({
        id: f.id,
        name: f.name,
        content_type: f.contentType,
        base64: f.bytes.toString("base64"),
      })),
    };
  }

  /** Registers an integration and its bot user. */
  addIntegration(
    token: string,
    shared: Iterable<string>,
    opts: { bot_id?: string; name?: string; max_file_upload_size_in_bytes?: number } = {},
  ): Integration {
    const botId = opts.bot_id ?? (this.integrations.size === 0 ? DEFAULT_BOT_ID : randomUUID());
    const integration: Integration = {
      token,
      botId,
      name: opts.name ?? "notion-vault emulator",
      shared: new Set(shared),
      maxFileUploadSize: opts.max_file_upload_size_in_bytes ?? 5 * 1024 * 1024 * 1024,
    };
    this.integrations.set(token, integration);
    if (!this.users.has(botId)) {
      this.users.set(botId, {
        object: "user",
        id: botId,
        name: integration.name,
        avatar_url: null,
        type: "bot",
        bot: {},
      });
    }
    return integration;
  }

  /** A new object id in Notion's dashed UUID form. */
  newId(): string {
    return randomUUID();
  }

  /** Notion's timestamps are rounded down to the minute. */
  timestamp(): string {
    const d = this.now();
    d.setUTCSeconds(0, 0);
    return d.toISOString();
  }

  /** The mutable child list of a page or block, created when missing. */
  childList(parentId: string): string[] {
    let list = this.children.get(parentId);
    if (!list) {
      list = [];
      this.children.set(parentId, list);
    }
    return list;
  }

  /** Any object (page, block, database, data source, comment) by id. */
  find(id: string): NotionObject | undefined {
    return (
      this.pages.get(id) ??
      this.databases.get(id) ??
      this.dataSources.get(id) ??
      this.blocks.get(id) ??
      this.comments.get(id)
    );
  }

  /** The id of the object's parent, or undefined at workspace level. */
  parentOf(id: string): string | undefined {
    const obj = this.find(id);
    return obj ? parentIdOf(obj) || undefined : undefined;
  }

  /**
   * Whether the integration may see the object: it or one of its ancestors is shared. `memo`, when
   * given, keeps the answer for every ancestor walked, so a list over many objects stays linear.
   */
  isVisible(id: string, integration: Integration, memo?: Map<string, boolean>): boolean {
    const seen: string[] = [];
    let visible = false;
    for (let cur: string | undefined = normalizeId(id); cur; cur = this.parentOf(cur)) {
      const known = memo?.get(cur);
      if (known !== undefined) {
        visible = known;
        break;
      }
      if (integration.shared.has(cur)) {
        visible = true;
        break;
      }
      if (seen.includes(cur)) break;
      seen.push(cur);
    }
    for (const s of seen) memo?.set(s, visible);
    return visible;
  }

  /** Stamps an object as edited now by the integration's bot. */
  touch(obj: NotionObject, integration: Integration): void {
    obj.last_edited_time = this.timestamp();
    obj.last_edited_by = { object: "user", id: integration.botId };
  }
}

/** The id an object's `parent` points at ("" for the workspace). */
export function parentIdOf(obj: NotionObject): string {
  const p = obj.parent;
  if (!p || p.type === "workspace") return "";
  return p[p.type] ?? "";
}

const DASHED_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Accepts ids with or without dashes, as Notion does, and returns the dashed form. */
export function normalizeId(id: string): string {
  // Most ids arrive dashed already (every one the emulator hands out): one test spares the rebuild.
  if (DASHED_ID.test(id)) return id;
  const hex = id.replace(/-/g, "").toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) return id;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function topLevelIds(ws: Workspace): string[] {
  const top = (o: NotionObject) => o.parent?.type === "workspace";
  return [...ws.pages.values(), ...ws.databases.values()].filter(top).map((o) => o.id);
}

/** Deterministic pseudo-random bytes (xorshift32), so generated media need not be stored. */
export function seededBytes(size: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(Math.ceil(size / 4) * 4);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < out.length; i += 4) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out.writeUInt32LE(x, i);
  }
  return out.subarray(0, size);
}
