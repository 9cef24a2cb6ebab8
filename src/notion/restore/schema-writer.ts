// Data source schemas in passes: plain properties at creation, relations once their targets exist, then rollups and formulas.
import type { NotionClient } from "../client.ts";
import type { WorkspaceSnapshot } from "../snapshot-reader.ts";
import type { IdMap } from "./id-map.ts";
import type { RestoreJournal } from "./journal.ts";
import { setOnce } from "./objects.ts";
import { propertyConfig, schemaPass } from "./properties.ts";
import type { RestoreReportBuilder } from "./report.ts";

type Json = Record<string, any>;

/**
 * Writes the schemas of restored data sources and knows which columns exist in each (old data
 * source id -> property names), so rows write only those. A two-way relation is created from one
 * side; Notion makes the other side under the partner's name (marked "~name" when made by us).
 */
export class SchemaWriter {
  private readonly columns = new Map<string, Set<string>>();

  constructor(
    private readonly reader: WorkspaceSnapshot,
    private readonly client: NotionClient,
    private readonly journal: RestoreJournal,
    private readonly idMap: IdMap,
    private readonly report: RestoreReportBuilder,
    private readonly signal?: AbortSignal,
  ) {}

  /** True when rows of the data source can be given a value for this property. */
  writable(dsId: string, name: string): boolean {
    return this.columns.get(dsId)?.has(name) ?? false;
  }

  /** The properties a data source is created with (no relations, rollups or formulas yet). */
  initial(dsId: string, schema: Json): Json {
    const out: Json = {};
    const names = new Set<string>();
    for (const [name, prop] of Object.entries((schema.properties ?? {}) as Json)) {
      const pass = schemaPass(prop);
      if (pass === "skip")
        this.report.lost(
          `${dsId}/${name}`,
          "property",
          `${prop.type} properties cannot be created through the API`,
        );
      if (pass !== "initial") continue;
      out[name] = propertyConfig(prop);
      names.add(name);
    }
    this.columns.set(dsId, names);
    return out;
  }

  /** Adds relations (their targets exist now), then rollups and formulas: one update each, once. */
  async complete(dsId: string): Promise<void> {
    const newDs = this.idMap.get(dsId);
    if (!newDs) return;
    const schema = (await this.reader.dataSource(dsId, this.signal)) as Json;
    const cols = this.columns.get(dsId) ?? new Set<string>();
    this.columns.set(dsId, cols);
    const relations: Json = {};
    const computed: Json = {};
    const props = Object.entries((schema.properties ?? {}) as Json);
    for (const [name, prop] of props) {
      if (schemaPass(prop) !== "relation") continue;
      const target: string = prop.relation?.data_source_id;
      const partner = prop.relation?.dual_property?.synced_property_name as string | undefined;
      // The other side of a two-way relation is made with its partner (under the partner's name).
      if (
        prop.relation?.type === "dual_property" &&
        target !== dsId &&
        partner &&
        this.columns.get(target)?.has(`~${partner}`)
      ) {
        cols.add(name);
        continue;
      }
      const config = propertyConfig(prop, (old) => this.idMap.get(old));
      if (!config) {
        this.report.lost(`${dsId}/${name}`, "property", "relation to a data source outside the restore");
        continue;
      }
      relations[name] = config;
      cols.add(name);
      cols.add(`~${name}`);
    }
    for (const type of ["rollup", "formula"]) {
      for (const [name, prop] of props) {
        if (prop.type !== type) continue;
        if (type === "rollup" && !cols.has(prop.rollup?.relation_property_name)) {
          this.report.lost(`${dsId}/${name}`, "property", "rollup over a relation that was not restored");
          continue;
        }
        computed[name] = propertyConfig(prop);
      }
    }
    const update = (properties: Json) => () =>
      this.client.call("dataSources.update", { data_source_id: newDs, properties } as never, {
        signal: this.signal,
      });
    if (Object.keys(relations).length > 0)
      await setOnce(this.journal, `schema-relations:${dsId}`, update(relations));
    if (Object.keys(computed).length > 0)
      await setOnce(this.journal, `schema-computed:${dsId}`, update(computed));
  }
}
