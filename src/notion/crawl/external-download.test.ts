// External downloads refuse private destinations before any connection, by literal address or by resolution.
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { createServer, get, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { basename, dirname } from "node:path";
import { after, test } from "node:test";
import { FileSpool } from "../file-spool.ts";
import { downloadExternal, ExternalRefusedError, limited } from "./external-download.ts";

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
    await assert.rejects(
      downloadExternal(url, new FileSpool(), { maxBytes: 1000 }),
      ExternalRefusedError,
      url,
    );
  }
  assert.equal(hits, 0);
});

// Downloads themselves can only be refused here (loopback is private); the body path is the same
// function, exercised on a real HTTP response of a loopback server.
test("a body is spooled to an owner-only temp file past the memory limit, and cut at maxBytes", async () => {
  const body = randomBytes(300_000);
  const server = createServer((_req, res) => {
    res.write(body.subarray(0, 100_000));
    setTimeout(() => res.end(body.subarray(100_000)), 5);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  after(() => server.close());
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/big.bin`;
  const response = () =>
    new Promise<IncomingMessage>((resolve, reject) => get(url, resolve).on("error", reject));
  const spool = new FileSpool(64 * 1024);
  after(() => spool.close());

  const file = await spool.take(limited(await response(), 1_000_000, "big.bin"));
  assert.equal(file.size, body.length);
  assert.equal(file.sha256, createHash("sha256").update(body).digest("hex"));
  assert.equal(file.bytes, undefined, "not held in memory");
  assert.ok(file.path);
  assert.deepEqual(await readFile(file.path), body);
  assert.equal((await stat(file.path)).mode & 0o777, 0o600);

  let cut: string | undefined;
  await assert.rejects(
    spool.take(
      (async function* () {
        for await (const chunk of limited(await response(), 200_000, "big.bin")) {
          cut ??= "started";
          yield chunk;
        }
      })(),
    ),
    /big\.bin is larger than 200000 bytes/,
  );
  assert.equal(cut, "started");
  assert.deepEqual(await readdir(dirname(file.path)), [basename(file.path)], "the cut download left nothing");
  await spool.close();
  assert.equal(existsSync(file.path), false, "the spool folder is removed");
});
