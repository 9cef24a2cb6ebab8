// Unit tests of the endpoint table: every name maps to a real SDK method, and replay kinds follow HTTP semantics.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Client } from "@notionhq/client";
import { ENDPOINTS, type EndpointName, sdkMethod } from "./endpoints.ts";

test("every endpoint name resolves to a method of @notionhq/client", () => {
  const sdk = new Client({ auth: "unused" });
  for (const name of Object.keys(ENDPOINTS) as EndpointName[]) {
    assert.equal(typeof sdkMethod(sdk, name), "function", name);
  }
  assert.throws(() => sdkMethod(sdk, "pages.nothing" as EndpointName), /no method pages\.nothing/);
});

test("creating endpoints are never replayed blindly; reads and state-setting writes are", () => {
  const adds = Object.entries(ENDPOINTS)
    .filter(([, kind]) => kind === "add")
    .map(([name]) => name)
    .sort();
  assert.deepEqual(adds, [
    "blocks.children.append",
    "comments.create",
    "dataSources.create",
    "databases.create",
    "fileUploads.complete",
    "fileUploads.create",
    "fileUploads.send",
    "pages.create",
  ]);
  assert.equal(ENDPOINTS["blocks.children.list"], "read");
  assert.equal(ENDPOINTS["pages.update"], "set");
});
