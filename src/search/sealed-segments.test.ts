import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { randomKey } from "../store/crypto.ts";
import { readSegmentFile, writeSegmentFile } from "./sealed-segments.ts";

test("segments are sealed, written owner-only, and any damage or a wrong key is detected", async () => {
  const dir = await mkdtemp(join(tmpdir(), "nvault-segments-"));
  try {
    const path = join(dir, "sub", "index.nvs");
    const key = randomKey();
    const secret = Buffer.from("plaintext-marker ".repeat(50));
    const size = await writeSegmentFile(path, key, [
      { name: "a", plaintext: secret },
      { name: "b", plaintext: Buffer.from("second") },
    ]);
    const bytes = await readFile(path);
    assert.equal(bytes.length, size);
    assert.ok(!bytes.toString("latin1").includes("plaintext-marker"));
    assert.equal((await stat(path)).mode & 0o777, 0o600);

    const reader = (await readSegmentFile(path, key))!;
    assert.deepEqual(reader.names(), ["a", "b"]);
    assert.deepEqual(Buffer.from(reader.get("a")), secret);

    // A rewrite may pass a segment on still sealed.
    await writeSegmentFile(path, key, [{ name: "a", sealed: reader.sealed("a") }]);
    assert.deepEqual(Buffer.from((await readSegmentFile(path, key))!.get("a")), secret);

    assert.equal(await readSegmentFile(join(dir, "missing"), key), undefined);
    await assert.rejects(readSegmentFile(path, randomKey()), /authentication/);
    const damaged = await readFile(path);
    damaged[damaged.length - 1]! ^= 1;
    await writeFile(path, damaged);
    await assert.rejects(readSegmentFile(path, key), /damaged/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
