// A NotionClient that sends nothing: it answers a restore's writes with made-up ids and counts them, for --dry-run.
import { randomUUID } from "node:crypto";
import type { NotionClient } from "../client.ts";
import { RequestStats } from "../request-stats.ts";

type Json = Record<string, any>;

/**
 * Answers creates with new ids and remembers the children it was sent, so that reading them back
 * (blocks.children.list) works; every call is counted as the real one would be. The restore runs
 * unchanged on it, so the plan's request count is the count of the real run (without retries).
 */
export function dryRunClient(baseUrl = "dry-run"): NotionClient {
  const stats = new RequestStats();
  const children = new Map<string, Json[]>();
  const store = (parent: string, blocks: Json[]): Json[] => {
    const made = blocks.map((b) => {
      const id = randomUUID();
      const type = String(b.type);
      const nested = b[type]?.children as Json[] | undefined;
      if (nested) store(id, nested);
      return { object: "block", id, type, has_children: Boolean(nested?.length) };
    });
    children.set(parent, [...(children.get(parent) ?? []), ...made]);
    return made;
  };
  const answer = (name: string, args: Json): unknown => {
    switch (name) {
      case "users.me":
        return { object: "user", id: randomUUID(), type: "bot", bot: {} };
      case "pages.create":
      case "pages.retrieve":
      case "pages.update": {
        const id = args.page_id ?? randomUUID();
        if (args.children) store(id, args.children);
        return { object: "page", id, properties: {} };
      }
      case "databases.create":
        return { object: "database", id: randomUUID(), data_sources: [{ id: randomUUID(), name: "" }] };
      case "databases.retrieve":
        return { object: "database", id: args.database_id, data_sources: [] };
      case "dataSources.create":
      case "dataSources.update":
        return { object: "data_source", id: args.data_source_id ?? randomUUID(), properties: {} };
      case "blocks.children.append":
        return { object: "list", results: store(args.block_id, args.children ?? []), has_more: false };
      case "blocks.children.list":
        return {
          object: "list",
          results: children.get(args.block_id) ?? [],
          has_more: false,
          next_cursor: null,
        };
      case "blocks.update":
        return { object: "block", id: args.block_id };
      case "comments.create":
        return { object: "comment", id: randomUUID(), discussion_id: args.discussion_id ?? randomUUID() };
      case "fileUploads.create":
      case "fileUploads.send":
      case "fileUploads.complete":
      case "fileUploads.retrieve":
        return { object: "file_upload", id: args.file_upload_id ?? randomUUID(), status: "uploaded" };
      default:
        return { object: "list", results: [], has_more: false, next_cursor: null };
    }
  };
  return {
    baseUrl,
    async call(name, args) {
      stats.request(name);
      return answer(name, args as Json) as never;
    },
    async downloadFile() {
      return new Uint8Array();
    },
    stats: () => stats.snapshot(),
  };
}
