// Request blocks shaped to Notion's append limits: levels per request, 100 children per array, 1000 elements, ~450 KB.
import type { BlockNode } from "../model.ts";
import { type BlockPayload, blockToPayload, type PayloadContext } from "./blocks-payload.ts";
import type { IdMap } from "./id-map.ts";

/** Notion's per-request limits for block children (bytes kept under 500 KB with room for the envelope). */
export const APPEND_LIMITS = { children: 100, levels: 3, elements: 1000, bytes: 450 * 1024 } as const;

// Types the API refuses without children: they keep some whatever the depth.
const NEEDS_CHILDREN = new Set(["column_list", "column", "table"]);

/** What shaping needs: how payloads are built, and which blocks are held back or dropped. */
export interface ShapeContext {
  idMap: IdMap;
  payload: Omit<PayloadContext, "idMap">;
  defer?: (node: BlockNode) => boolean;
  onDropped?: (node: BlockNode, reason: string) => void;
}

/** A block ready to send: its payload, its creatable children, and how much of it one request carries. */
export interface Prepared {
  node: BlockNode;
  payload: BlockPayload;
  kids: Prepared[];
  /** Levels of the subtree (1: no children). */
  height: number;
  /** Levels the request that creates it carries (1: the block alone; the rest follows under its id). */
  levels: number;
  /** Block elements and JSON bytes of that request part. */
  elements: number;
  bytes: number;
  /** Ids it references that have no new id yet. */
  forward?: string[];
}

/** Builds the payload tree of a node; undefined when it is dropped or held back, "structural" for child pages/databases. */
export function prepare(node: BlockNode, ctx: ShapeContext): Prepared | "structural" | undefined {
  if (ctx.defer?.(node)) return undefined;
  const result = blockToPayload(node, { ...ctx.payload, idMap: ctx.idMap });
  if (result.structural) return "structural";
  if (!result.payload) {
    ctx.onDropped?.(node, result.dropped ?? "cannot be created");
    return undefined;
  }
  const kids: Prepared[] = [];
  for (const child of result.children) {
    const p = prepare(child, ctx);
    if (p === "structural") {
      // A page inside a toggle or column: the API can only create it under the page itself.
      ctx.onDropped?.(
        child,
        "a child page or database nested inside a block is restored at the end of its page",
      );
      continue;
    }
    if (p) kids.push(p);
  }
  const height = 1 + Math.max(0, ...kids.map((k) => k.height));
  const p: Prepared = { node, payload: result.payload, kids, height, levels: 1, elements: 1, bytes: 0 };
  if (result.forward) p.forward = result.forward;
  chooseLevels(p);
  return p;
}

/**
 * The levels of a node one request carries: its whole subtree when it fits (depth, elements,
 * bytes), else the node alone, except for types that need children, which keep as many levels as fit.
 */
function chooseLevels(p: Prepared): void {
  const must = NEEDS_CHILDREN.has(p.payload.type);
  const measure = (levels: number) => ({
    levels,
    elements: countElements(p, levels),
    bytes: JSON.stringify(render(p, levels)).length,
  });
  const ok = (m: { elements: number; bytes: number }) =>
    m.elements <= APPEND_LIMITS.elements && m.bytes <= APPEND_LIMITS.bytes;
  let chosen = measure(1);
  if (p.kids.length > 0) {
    const top = Math.min(p.height, APPEND_LIMITS.levels);
    for (let l = top; l >= 2; l--) {
      if (!must && l < p.height) break;
      const m = measure(l);
      if (ok(m)) {
        chosen = m;
        break;
      }
    }
    if (must && chosen.levels === 1) chosen = measure(2);
  }
  Object.assign(p, chosen);
}

/** The request block for a node carrying `levels` levels (children inside the type's content, 100 per array). */
export function render(p: Prepared, levels = p.levels): BlockPayload {
  if (levels <= 1 || p.kids.length === 0) return p.payload;
  const type = p.payload.type;
  const inner = p.payload[type] as Record<string, unknown>;
  const kids = p.kids.slice(0, APPEND_LIMITS.children).map((k) => render(k, Math.min(levels - 1, k.levels)));
  return { ...p.payload, [type]: { ...inner, children: kids } };
}

function countElements(p: Prepared, levels: number): number {
  if (levels <= 1) return 1;
  return (
    1 +
    p.kids
      .slice(0, APPEND_LIMITS.children)
      .reduce((n, k) => n + countElements(k, Math.min(levels - 1, k.levels)), 0)
  );
}

/** A request's worth of first-level blocks, within the limits. */
export class Batch {
  readonly items: Prepared[] = [];
  private elements = 0;
  private bytes = 0;

  /** True when `p` can join without breaking a limit (a lone block always can). */
  fits(p: Prepared): boolean {
    if (this.items.length === 0) return true;
    return (
      this.items.length < APPEND_LIMITS.children &&
      this.elements + p.elements <= APPEND_LIMITS.elements &&
      this.bytes + p.bytes + 1 <= APPEND_LIMITS.bytes
    );
  }

  push(p: Prepared): void {
    this.items.push(p);
    this.elements += p.elements;
    this.bytes += p.bytes + 1;
  }

  get size(): number {
    return this.items.length;
  }
}

/** True when something at or below `p` (sent with `levels` levels) needs its new id read back. */
export function needsLook(p: Prepared, levels: number, wanted: (p: Prepared) => boolean): boolean {
  if (wanted(p)) return true;
  if (p.kids.length === 0) return false;
  if (levels <= 1 || p.kids.length > APPEND_LIMITS.children) return true;
  return p.kids
    .slice(0, APPEND_LIMITS.children)
    .some((k) => needsLook(k, Math.min(levels - 1, k.levels), wanted));
}
