// Tests of the recording readers against the real recordings (skipped when they are absent).
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { FIXTURES_DIR, readAllScenarios } from "./fixtures.ts";

const absent = existsSync(FIXTURES_DIR) ? false : `recordings absent (${FIXTURES_DIR})`;

test("a missing recordings folder reads as no scenarios", () => {
  assert.deepEqual(readAllScenarios(join(FIXTURES_DIR, "no-such-folder")), []);
});

test("every recorded request is decoded with a method, a /v1 path, a version and an answer", {
  skip: absent,
}, () => {
  const scenarios = readAllScenarios();
  const interactions = scenarios.flatMap((s) => s.interactions);
  assert.ok(scenarios.some((s) => s.set === "hkob") && scenarios.some((s) => s.set === "ramnes"));
  for (const it of interactions) {
    assert.match(it.request.method, /^(GET|POST|PATCH|DELETE)$/, it.label);
    assert.equal(it.request.headers.authorization, undefined, `${it.label} keeps no credentials`);
    if (it.host !== "api.notion.com") continue;
    assert.match(it.request.path, /^\/v1\//, it.label);
    assert.match(it.request.headers["notion-version"] ?? "", /^20\d\d-\d\d-\d\d$/, it.label);
    assert.equal(typeof it.response.status, "number", it.label);
  }
  const withBody = interactions.filter((i) => i.request.body !== undefined);
  assert.ok(withBody.length > 100, "JSON bodies are parsed from curl --data and cassette bodies");
  assert.ok(
    interactions.some((i) => i.request.form?.some((f) => f.name === "file")),
    "multipart sends are decoded",
  );
});
