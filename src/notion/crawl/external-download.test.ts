// External downloads refuse private destinations before any connection, by literal address or by resolution.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, test } from "node:test";
import { downloadExternal, ExternalRefusedError } from "./external-download.ts";

test("loopback, localhost and non-http URLs are refused without a request", async () => {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.end("x");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  after(() => server.close());
  const port = (server.address() as AddressInfo).port;
  for (const url of [
    `http://127.0.0.1:${port}/a`,
    `http://localhost:${port}/a`,
    `http://[::1]:${port}/a`,
    `http://169.254.169.254/latest/meta-data`,
    "file:///etc/passwd",
  ]) {
    await assert.rejects(downloadExternal(url, { maxBytes: 1000 }), ExternalRefusedError, url);
  }
  assert.equal(hits, 0);
});
