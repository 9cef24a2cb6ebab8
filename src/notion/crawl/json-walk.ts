// Depth-first visit of every object inside an API answer, with its path, to find files and user references.

/** A path from an object's root: keys and array indexes. */
export type JsonPath = Array<string | number>;

/** Calls `visit` for every plain object (the root included) inside `value`, parents before children. */
export function walkJson(
  value: unknown,
  visit: (node: Record<string, unknown>, path: JsonPath) => void,
  path: JsonPath = [],
): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      walkJson(item, visit, [...path, i]);
    });
    return;
  }
  if (value === null || typeof value !== "object") return;
  const node = value as Record<string, unknown>;
  visit(node, path);
  for (const [key, child] of Object.entries(node)) {
    if (child !== null && typeof child === "object") walkJson(child, visit, [...path, key]);
  }
}

/** The value at `path` inside `root`, or undefined. */
export function valueAt(root: unknown, path: JsonPath): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}
