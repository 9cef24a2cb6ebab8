import assert from "node:assert/strict";
import { test } from "node:test";
import { NotionError } from "./errors.ts";
import { applyProperties, PAGE_SCHEMA } from "./properties.ts";
import { Workspace } from "./workspace.ts";

const schema = () => ({
  Name: { id: "title", name: "Name", type: "title", title: {} },
  Done: { id: "d", name: "Done", type: "checkbox", checkbox: {} },
  Mail: { id: "m%40", name: "Mail", type: "email", email: {} },
  State: {
    id: "s",
    name: "State",
    type: "status",
    status: { options: [{ id: "o1", name: "Todo", color: "red" }] },
  },
  Kind: { id: "k", name: "Kind", type: "select", select: { options: [] } },
  Id: { id: "u", name: "Id", type: "unique_id", unique_id: { prefix: "T" } },
  Sum: { id: "r", name: "Sum", type: "rollup", rollup: { function: "sum" } },
});

function ctx() {
  const ws = new Workspace();
  const integration = ws.addIntegration("tok", []);
  return { ws, integration, baseUrl: "http://127.0.0.1:1" };
}

function fails(fn: () => void, pattern: RegExp): void {
  assert.throws(
    fn,
    (err: unknown) =>
      err instanceof NotionError && err.code === "validation_error" && pattern.test(err.message),
  );
}

test("a new row gets every schema property, defaults included", () => {
  const props = applyProperties(
    { Name: [{ text: { content: "Row" } }], "m@": { email: "a@e.com" } },
    schema(),
    ctx(),
    undefined,
    7,
  );
  assert.equal(props.Name!.title[0].plain_text, "Row");
  assert.equal(props.Mail!.email, "a@e.com");
  assert.equal(props.Done!.checkbox, false);
  assert.deepEqual(props.State!.status, { id: "o1", name: "Todo", color: "red" });
  assert.deepEqual(props.Id!.unique_id, { prefix: "T", number: 7 });
});

test("updates are partial; unknown names, wrong types and read-only types are rejected", () => {
  const c = ctx();
  const s = schema();
  const first = applyProperties({ Done: { checkbox: true } }, s, c);
  const next = applyProperties({ Kind: { select: { name: "Bug" } } }, s, c, first);
  assert.equal(next.Done!.checkbox, true);
  assert.equal(next.Kind!.select.name, "Bug");
  assert.equal(s.Kind.select.options.length, 1, "a select option named for the first time is added");
  fails(() => applyProperties({ Nope: { checkbox: true } }, s, c), /Nope is not a property that exists/);
  fails(() => applyProperties({ Done: { number: 1 } }, s, c), /Done is expected to be checkbox/);
  fails(() => applyProperties({ Sum: { rollup: {} } }, s, c), /Sum is a rollup property/);
  fails(() => applyProperties({ State: { status: { name: "Missing" } } }, s, c), /does not exist/);
  fails(() => applyProperties({ Mail: { email: "a".repeat(201) } }, s, c), /length should be ≤ `200`/);
});

test("pages under a page take only a title", () => {
  const props = applyProperties({ title: { title: [{ text: { content: "Doc" } }] } }, PAGE_SCHEMA, ctx());
  assert.deepEqual(Object.keys(props), ["title"]);
  fails(
    () => applyProperties({ Status: { checkbox: true } }, PAGE_SCHEMA, ctx()),
    /Status is not a property that exists/,
  );
});
