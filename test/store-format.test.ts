// Conformance: an independent decoder written from docs/store-format.md alone reads a real store.
import assert from "node:assert/strict";
import { createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { argon2id, hash } from "argon2";
import { decompress } from "zstd-napi";
import { FsBackend } from "../src/store/backends/fs.ts";
import { chunkStream } from "../src/store/chunker.ts";
import { initRepository } from "../src/store/repository.ts";

// Everything below the store set-up uses only what the format document states.
const openSealed = (key: Buffer, b: Buffer): Buffer => {
  const d = createDecipheriv("aes-256-gcm", key, b.subarray(0, 12));
  d.setAuthTag(b.subarray(b.length - 16));
  return Buffer.concat([d.update(b.subarray(12, b.length - 16)), d.final()]);
};
const unframe = (p: Buffer): Buffer => (p[0] === 0 ? p.subarray(1) : decompress(p.subarray(1)));
const sha256 = (b: Buffer): string => createHash("sha256").update(b).digest("hex");

let root = "";
const blobs = [Buffer.from("small tree document"), Buffer.from("text ".repeat(50_000)), randomBytes(300_000)];
before(async () => {
  root = await mkdtemp(join(tmpdir(), "nvault-format-"));
  const repo = await initRepository(new FsBackend(root), "format pass", {
    kdf: { memoryKiB: 1024, iterations: 1, parallelism: 1 },
    cacheDir: false,
    chunker: { min: 2048, avg: 8192, max: 65536 },
  });
  for (const [i, b] of blobs.entries()) await repo.saveBlob(i === 0 ? "tree" : "data", b);
  await repo.close();
});
after(() => rm(root, { recursive: true, force: true }));

async function masterKeys(): Promise<{ encrypt: Buffer; mac: Buffer }> {
  for (const name of await readdir(join(root, "keys"))) {
    const raw = await readFile(join(root, "keys", name));
    assert.equal(sha256(raw), name);
    const kf = JSON.parse(raw.toString("utf8"));
    const kek = await hash("format pass", {
      type: argon2id,
      raw: true,
      salt: Buffer.from(kf.kdf.salt, "base64"),
      memoryCost: kf.kdf.memoryKiB,
      timeCost: kf.kdf.iterations,
      parallelism: kf.kdf.parallelism,
      hashLength: 32,
    });
    const keys = JSON.parse(openSealed(kek, Buffer.from(kf.keys, "base64")).toString("utf8"));
    return { encrypt: Buffer.from(keys.encrypt, "base64"), mac: Buffer.from(keys.mac, "base64") };
  }
  throw new Error("no key file");
}

test("config, index files, pack headers and blobs decode as documented", async () => {
  const { encrypt, mac } = await masterKeys();
  const config = JSON.parse(unframe(openSealed(encrypt, await readFile(join(root, "config")))).toString());
  assert.equal(config.version, 1);
  const found = new Map<string, Buffer>();
  for (const name of await readdir(join(root, "index"))) {
    const raw = await readFile(join(root, "index", name));
    assert.equal(sha256(raw), name);
    const p = unframe(openSealed(encrypt, raw));
    assert.equal(p.subarray(0, 5).toString("latin1"), "NVIX\x01");
    let pos = 5;
    pos += 4 + 32 * p.readUInt32LE(pos);
    const packs = p.readUInt32LE(pos);
    pos += 4;
    for (let i = 0; i < packs; i++) {
      const pack = p.toString("hex", pos, pos + 32);
      const count = p.readUInt32LE(pos + 32);
      pos += 36;
      const file = await readFile(join(root, "data", pack.slice(0, 2), pack));
      assert.equal(sha256(file), pack);
      const headerLength = file.readUInt32LE(file.length - 4);
      const header = openSealed(encrypt, file.subarray(file.length - 4 - headerLength, file.length - 4));
      assert.equal(header[0], 1);
      assert.equal((header.length - 1) / 46, count);
      for (let j = 0; j < count; j++, pos += 46) {
        assert.deepEqual(p.subarray(pos, pos + 46), header.subarray(1 + j * 46, 47 + j * 46));
        const [offset, length, plainLength] = [
          p.readUInt32LE(pos + 2),
          p.readUInt32LE(pos + 6),
          p.readUInt32LE(pos + 10),
        ];
        let plain = openSealed(encrypt, file.subarray(offset, offset + length));
        if (p[pos + 1] === 1) plain = decompress(plain);
        assert.equal(plain.length, plainLength);
        const id = p.toString("hex", pos + 14, pos + 46);
        assert.equal(createHmac("sha256", mac).update(plain).digest("hex"), id);
        found.set(id, plain);
      }
    }
  }
  for (const b of blobs) assert.ok([...found.values()].some((f) => f.equals(b)));
});

test("FastCDC as documented cuts exactly where the chunker does", async () => {
  const p = { min: 2048, avg: 8192, max: 65536, normalization: 2, gearSeed: randomBytes(32).toString("hex") };
  const seed = Buffer.from(p.gearSeed, "hex");
  const gear = Array.from({ length: 256 }, (_, i) =>
    createHash("sha256")
      .update(Buffer.concat([seed, Buffer.of(i)]))
      .digest()
      .readInt32LE(0),
  );
  const bits = Math.log2(p.avg);
  const top = (k: number): number => (0xffffffff << (32 - k)) | 0;
  const [maskS, maskL] = [top(bits + p.normalization), top(bits - p.normalization)];
  const data = randomBytes(1_500_000);
  const documented: number[] = [];
  for (let start = 0; start < data.length; ) {
    let [h, len, cut] = [0, Math.min(p.min, data.length - start), -1];
    while (start + len < data.length && len < p.max) {
      h = ((h << 1) + gear[data[start + len]!]!) | 0;
      len += 1;
      if ((len <= p.avg ? h & maskS : h & maskL) === 0) {
        cut = len;
        break;
      }
    }
    if (cut < 0) cut = len;
    documented.push(cut);
    start += cut;
  }
  const actual: number[] = [];
  for await (const c of chunkStream(
    (async function* () {
      yield data;
    })(),
    p,
  ))
    actual.push(c.length);
  assert.deepEqual(actual, documented);
});
