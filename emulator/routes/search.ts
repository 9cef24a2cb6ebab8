// Search: pages and data sources shared with the integration, by title, as POST /v1/search does.
import { validationError } from "../errors.ts";
import { paginate } from "../pagination.ts";
import { renderPage } from "../render-page.ts";
import type { RequestContext, Route } from "../router.ts";
import type { NotionObject } from "../workspace.ts";
import { renderDataSource } from "./data-sources.ts";

/** The plain text of a page's title property or a data source's title. */
export function titleOf(obj: NotionObject): string {
  const props: NotionObject[] = Object.values(obj.properties ?? {});
  const rich: unknown = obj.object === "page" ? props.find((p) => p?.type === "title")?.title : obj.title;
  if (!Array.isArray(rich)) return "";
  return rich.map((r: NotionObject) => r?.plain_text ?? r?.text?.content ?? "").join("");
}

function search(ctx: RequestContext): unknown {
  const { body, ws, integration } = ctx;
  const filter = body.filter as NotionObject | undefined;
  const kind = filter?.value;
  if (filter && "value" in filter && kind !== "page" && kind !== "data_source") {
    throw validationError(
      `body failed validation: body.filter.value should be \`"page"\` or \`"data_source"\`, instead was \`${JSON.stringify(kind)}\`.`,
    );
  }
  if (filter && "property" in filter && filter.property !== "object") {
    throw validationError(
      `body failed validation: body.filter.property should be \`"object"\`, instead was \`${JSON.stringify(filter.property)}\`.`,
    );
  }
  const sort = body.sort as NotionObject | undefined;
  if (sort && sort.property !== "relevance") {
    if (sort.timestamp !== "last_edited_time") {
      throw validationError(
        `body failed validation: body.sort.timestamp should be \`"last_edited_time"\`, instead was \`${JSON.stringify(sort.timestamp)}\`.`,
      );
    }
    if (sort.direction !== "ascending" && sort.direction !== "descending") {
      throw validationError(
        `body failed validation: body.sort.direction should be \`"ascending"\` or \`"descending"\`, instead was \`${JSON.stringify(sort.direction)}\`.`,
      );
    }
  }
  if (body.query !== undefined && typeof body.query !== "string") {
    throw validationError(
      `body failed validation: body.query should be a string, instead was \`${JSON.stringify(body.query)}\`.`,
    );
  }
  const query = (body.query ?? "").trim().toLowerCase();
  const inTrash = filter?.in_trash === true;

  const candidates: NotionObject[] = [];
  if (kind !== "data_source") candidates.push(...ws.pages.values());
  if (kind !== "page") candidates.push(...ws.dataSources.values());
  const memo = new Map<string, boolean>();
  const matches: Array<{ o: NotionObject; time: string; id: string }> = [];
  for (const o of candidates) {
    if ((o.in_trash === true) !== inTrash || !ws.isVisible(o.id, integration, memo)) continue;
    if (query !== "" && !titleOf(o).toLowerCase().includes(query)) continue;
    matches.push({ o, time: String(o.last_edited_time ?? ""), id: String(o.id) });
  }
  // Relevance has no meaning here; the most recently edited first, as Notion's default tends to be.
  // ISO timestamps and ids are ASCII: code-unit order is their order, and far cheaper than localeCompare.
  const direction = sort?.direction === "ascending" ? 1 : -1;
  matches.sort((a, b) =>
    a.time !== b.time ? (a.time < b.time ? -direction : direction) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  const page = paginate(
    matches.map((m) => m.o as NotionObject & { id: string }),
    {
      startCursor: body.start_cursor,
      pageSize: body.page_size,
      type: "page_or_data_source",
    },
  );
  return {
    ...page,
    results: page.results.map((o) => (o.object === "page" ? renderPage(o, ws) : renderDataSource(o, ctx))),
  };
}

/** The routes of the search endpoint. */
export const routes: Route[] = [{ method: "POST", path: "/v1/search", name: "search", handler: search }];
