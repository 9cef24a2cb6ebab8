// Addresses in rendered pages: only harmless schemes survive, and Notion links to captured pages become local links.
import { normaliseNotionId } from "../notion/snapshot-reader.ts";
import type { RenderContext } from "./render-context.ts";

const SAFE_SCHEMES = new Set(["http:", "https:", "mailto:", "tel:", "ftp:"]);

/** The address if it is safe to put in a link or an image (no javascript:, data: or control characters), else undefined. */
export function safeHref(url: string | null | undefined): string | undefined {
  if (typeof url !== "string") return undefined;
  const trimmed = url.trim();
  // Control characters and whitespace inside a scheme are how filters get fooled ("java\tscript:").
  if (trimmed === "" || /\p{Cc}/u.test(trimmed)) return undefined;
  const scheme = /^([a-z][a-z0-9+.-]*:)/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme && !SAFE_SCHEMES.has(scheme)) return undefined;
  return trimmed;
}

/** The notion.so address of a Notion object (for links to what a snapshot did not capture). */
export function notionUrl(id: string): string {
  return `https://www.notion.so/${id.replace(/-/g, "")}`;
}

/** The Notion id a link points at when it is a Notion page link ("/<id>", notion.so or notion.site URLs). */
export function notionLinkId(url: string): string | undefined {
  let path: string;
  if (url.startsWith("/")) path = url;
  else {
    try {
      const u = new URL(url);
      if (!/(^|\.)notion\.(so|site)$/i.test(u.hostname)) return undefined;
      path = u.pathname;
    } catch {
      return undefined;
    }
  }
  return normaliseNotionId(path.split(/[?#]/)[0] ?? "");
}

/**
 * Where a link in Notion text should point: a captured page's local address when it names one, else the
 * address itself if safe. An empty local address (links by title only) gives undefined: no link.
 */
export function resolveHref(url: string | null | undefined, ctx: RenderContext): string | undefined {
  if (!url) return undefined;
  const id = notionLinkId(url);
  const target = id ? ctx.link(id) : undefined;
  if (target) return target.href || undefined;
  return safeHref(url);
}
