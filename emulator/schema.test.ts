// Unit tests of schema building and updating: ids, options, status groups, relations, rollups, renames.
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildSchema, type SchemaContext, updateSchema } from "./schema.ts";
import { Workspace } from "./workspace.ts";

function context(ws = new Workspace()): SchemaContext {
  return { ws, dataSourceId: "ds-self", databaseId: "db-self", title: "Self", canSee: () => true };
}

test("buildSchema assigns ids, option ids and colors, and status groups", () => {
  const schema = buildSchema(
    {
      Name: { title: {} },
      Kind: { select: { options: [{ name: "A", color: "red" }, { name: "B" }] } },
      State: { status: {} },
      N: { number: {} },
    },
    context(),
    "body.properties",
  );
  assert.equal(schema.Name!.id, "title");
  assert.notEqual(schema.Kind!.id, schema.N!.id);
  assert.deepEqual(
    schema.Kind!.select.options.map((o: any) => [o.name, o.color, o.description]),
    [
      ["A", "red", null],
      ["B", "default", null],
    ],
  );
  assert.equal(schema.N!.number.format, "number");
  const { options, groups } = schema.State!.status;
  assert.deepEqual(
    options.map((o: any) => o.name),
    ["Not started", "In progress", "Done"],
  );
  assert.deepEqual(
    groups.flatMap((g: any) => g.option_ids),
    options.map((o: any) => o.id),
  );
});

test("buildSchema defaults to a Name title and rejects zero or two titles and unknown types", () => {
  assert.deepEqual(Object.keys(buildSchema(undefined, context(), "p")), ["Name"]);
  assert.throws(() => buildSchema({ A: { rich_text: {} } }, context(), "p"), /exactly one title/);
  assert.throws(
    () => buildSchema({ A: { title: {} }, B: { title: {} } }, context(), "p"),
    /exactly one title/,
  );
  assert.throws(() => buildSchema({ A: { title: {} }, B: { sparkle: {} } }, context(), "p"), /property type/);
});

test("self relations and rollups resolve ids; rollups may precede their relation in the request", () => {
  const schema = buildSchema(
    {
      Total: { rollup: { relation_property_name: "Parent", rollup_property_name: "N", function: "sum" } },
      Name: { title: {} },
      N: { number: {} },
      Parent: { relation: { data_source_id: "ds-self", single_property: {} } },
    },
    context(),
    "p",
  );
  assert.deepEqual(schema.Parent!.relation, {
    database_id: "db-self",
    data_source_id: "ds-self",
    type: "single_property",
    single_property: {},
  });
  assert.equal(schema.Total!.rollup.relation_property_id, decodeURIComponent(schema.Parent!.id));
  assert.equal(schema.Total!.rollup.function, "sum");
});

test("a relation to an unshared data source is rejected", () => {
  const ws = new Workspace();
  ws.dataSources.set("00000000-0000-4000-8000-0000000000d5", {
    id: "00000000-0000-4000-8000-0000000000d5",
    parent: { type: "database_id", database_id: "x" },
    properties: {},
  });
  const ctx = { ...context(ws), canSee: () => false };
  assert.throws(
    () =>
      buildSchema(
        { Name: { title: {} }, R: { relation: { data_source_id: "00000000000040008000-0000000000d5" } } },
        ctx,
        "p",
      ),
    /shared with your integration/,
  );
});

test("updateSchema renames, removes, retypes and keeps option ids; the title stays a title", () => {
  const ctx = context();
  const schema = buildSchema(
    { Name: { title: {} }, Kind: { select: { options: [{ name: "A" }] } }, Old: { url: {} } },
    ctx,
    "p",
  );
  const optionId = schema.Kind!.select.options[0].id;
  const kindId = schema.Kind!.id;
  const changes = updateSchema(
    schema,
    {
      Kind: { name: "Category", select: { options: [{ name: "A" }, { name: "B", color: "blue" }] } },
      Old: null,
      New: { email: {} },
    },
    ctx,
    "p",
  );
  assert.deepEqual(changes, { renamed: [["Kind", "Category"]], removed: ["Old"] });
  assert.equal(schema.Category!.id, kindId);
  assert.equal(schema.Category!.select.options[0].id, optionId);
  assert.equal(schema.New!.type, "email");
  assert.equal(schema.Old, undefined);
  assert.throws(() => updateSchema(schema, { Name: { number: {} } }, ctx, "p"), /title/);
  assert.throws(() => updateSchema(schema, { Name: null }, ctx, "p"), /title/);
  assert.throws(() => updateSchema(schema, { Ghost: { name: "x" } }, ctx, "p"), /Could not find property/);
});
