// Benchmark data: a seeded tree of Notion-like page JSON documents (pages, rows, blocks, rich text).
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Rng } from "../../test/helpers/random.ts";
import { listFiles } from "../../test/helpers/tree.ts";

const VOCABULARY = (
  "project roadmap meeting notes design review launch customer feedback quarter goals budget hiring " +
  "onboarding engineering product marketing sales support incident postmortem retro sprint backlog " +
  "release milestone decision owner status blocked done progress draft final summary action item " +
  "follow up deadline priority high low medium research interview metrics dashboard api database " +
  "integration migration security compliance policy handbook wiki template weekly monthly plan the " +
  "a an and or of to in for with on by from is are was were be this that these we our team will should"
).split(" ");
const COLORS = ["default", "default", "default", "gray", "brown", "blue", "red", "yellow_background"];
const BLOCK_TYPES = [
  "paragraph",
  "paragraph",
  "paragraph",
  "heading_2",
  "bulleted_list_item",
  "to_do",
  "code",
];

/** A Notion-style UUID (8-4-4-4-12 hex) drawn from the seed. */
function uuid(rng: Rng): string {
  const h = rng.bytes(16).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function words(rng: Rng, min: number, max: number): string {
  const n = rng.int(min, max);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(rng.pick(VOCABULARY));
  const s = out.join(" ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function time(rng: Rng): string {
  return new Date(Date.UTC(2024, 0, 1) + rng.int(0, 700 * 86400) * 1000)
    .toISOString()
    .replace(/\.\d+Z$/, ".000Z");
}

function user(users: string[], rng: Rng) {
  return { object: "user", id: rng.pick(users) };
}

function richText(rng: Rng, content: string) {
  const bold = rng.next() < 0.1;
  return {
    type: "text",
    text: { content, link: null },
    annotations: {
      bold,
      italic: false,
      strikethrough: false,
      underline: false,
      code: false,
      color: "default",
    },
    plain_text: content,
    href: null,
  };
}

function block(rng: Rng, pageId: string, users: string[]) {
  const type = rng.pick(BLOCK_TYPES);
  const text = [richText(rng, words(rng, 4, 60))];
  const body: Record<string, unknown> =
    type === "code"
      ? { caption: [], rich_text: text, language: "typescript" }
      : type === "to_do"
        ? { rich_text: text, checked: rng.next() < 0.5, color: "default" }
        : {
            rich_text: text,
            color: rng.pick(COLORS),
            ...(type === "heading_2" ? { is_toggleable: false } : {}),
          };
  return {
    object: "block",
    id: uuid(rng),
    parent: { type: "page_id", page_id: pageId },
    created_time: time(rng),
    last_edited_time: time(rng),
    created_by: user(users, rng),
    last_edited_by: user(users, rng),
    has_children: false,
    archived: false,
    in_trash: false,
    type,
    [type]: body,
  };
}

function properties(rng: Rng, title: string, isRow: boolean, users: string[]) {
  const props: Record<string, unknown> = {
    [isRow ? "Name" : "title"]: { id: "title", type: "title", title: [richText(rng, title)] },
  };
  if (!isRow) return props;
  props.Status = {
    id: "s%3Ab",
    type: "select",
    select: { id: uuid(rng), name: rng.pick(["Todo", "In progress", "Done"]), color: rng.pick(COLORS) },
  };
  props.Tags = {
    id: "t%7Dx",
    type: "multi_select",
    multi_select: [{ id: uuid(rng), name: rng.pick(VOCABULARY), color: rng.pick(COLORS) }],
  };
  props.Due = {
    id: "d%40e",
    type: "date",
    date: { start: time(rng).slice(0, 10), end: null, time_zone: null },
  };
  props.Owner = { id: "o%3Fw", type: "people", people: [{ object: "user", id: rng.pick(users) }] };
  props.Estimate = { id: "e%5Bs", type: "number", number: rng.int(1, 40) };
  return props;
}

/** One page or database row as the API returns it, with its block children inline. */
function page(rng: Rng, parentId: string, isRow: boolean, users: string[], blocks: number) {
  const id = uuid(rng);
  const title = words(rng, 2, 6);
  return {
    object: "page",
    id,
    created_time: time(rng),
    last_edited_time: time(rng),
    created_by: user(users, rng),
    last_edited_by: user(users, rng),
    cover: null,
    icon: rng.next() < 0.3 ? { type: "emoji", emoji: "📄" } : null,
    parent: isRow
      ? { type: "data_source_id", data_source_id: parentId }
      : { type: "page_id", page_id: parentId },
    archived: false,
    in_trash: false,
    properties: properties(rng, title, isRow, users),
    url: `https://www.notion.so/${title.replace(/\s+/g, "-")}-${id.replace(/-/g, "")}`,
    public_url: null,
    children: Array.from({ length: blocks }, () => block(rng, id, users)),
  };
}

/** Writes `count` documents (about 10 KB each on average) spread over nested folders; returns bytes. */
export async function generateNotionDocs(root: string, rng: Rng, count: number): Promise<number> {
  const users = Array.from({ length: 25 }, () => uuid(rng));
  const folders: Array<{ path: string; id: string }> = [{ path: root, id: uuid(rng) }];
  let total = 0;
  for (let i = 0; i < count; i++) {
    // Every 50 documents open a new folder (a sub-page or a database), nested up to 3 levels.
    if (i % 50 === 0) {
      const parent = rng.pick(folders.filter((f) => f.path.split("/").length < root.split("/").length + 3));
      const folder = {
        path: join(parent.path, `${words(rng, 1, 3)} ${uuid(rng).slice(0, 8)}`),
        id: uuid(rng),
      };
      await mkdir(folder.path, { recursive: true });
      folders.push(folder);
    }
    const folder = folders[folders.length - 1]!;
    // Block counts are skewed: most pages are short, a few are long.
    const blocks = Math.round(1 + 15 * rng.next() ** 2 + (rng.next() < 0.05 ? 45 : 0));
    const doc = page(rng, folder.id, rng.next() < 0.6, users, blocks);
    const text = JSON.stringify(doc);
    await writeFile(join(folder.path, `${doc.id.slice(0, 8)}.json`), text);
    total += Buffer.byteLength(text);
  }
  return total;
}

/** Changes `share` of the documents: half get a few characters edited, half get a block appended. */
export async function mutateNotionDocs(root: string, rng: Rng, share: number): Promise<number> {
  const files = await listFiles(root);
  const n = Math.max(2, Math.round(files.length * share));
  const users = Array.from({ length: 3 }, () => uuid(rng));
  for (let i = 0; i < n; i++) {
    const path = join(root, rng.pick(files));
    const doc = JSON.parse(await readFile(path, "utf8"));
    doc.last_edited_time = time(rng);
    if (i % 2 === 0 && doc.children.length > 0) {
      const b = rng.pick(doc.children as Array<Record<string, any>>);
      const rt = b[b.type].rich_text[0];
      rt.text.content = rt.plain_text = `${rt.plain_text.slice(0, -4)}edit`;
    } else {
      doc.children.push(block(rng, doc.id, users));
    }
    await writeFile(path, JSON.stringify(doc));
  }
  return n;
}
