// Builders of search documents and folder-tree ids, for the search index's unit tests only.
import type { SearchDoc } from "./extract.ts";

/** A page with a title and one paragraph. */
export const doc = (id: string, title: string, body: string): SearchDoc => ({
  id,
  type: "page",
  title,
  fields: [
    { kind: "title", label: "title", text: title },
    { kind: "block", label: "paragraph", text: body, block: `${id}-b` },
  ],
});

/** A tree id made from a number. */
export const tree = (n: number) => n.toString(16).padStart(32, "0");
