// The top pages of a folder export (index.md, index.html, index.json) and the page of a database container.
import { htmlPage } from "../export/html.ts";
import { escapeHtml } from "../export/html-escape.ts";
import { escapeMarkdownText } from "../export/markdown-escape.ts";
import { linkFile, type PlannedObject, relativeHref } from "./folder-plan.ts";
import { typeName } from "./type-name.ts";

/** What the index says about the snapshot it came from. */
export interface IndexHeader {
  workspace: string;
  snapshot: string;
  time: string;
}

/** The label shown after a title for non-page objects ("database", "data source" ...). */
export function typeLabel(type: string): string {
  return type === "page" ? "" : typeName(type);
}

/** A title as Markdown text on one line, markup characters escaped. */
export function escapeMarkdown(text: string): string {
  return escapeMarkdownText(text.replace(/\s+/g, " "));
}

function title(o: PlannedObject): string {
  return o.title.trim() === "" ? "Untitled" : o.title;
}

/** index.md: the workspace tree as a nested list of relative links. */
export function indexMarkdown(head: IndexHeader, roots: PlannedObject[]): string {
  const lines = [
    `# ${escapeMarkdown(head.workspace)}`,
    "",
    `Snapshot ${head.snapshot.slice(0, 8)} of ${head.time}.`,
    "",
  ];
  const walk = (list: PlannedObject[], depth: number) => {
    for (const o of list) {
      const file = linkFile(o, "md");
      const label = typeLabel(o.type);
      const text = escapeMarkdown(title(o));
      const link = file ? `[${text}](${relativeHref("index.md", file)})` : text;
      lines.push(`${"  ".repeat(depth)}- ${link}${label ? ` (${label})` : ""}`);
      walk(o.children, depth + 1);
    }
  };
  walk(roots, 0);
  return `${lines.join("\n")}\n`;
}

/** index.html: the same tree as a standalone HTML page. */
export function indexHtml(head: IndexHeader, roots: PlannedObject[]): string {
  const walk = (list: PlannedObject[]): string => {
    if (list.length === 0) return "";
    const items = list.map((o) => {
      const file = linkFile(o, "html");
      const text = escapeHtml(title(o));
      const label = typeLabel(o.type);
      const link = file ? `<a href="${escapeHtml(relativeHref("index.html", file))}">${text}</a>` : text;
      return `<li>${link}${label ? ` <small>(${label})</small>` : ""}${walk(o.children)}</li>`;
    });
    return `<ul>${items.join("")}</ul>`;
  };
  const body = `<h1 class="nv-title">${escapeHtml(head.workspace)}</h1>
<p>Snapshot ${escapeHtml(head.snapshot.slice(0, 8))} of ${escapeHtml(head.time)}.</p>
${walk(roots)}`;
  return htmlDocument(head.workspace, body);
}

/** index.json: the tree with every object's id, type, title and files, for scripts. */
export function indexJson(head: IndexHeader, roots: PlannedObject[]): string {
  const walk = (list: PlannedObject[]): unknown[] =>
    list.map((o) => ({
      id: o.id,
      type: o.type,
      title: o.title,
      files: o.files,
      media: o.media.map((m) => m.out),
      children: walk(o.children),
    }));
  return `${JSON.stringify({ ...head, tree: walk(roots) }, null, 2)}\n`;
}

/** A whole HTML page around `body`, as the exported pages are; nothing runs or loads from elsewhere. */
export function htmlDocument(title: string, body: string): string {
  return htmlPage(title, `<article class="nv-page">\n${body}\n</article>`);
}
