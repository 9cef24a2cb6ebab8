// The demo's walk through an emulated workspace with the official SDK, until `nvault backup` exists.
import { Client, collectPaginatedAPI, isFullBlock, isFullPage } from "@notionhq/client";

/** What the tour saw: one line per page or database, and totals. */
export interface TourReport {
  bot: string;
  lines: string[];
  pages: number;
  blocks: number;
  databases: number;
  rows: number;
}

/** Walks every shared page's block tree, database and rows through the API at `baseUrl`. */
export async function tour(baseUrl: string, token: string): Promise<TourReport> {
  const client = new Client({ auth: token, baseUrl });
  const me = await client.users.me({});
  const report: TourReport = { bot: me.name ?? me.id, lines: [], pages: 0, blocks: 0, databases: 0, rows: 0 };
  const found = await collectPaginatedAPI(client.search, { filter: { property: "object", value: "page" } });
  const roots = found.filter((p) => isFullPage(p) && p.parent.type === "workspace" && !p.in_trash) as Array<{
    id: string;
  }>;
  const walk = async (blockId: string, depth: number): Promise<void> => {
    const children = await collectPaginatedAPI(client.blocks.children.list, { block_id: blockId });
    for (const b of children) {
      if (!isFullBlock(b)) continue;
      report.blocks++;
      const indent = "  ".repeat(depth);
      if (b.type === "child_page") {
        report.pages++;
        report.lines.push(`${indent}📄 ${b.child_page.title}`);
        await walk(b.id, depth + 1);
      } else if (b.type === "child_database") {
        report.databases++;
        const db = await client.databases.retrieve({ database_id: b.id });
        for (const ds of "data_sources" in db ? db.data_sources : []) {
          const rows = await collectPaginatedAPI(client.dataSources.query, { data_source_id: ds.id });
          report.rows += rows.length;
          report.lines.push(`${indent}🗃  ${b.child_database.title} / ${ds.name}: ${rows.length} rows`);
        }
      } else if (b.has_children && b.type !== "synced_block") {
        await walk(b.id, depth);
      }
    }
  };
  for (const root of roots) {
    const page = await client.pages.retrieve({ page_id: root.id });
    const title = isFullPage(page)
      ? Object.values(page.properties)
          .flatMap((p) => (p.type === "title" ? p.title.map((t) => t.plain_text) : []))
          .join("")
      : root.id;
    report.pages++;
    report.lines.push(`📄 ${title}`);
    await walk(root.id, 1);
  }
  return report;
}
