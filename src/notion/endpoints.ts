// The Notion endpoints notion-vault uses: their SDK signatures and whether replaying one is harmless.
import type { Client } from "@notionhq/client";

/** The SDK methods behind each endpoint name (the names the emulator's request log uses). */
export interface NotionEndpoints {
  search: Client["search"];
  "pages.retrieve": Client["pages"]["retrieve"];
  "pages.create": Client["pages"]["create"];
  "pages.update": Client["pages"]["update"];
  "pages.move": Client["pages"]["move"];
  "pages.properties.retrieve": Client["pages"]["properties"]["retrieve"];
  "blocks.retrieve": Client["blocks"]["retrieve"];
  "blocks.update": Client["blocks"]["update"];
  "blocks.delete": Client["blocks"]["delete"];
  "blocks.children.list": Client["blocks"]["children"]["list"];
  "blocks.children.append": Client["blocks"]["children"]["append"];
  "databases.retrieve": Client["databases"]["retrieve"];
  "databases.create": Client["databases"]["create"];
  "databases.update": Client["databases"]["update"];
  "dataSources.retrieve": Client["dataSources"]["retrieve"];
  "dataSources.query": Client["dataSources"]["query"];
  "dataSources.create": Client["dataSources"]["create"];
  "dataSources.update": Client["dataSources"]["update"];
  "dataSources.listTemplates": Client["dataSources"]["listTemplates"];
  "views.list": Client["views"]["list"];
  "views.retrieve": Client["views"]["retrieve"];
  "users.list": Client["users"]["list"];
  "users.retrieve": Client["users"]["retrieve"];
  "users.me": Client["users"]["me"];
  "comments.list": Client["comments"]["list"];
  "comments.create": Client["comments"]["create"];
  "fileUploads.create": Client["fileUploads"]["create"];
  "fileUploads.send": Client["fileUploads"]["send"];
  "fileUploads.complete": Client["fileUploads"]["complete"];
  "fileUploads.retrieve": Client["fileUploads"]["retrieve"];
}

/** An endpoint name, e.g. "blocks.children.list". */
export type EndpointName = keyof NotionEndpoints;
/** The SDK's parameters of an endpoint. */
export type EndpointArgs<K extends EndpointName> = Parameters<NotionEndpoints[K]>[0];
/** The SDK's response of an endpoint. */
export type EndpointResult<K extends EndpointName> = Awaited<ReturnType<NotionEndpoints[K]>>;

/**
 * How an endpoint behaves when sent twice. "read" and "set" (PATCH/DELETE/move to a given state)
 * give the same result when replayed, so any transient failure is retried. "add" creates
 * something each time it is applied (a page, a block, a comment, an upload step), so after a
 * failure that may have reached Notion (5xx, dropped connection, timeout) it is not replayed:
 * the error is marked `ambiguous` and the caller (restore's journal) decides.
 */
export type ReplayKind = "read" | "set" | "add";

/** Replay behaviour of every endpoint. */
export const ENDPOINTS: Readonly<Record<EndpointName, ReplayKind>> = {
  search: "read",
  "pages.retrieve": "read",
  "pages.create": "add",
  "pages.update": "set",
  "pages.move": "set",
  "pages.properties.retrieve": "read",
  "blocks.retrieve": "read",
  "blocks.update": "set",
  "blocks.delete": "set",
  "blocks.children.list": "read",
  "blocks.children.append": "add",
  "databases.retrieve": "read",
  "databases.create": "add",
  "databases.update": "set",
  "dataSources.retrieve": "read",
  "dataSources.query": "read",
  "dataSources.create": "add",
  "dataSources.update": "set",
  "dataSources.listTemplates": "read",
  "views.list": "read",
  "views.retrieve": "read",
  "users.list": "read",
  "users.retrieve": "read",
  "users.me": "read",
  "comments.list": "read",
  "comments.create": "add",
  "fileUploads.create": "add",
  "fileUploads.send": "add",
  "fileUploads.complete": "add",
  "fileUploads.retrieve": "read",
};

/** The SDK function of an endpoint, found by walking the dotted name on the client. */
export function sdkMethod<K extends EndpointName>(sdk: Client, name: K): NotionEndpoints[K] {
  let node: unknown = sdk;
  for (const part of name.split(".")) node = (node as Record<string, unknown>)[part];
  if (typeof node !== "function") throw new TypeError(`@notionhq/client has no method ${name}`);
  return node as NotionEndpoints[K];
}
