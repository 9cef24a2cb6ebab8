// Conformance of the workspace most tests run on (test/helpers defaultWorkspaceData): its users against recorded answers.
import assert from "node:assert/strict";
import { test } from "node:test";
import { startEmulator } from "../helpers/emulator.ts";
import { Api } from "./api.ts";
import { FIXTURES_DIR, readAllScenarios } from "./fixtures.ts";
import { isEmulatedVersionAnswer } from "./scope.ts";
import { compareShapes, formatDifferences, mergeSignatures } from "./shape.ts";

const scenarios = readAllScenarios();
const absent = scenarios.length === 0 ? `recordings absent (${FIXTURES_DIR})` : false;

// Users are the part of the default workspace that no API call creates, so only a recording can vouch for them.
for (const path of ["/v1/users/me", "/v1/users"]) {
  test(`default workspace: GET ${path} has the recorded shape`, { skip: absent }, async () => {
    const recorded = scenarios
      .flatMap((s) => s.interactions)
      .filter((i) => i.request.method === "GET" && i.request.path === path && i.response.status === 200)
      .filter(isEmulatedVersionAnswer);
    assert.ok(recorded.length > 0, `the recordings hold a GET ${path}`);
    const elsewhere = mergeSignatures(recorded.map((i) => i.response.body));
    const emu = await startEmulator();
    try {
      const answer = await new Api(emu.url, emu.token).call("GET", path);
      assert.equal(answer.status, 200);
      const diffs = recorded.flatMap((i) => compareShapes(i.response.body, answer.body, { elsewhere }));
      assert.equal(formatDifferences([...new Map(diffs.map((d) => [`${d.kind}.${d.key}`, d])).values()]), "");
    } finally {
      await emu.close();
    }
  });
}
