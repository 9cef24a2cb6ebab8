import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { access } from "node:fs/promises";
import { test } from "node:test";
import { FileSpool, spooledBytes } from "./file-spool.ts";

async function* pieces(total: number, size: number): AsyncGenerator<Uint8Array> {
  for (let sent = 0; sent < total; sent += size)
    yield new Uint8Array(Math.min(size, total - sent)).fill(sent % 251);
}

async function collect(it: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of it) parts.push(p);
  return Buffer.concat(parts);
}

test("small files stay in memory, large ones go to an owner-only temp file removed once read", async () => {
  const spool = new FileSpool(1000);
  const small = await spool.take(pieces(900, 100));
  assert.equal(small.size, 900);
  assert.ok(small.bytes && !small.path);
  const expected = await collect(pieces(5000, 300));
  const large = await spool.take(pieces(5000, 300));
  assert.equal(large.bytes, undefined);
  assert.equal(large.size, 5000);
  assert.equal(large.sha256, createHash("sha256").update(expected).digest("hex"));
  const path = large.path!;
  assert.deepEqual(await collect(spooledBytes(large)), expected);
  await assert.rejects(access(path), "deleted once read");
  await spool.close();
});

test("a download that fails half way leaves no temp file", async () => {
  const spool = new FileSpool(10);
  async function* broken(): AsyncGenerator<Uint8Array> {
    yield new Uint8Array(50);
    throw new Error("connection reset");
  }
  await assert.rejects(spool.take(broken()), /connection reset/);
  await spool.close();
});
