// Unit tests of hosted-file URLs: signing, rendering without mutation, and mapping URLs back.
import assert from "node:assert/strict";
import { test } from "node:test";
import { FileSigner, fileIdFromUrl, renderHostedFiles, resolveFileInput } from "./files.ts";
import { Workspace } from "./workspace.ts";

const BASE = "http://127.0.0.1:1234";

test("signatures bind the file id and the expiry", () => {
  const s = new FileSigner();
  const url = new URL(s.url(BASE, { id: "f1", name: "a b.png" }, 5000));
  assert.equal(url.pathname, "/files/f1/a%20b.png");
  const sig = url.searchParams.get("sig")!;
  assert.equal(s.verify("f1", 5000, sig), true);
  assert.equal(s.verify("f1", 5001, sig), false);
  assert.equal(s.verify("f2", 5000, sig), false);
  assert.equal(new FileSigner().verify("f1", 5000, sig), false);
});

test("rendering replaces every stored file reference and leaves the input untouched", () => {
  const ws = new Workspace();
  ws.files.set("f1", { id: "f1", name: "x.pdf", contentType: "application/pdf", bytes: Buffer.from("x") });
  const stored = {
    icon: { type: "file", file: { file_id: "f1" } },
    nested: [{ name: "x.pdf", type: "file", file: { file_id: "f1" } }],
    other: { type: "external", external: { url: "https://example.com" } },
  };
  const before = structuredClone(stored);
  const out = renderHostedFiles(stored, {
    ws,
    signer: new FileSigner(),
    baseUrl: BASE,
    ttlMs: 1000,
    now: 0,
  }) as any;
  assert.deepEqual(stored, before);
  assert.equal(out.icon.file.expiry_time, "1970-01-01T00:00:01.000Z");
  assert.match(
    out.icon.file.url,
    /^http:\/\/127\.0\.0\.1:1234\/files\/f1\/x\.pdf\?expires=1000&sig=[0-9a-f]{64}$/,
  );
  assert.equal(out.nested[0].name, "x.pdf");
  assert.equal(out.nested[0].file.file_id, undefined);
  assert.deepEqual(out.other, stored.other);
});

test("a hosted URL sent back in a request maps to its stored file", () => {
  const ws = Workspace.fromData({});
  ws.files.set("f1", { id: "f1", name: "x.pdf", contentType: "application/pdf", bytes: Buffer.from("x") });
  const url = new FileSigner().url(BASE, { id: "f1", name: "x.pdf" }, 1);
  assert.equal(fileIdFromUrl(url, BASE), "f1");
  assert.equal(fileIdFromUrl("https://example.com/files/f1/x", BASE), undefined);
  const integration = [...ws.integrations.values()][0]!;
  const ctx = { ws, integration, baseUrl: BASE };
  assert.deepEqual(resolveFileInput({ type: "file", file: { url, expiry_time: "x" }, caption: [] }, ctx), {
    caption: [],
    type: "file",
    file: { file_id: "f1" },
  });
});
