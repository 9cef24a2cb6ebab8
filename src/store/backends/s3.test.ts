// Runs the shared backend suite on the S3 backend against a real local s3rver.
import assert from "node:assert/strict";
import { test } from "node:test";
import { type LocalS3, startS3 } from "../../../test/helpers/s3.ts";
import { S3Backend } from "./s3.ts";
import { backendSuite } from "./suite.ts";

let s3: LocalS3 | undefined;
backendSuite("s3", {
  create: async () => {
    s3 = await startS3();
    return new S3Backend({
      bucket: s3.bucket,
      prefix: "stores/one",
      endpoint: s3.endpoint,
      region: s3.region,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
  },
  cleanup: async () => s3?.close(),
  serverWritesInPlace: true,
});

test("s3: two prefixes in one bucket do not see each other's files", async () => {
  const server = await startS3("shared");
  try {
    const make = (prefix: string) =>
      new S3Backend({
        bucket: server.bucket,
        prefix,
        endpoint: server.endpoint,
        credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
      });
    const a = make("a");
    const b = make("b/");
    await a.save("snapshots", "one", Buffer.from("1"));
    const names: string[] = [];
    for await (const f of b.list("snapshots")) names.push(f.name);
    assert.deepEqual(names, []);
    assert.equal(await b.stat("snapshots", "one"), undefined);
    assert.match(a.location, /^s3:http:\/\/127\.0\.0\.1:\d+\/shared\/a\/$/);
    await a.close();
    await b.close();
  } finally {
    await server.close();
  }
});
