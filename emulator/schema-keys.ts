// Schema lookup and property ids: finding a property by name or id, minting ids the way Notion spells them.
import type { NotionObject } from "./workspace.ts";

/** A stored schema: property name -> `{id, name, description, type, [type]: config}`. */
export type Schema = Record<string, NotionObject>;

const ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789<>[]{}|;:?=@^_`~";

/** A schema property by name, by id, or by the decoded form of its id. */
export function findProperty(schema: Schema, key: string): NotionObject | undefined {
  if (schema[key]) return schema[key];
  return Object.values(schema).find((p) => p.id === key || decodeId(p.id) === key);
}

/** A short property id, URL-encoded as Notion sends them, unique within the schema. */
export function newPropertyId(schema: Schema): string {
  const taken = new Set(Object.values(schema).map((p) => p.id));
  for (;;) {
    let raw = "";
    for (let i = 0; i < 4; i++) raw += ID_CHARS[Math.floor(Math.random() * ID_CHARS.length)];
    const id = encodeURIComponent(raw);
    if (!taken.has(id) && id !== "title") return id;
  }
}

/** The decoded form of a URL-encoded property id (the id itself when it does not decode). */
export function decodeId(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
