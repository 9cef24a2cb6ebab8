// Escaping text and attribute values for HTML output, so no text of a page can open a tag or a script.

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text safe inside an HTML element or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** An HTML comment naming what could not be shown (Markdown keeps these too). */
export function htmlComment(text: string): string {
  return `<!-- ${commentText(text)} -->`;
}

/** Text safe inside an HTML comment (no "--", which could end it early or make it invalid). */
export function commentText(text: string): string {
  return text.replace(/-{2,}/g, "-").replace(/>/g, "&gt;").replace(/-$/, "- ");
}
