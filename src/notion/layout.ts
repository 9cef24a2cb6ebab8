// Names of a workspace snapshot's entries: a title plus a short id, safe on every file system.

/** Longest title kept in a name (characters), so paths stay well under file-system limits. */
const MAX_TITLE = 80;

/** The first 8 hex digits of a Notion id, which tell objects with the same title apart. */
export function shortId(id: string): string {
  return id.replace(/-/g, "").slice(0, 8);
}

/** A title made safe as one path component: no separators, control or reserved characters, trimmed. */
export function sanitizeTitle(title: string): string {
  const cleaned = title
    .normalize("NFC")
    .replace(/[\p{Cc}/\\:*?"<>|]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    // Windows refuses trailing dots and spaces.
    .replace(/[. ]+$/, "");
  const chars = [...cleaned];
  return chars.length > MAX_TITLE ? chars.slice(0, MAX_TITLE).join("").trim() : cleaned;
}

/** The folder name of an object: `Title 1a2b3c4d`, or `Untitled 1a2b3c4d`. */
export function entryName(title: string, id: string): string {
  const t = sanitizeTitle(title);
  return `${t === "" ? "Untitled" : t} ${shortId(id)}`;
}

/** A downloaded file's name: its own name with the content's short hash, so equal names do not clash. */
export function mediaName(name: string, sha256: string): string {
  const safe = sanitizeTitle(name) || "file";
  const dot = safe.lastIndexOf(".");
  const [stem, ext] = dot > 0 && safe.length - dot <= 10 ? [safe.slice(0, dot), safe.slice(dot)] : [safe, ""];
  return `${stem} ${sha256.slice(0, 8)}${ext}`;
}

type RichText = Array<{ plain_text?: string }>;

/** The plain text of a rich-text array. */
export function plainText(rich: unknown): string {
  return Array.isArray(rich) ? (rich as RichText).map((r) => r.plain_text ?? "").join("") : "";
}

/** A page's title: the value of its title property. */
export function pageTitle(page: { properties?: Record<string, unknown> }): string {
  for (const prop of Object.values(page.properties ?? {})) {
    const p = prop as { type?: string; title?: unknown };
    if (p.type === "title") return plainText(p.title);
  }
  return "";
}
