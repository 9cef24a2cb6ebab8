// The fewest requests a restore of a snapshot can take: one create per page, row, database or data source, one append per 100 children and 2 levels.
import type { BlockNode } from "../src/notion/model.ts";
import { UNCREATABLE } from "../src/notion/restore/blocks-payload.ts";
import type { WorkspaceSnapshot } from "../src/notion/snapshot-reader.ts";

/** The bound, by kind of request. */
export interface RestoreLowerBound {
  /** pages.create of pages and rows, databases.create, dataSources.create of extra sources. */
  creates: number;
  /** blocks.children.append: 100 children and 2 nesting levels per request. */
  appends: number;
  /** Not in the bound but unavoidable: comments (one create each) and uploads (create + send). */
  comments: number;
  uploads: number;
}

const STRUCTURAL = new Set(["child_page", "child_database"]);

function creatable(nodes: BlockNode[]): BlockNode[] {
  return nodes.filter((n) => {
    const t = (n.block as { type: string }).type;
    return !STRUCTURAL.has(t) && !UNCREATABLE[t];
  });
}

/**
 * Appends needed for a list of siblings: one per 100 of them, each carrying two levels below (three
 * levels per request); the children of the third level start requests of their own, and a carried
 * block with more than 100 children needs one more request per extra 100.
 */
export function appendsFor(nodes: BlockNode[]): number {
  const list = creatable(nodes);
  if (list.length === 0) return 0;
  let n = Math.ceil(list.length / 100);
  const carry = (level: BlockNode[], depth: number) => {
    for (const b of level) {
      const kids = creatable(b.children);
      if (kids.length === 0) continue;
      if (depth === 3) n += appendsFor(kids);
      else {
        n += Math.ceil(kids.length / 100) - 1;
        carry(kids, depth + 1);
      }
    }
  };
  carry(list, 1);
  return n;
}

/** The bound for restoring everything a snapshot holds. */
export async function restoreLowerBound(reader: WorkspaceSnapshot): Promise<RestoreLowerBound> {
  const bound: RestoreLowerBound = { creates: 0, appends: 0, comments: 0, uploads: 0 };
  const shas = new Set<string>();
  for (const id of reader.ids()) {
    const e = reader.entry(id)!;
    if (e.type === "template") continue;
    if (e.type === "database") {
      bound.creates++;
      // The first data source comes with its database; every other one is a create.
      bound.creates += Math.max(
        0,
        reader.childrenOf(id).filter((c) => reader.entry(c)?.type === "data_source").length - 1,
      );
      continue;
    }
    if (e.type !== "page" && e.type !== "row") continue;
    bound.creates++;
    bound.appends += appendsFor(await reader.blocks(id));
    const c = await reader.comments(id);
    bound.comments += c.page.length + Object.values(c.blocks).reduce((n, l) => n + l.length, 0);
    for (const f of await reader.files(id))
      if (f.source === "hosted" && f.owner.object !== "comment") shas.add(f.sha256);
  }
  bound.uploads = shas.size * 2;
  return bound;
}
