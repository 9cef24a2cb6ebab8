// Data source templates: pages kept apart from the rows, listed by dataSources.listTemplates.
//
// A workspace declares them on the data source object as `templates: [{id, name, is_default}]`
// (each id a page of ws.pages holding the template's content). That field is the emulator's own:
// it is stripped from every data source it answers, and template pages never show up as rows.
import type { NotionObject } from "./workspace.ts";

/** One template as listTemplates answers it. */
export interface TemplateRef {
  id: string;
  name: string;
  is_default: boolean;
}

/** The templates declared on a data source, in their stored order. */
export function templatesOf(dataSource: NotionObject): TemplateRef[] {
  const list = dataSource.templates;
  if (!Array.isArray(list)) return [];
  return list.map((t: NotionObject) => ({ id: t.id, name: t.name ?? "", is_default: t.is_default === true }));
}

/** Ids of the template pages of a data source, which queries leave out. */
export function templateIds(dataSource: NotionObject): Set<string> {
  return new Set(templatesOf(dataSource).map((t) => t.id));
}

/** A data source as the API answers it: a copy without the emulator's `templates` field. */
export function publicDataSource(dataSource: NotionObject): NotionObject {
  const { templates: _templates, ...rest } = dataSource;
  return rest;
}
