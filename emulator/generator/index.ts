// Deterministic generator of emulator workspaces: same options, byte-identical workspace.
import { type NotionObject, Workspace, type WorkspaceData } from "../workspace.ts";
import { writeMedia } from "./blocks.ts";
import { writeComments } from "./comments.ts";
import {
  createContext,
  type GenContext,
  notionUrl,
  stamps,
  type Target,
  toWorkspaceData,
} from "./context.ts";
import { type DatabasePlan, writeDatabases } from "./databases.ts";
import { hostedRef, type MediaKind } from "./media.ts";
import { type GenerateOptions, validateOptions } from "./options.ts";
import { type StructuralChild, writePageBody } from "./page-body.ts";
import { text } from "./rich-text.ts";
import { emoji, title } from "./words.ts";

export { GENERATED_BOT_NAME } from "./context.ts";
export { DEFAULT_OPTIONS, type GenerateOptions, parseGenerateOptions } from "./options.ts";

const DATABASE_NAMES = ["Projects", "Tasks", "Meetings", "Docs", "Bugs", "Goals", "Hiring", "Vendors"];
const LEFTOVER_KINDS: MediaKind[] = ["image", "pdf", "file", "audio", "video"];

/** Builds a workspace from options (missing ones take DEFAULT_OPTIONS). */
export function generateWorkspace(opts: Partial<GenerateOptions> = {}): Workspace {
  return Workspace.fromData(generateWorkspaceData(opts));
}

/** The same workspace in its JSON file form (hosted files as size + seed, not bytes). */
export function generateWorkspaceData(partial: Partial<GenerateOptions> = {}): WorkspaceData {
  const opts = validateOptions(partial);
  const ctx = createContext(opts);
  const { rng } = ctx;

  const { pages, roots, structural } = planPages(ctx);
  const databases = planDatabases(ctx, pages, structural);
  ctx.pageTargets = pages.map((p) => ({ id: p.id, title: p.properties.title.title[0].plain_text }));
  ctx.databaseTargets = databases.map((d) => ({ id: d.id, title: d.title }));

  for (const page of pages) {
    const anchors = writePageBody(ctx, page.id, rng.around(opts.blocksPerPage), structural.get(page.id));
    writeComments(ctx, page.id, anchors);
  }
  writeDatabases(ctx, databases);
  // every hosted file the options ask for exists and is used somewhere
  for (let k = 0; ctx.media.remaining() > 0; k++) {
    const page = pages[k % pages.length]!;
    writeMedia(ctx, { type: "page_id", id: page.id }, LEFTOVER_KINDS[k % LEFTOVER_KINDS.length]!, true);
  }

  // with shared=some every fourth top-level page (and the last one of few) stays private, so readers meet 404s
  const unshared = (i: number) =>
    opts.shared === "some" && i > 0 && (i % 4 === 3 || (roots.length < 4 && i === roots.length - 1));
  const shared = roots.filter((_, i) => !unshared(i)).map((p) => p.id);
  return toWorkspaceData(ctx, `Generated workspace (seed ${opts.seed})`, shared);
}

/** Creates every regular page up front (tree shape, titles, stamps) so bodies can link to any of them. */
function planPages(ctx: GenContext): {
  pages: NotionObject[];
  roots: NotionObject[];
  structural: Map<string, StructuralChild[]>;
} {
  const { rng, opts } = ctx;
  const rootCount = Math.min(
    opts.pages,
    Math.max(opts.shared === "some" ? 2 : 1, Math.round(Math.sqrt(opts.pages) / 2)),
  );
  const pages: NotionObject[] = [];
  const roots: NotionObject[] = [];
  const structural = new Map<string, StructuralChild[]>();
  // pages that may still take children (their level is below the maximum depth)
  const open: Array<{ page: NotionObject; level: number }> = [];
  for (let i = 0; i < opts.pages; i++) {
    const parent = i < rootCount || open.length === 0 ? undefined : rng.pick(open);
    const level = parent ? parent.level + 1 : 1;
    const page = pageObject(ctx, title(rng), parent?.page.id);
    pages.push(page);
    ctx.data.pages.push(page);
    if (parent) childrenOf(structural, parent.page.id).push(structuralOf(page, "child_page"));
    else roots.push(page);
    if (level < opts.depth) open.push({ page, level });
  }
  return { pages, roots, structural };
}

function planDatabases(
  ctx: GenContext,
  pages: NotionObject[],
  structural: Map<string, StructuralChild[]>,
): DatabasePlan[] {
  const { rng, opts } = ctx;
  const plans: DatabasePlan[] = [];
  const twoSources = opts.databases > 1 ? 1 : 0;
  for (let j = 0; j < opts.databases; j++) {
    const parent = pages[rng.int(pages.length)]!;
    const base = DATABASE_NAMES[j % DATABASE_NAMES.length]!;
    const plan: DatabasePlan = {
      id: rng.uuid(),
      title: j < DATABASE_NAMES.length ? base : `${base} ${Math.floor(j / DATABASE_NAMES.length) + 1}`,
      parentPageId: parent.id,
      isInline: j % 2 === 0,
      dataSourceIds: j === twoSources ? [rng.uuid(), rng.uuid()] : [rng.uuid()],
      stamps: stamps(ctx),
    };
    plans.push(plan);
    childrenOf(structural, parent.id).push({
      type: "child_database",
      id: plan.id,
      title: plan.title,
      stamps: plan.stamps,
    });
  }
  return plans;
}

function pageObject(ctx: GenContext, pageTitle: string, parentId: string | undefined): NotionObject {
  const { rng } = ctx;
  const id = rng.uuid();
  let cover: NotionObject | null = null;
  if (rng.chance(0.2)) {
    const hosted = rng.chance(0.4) ? ctx.media.hosted("image") : undefined;
    cover = hosted
      ? hostedRef(hosted.id)
      : { type: "external", external: { url: `https://images.example.com/cover-${rng.range(1, 40)}.jpg` } };
  }
  return {
    object: "page",
    id,
    ...stamps(ctx),
    cover,
    icon: rng.chance(0.5) ? { type: "emoji", emoji: emoji(rng) } : null,
    parent: parentId ? { type: "page_id", page_id: parentId } : { type: "workspace", workspace: true },
    archived: false,
    in_trash: false,
    is_archived: false,
    is_locked: false,
    properties: { title: { id: "title", type: "title", title: [text(pageTitle)] } },
    url: notionUrl(id, pageTitle),
    public_url: null,
  };
}

function structuralOf(page: NotionObject, type: StructuralChild["type"]): StructuralChild {
  const { created_time, last_edited_time, created_by, last_edited_by } = page;
  const t: Target = { id: page.id, title: page.properties.title.title[0].plain_text };
  return { type, ...t, stamps: { created_time, last_edited_time, created_by, last_edited_by } };
}

function childrenOf(map: Map<string, StructuralChild[]>, id: string): StructuralChild[] {
  const list = map.get(id) ?? [];
  map.set(id, list);
  return list;
}
