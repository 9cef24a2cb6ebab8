// Conformance: replays the recorded Notion traffic against the emulator and compares statuses, codes and shapes.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { generateWorkspace } from "../../emulator/generator/index.ts";
import { startEmulator, type TestEmulator } from "../helpers/emulator.ts";
import { Api } from "./api.ts";
import { FIXTURES_DIR, type Interaction, readAllScenarios } from "./fixtures.ts";
import { GeneratedIndex } from "./generated.ts";
import { KNOWN_MISMATCHES } from "./known-mismatches.ts";
import { type Outcome, printSummary } from "./report.ts";
import { IdMap } from "./resolve.ts";
import { isEmulatedVersionAnswer, skipReason } from "./scope.ts";
import { Seeder } from "./seed.ts";
import { compareShapes, formatDifferences, kindCoverage, mergeSignatures } from "./shape.ts";
import { Unresolvable } from "./unresolvable.ts";

const scenarios = readAllScenarios();
const outcomes: Outcome[] = [];
/** Every recorded answer's shape, merged: an extra key is fine when some real answer has it. */
const elsewhere = mergeSignatures(
  scenarios.flatMap((s) => s.interactions.filter(isEmulatedVersionAnswer).map((i) => i.response.body)),
);

/** Headers of the recording that are about the recording's transport, not the request. */
const TRANSPORT_HEADERS = new Set([
  "host",
  "content-length",
  "content-type",
  "accept-encoding",
  "connection",
  "user-agent",
  "accept",
]);

const CONTENT_TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  gif: "image/gif",
  mp4: "video/mp4",
  mov: "video/quicktime",
  pdf: "application/pdf",
  txt: "text/plain",
};

if (scenarios.length === 0) {
  test("conformance with recorded Notion traffic", { skip: `recordings absent (${FIXTURES_DIR})` }, () => {});
} else {
  let emu: TestEmulator;
  let api: Api;
  let seeder: Seeder;
  let botId: string;
  let generated: GeneratedIndex;
  let files: Server;

  before(async () => {
    // The generator's own workspace: reads are checked against generated objects where it has them.
    emu = await startEmulator({ workspace: generateWorkspace({ seed: 7, unsupported: true }) });
    api = new Api(emu.url, emu.token);
    generated = new GeneratedIndex(emu.ws);
    const root = generated.root();
    assert.ok(root, "the generated workspace has a shared top-level page");
    botId = (await api.ok("GET", "/v1/users/me")).id;
    // External files the emulator imports come from loopback, as every test's network does.
    files = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/pdf" }).end(Buffer.alloc(1024, 1));
    });
    await new Promise<void>((resolve) => files.listen(0, "127.0.0.1", resolve));
    const filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
    seeder = new Seeder(api, root, generated.person(), filesUrl);
  });

  after(async () => {
    printSummary(outcomes);
    await emu?.close();
    await new Promise((resolve) => files?.close(resolve));
  });

  for (const scenario of scenarios) {
    test(`${scenario.set}/${scenario.name}`, async (t) => {
      const ids = new IdMap(seeder, generated, botId);
      for (const it of scenario.interactions) {
        const label = `${it.request.method} ${it.request.path} -> ${it.response.status} (${it.label})`;
        const known = KNOWN_MISMATCHES[it.label];
        await t.test(label, known ? { todo: known } : {}, async (st) => {
          const outcome = await replay(it, ids);
          outcomes.push({ label: it.label, ...outcome, ...(known ? { known } : {}) });
          if (outcome.result === "skipped") {
            st.skip(outcome.reason);
            return;
          }
          assert.equal(outcome.result, "matched", outcome.reason);
        });
      }
    });
  }

  test("every recorded interaction was replayed or skipped with a stated reason", () => {
    const total = scenarios.reduce((n, s) => n + s.interactions.length, 0);
    assert.equal(outcomes.length, total);
    for (const o of outcomes)
      if (o.result === "skipped") assert.ok(o.reason, `${o.label} states why it was skipped`);
    assert.ok(
      outcomes.some((o) => o.result === "matched"),
      "some recorded answers were matched",
    );
  });

  /** Replays one interaction and says whether the emulator's answer matches the recorded one. */
  async function replay(it: Interaction, ids: IdMap): Promise<Omit<Outcome, "label">> {
    const skip = skipReason(it);
    if (skip) return { result: "skipped", reason: skip };
    let req: Interaction["request"];
    try {
      req = await ids.rewrite(it);
    } catch (err) {
      if (err instanceof Unresolvable) return { result: "skipped", reason: `cannot seed: ${err.message}` };
      throw err;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (!TRANSPORT_HEADERS.has(k)) headers[k] = v;
    const recorded = it.response.body as any;
    const unauthorized = it.response.status === 401 && recorded?.code === "unauthorized";
    const answer = await api.call(req.method, req.path, {
      query: req.query,
      headers,
      ...(req.body !== undefined ? { body: req.body } : {}),
      ...(req.form ? { form: req.form.map((f) => formPart(f, req.form!)) } : {}),
      ...(unauthorized ? { token: "ntn_not_a_valid_token_for_conformance" } : {}),
    });
    if (answer.status !== it.response.status) {
      const why = answer.body?.message ? `: ${answer.body.code} ${answer.body.message}` : "";
      return { result: "mismatch", reason: `status ${answer.status}, recorded ${it.response.status}${why}` };
    }
    if (recorded?.object === "error") {
      if (answer.body?.code !== recorded.code) {
        return { result: "mismatch", reason: `error code ${answer.body?.code}, recorded ${recorded.code}` };
      }
      const shape = compareShapes(recorded, answer.body, { elsewhere });
      if (shape.length) return { result: "mismatch", reason: formatDifferences(shape) };
      return { result: "matched" };
    }
    ids.learn(recorded, answer.body);
    const coverage = kindCoverage(recorded, answer.body);
    const diffs = compareShapes(recorded, answer.body, { elsewhere });
    if (diffs.length) return { result: "mismatch", reason: formatDifferences(diffs), coverage };
    return { result: "matched", coverage };
  }
}

type FormField = NonNullable<Interaction["request"]["form"]>[number];

/**
 * A recorded form part with bytes to send: curl's `@file` parts name a file that is not in the
 * recordings. A numbered part of a multi-part upload gets Notion's 5 MiB minimum part size (only
 * the last part may be smaller, and the recordings do not say which part is last).
 */
function formPart(f: FormField, all: readonly FormField[]) {
  if (f.filename === undefined || f.content !== "") return f;
  const ext = f.filename.split(".").pop()?.toLowerCase() ?? "";
  const size = all.some((p) => p.name === "part_number") ? 5 * 1024 * 1024 : 256;
  return {
    ...f,
    contentType: f.contentType ?? CONTENT_TYPES[ext] ?? "application/octet-stream",
    content: new Uint8Array(size).fill(1),
  };
}
