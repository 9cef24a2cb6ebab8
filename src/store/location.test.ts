// Store locations: local paths, both S3 forms with their environment, and memory stores.
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { test } from "node:test";
import { formatLocation, openBackend, parseLocation } from "./location.ts";

test("a plain path is a local store", () => {
  assert.deepEqual(parseLocation("./st"), { kind: "local", path: resolve("st") });
});

test("s3:URL gives endpoint, bucket, prefix and path-style by default", () => {
  const loc = parseLocation("s3:http://127.0.0.1:9000/backups/team/nvault", {});
  assert.deepEqual(loc, {
    kind: "s3",
    endpoint: "http://127.0.0.1:9000",
    bucket: "backups",
    prefix: "team/nvault",
    region: "us-east-1",
    pathStyle: true,
  });
  assert.equal(formatLocation(loc), "s3:http://127.0.0.1:9000/backups/team/nvault");
  assert.throws(() => parseLocation("s3:http://key:secret@host/b", {}), /credentials/);
  assert.throws(() => parseLocation("s3:http://host:1/", {}), /no bucket/);
});

test("s3://bucket/prefix reads the endpoint, region and path style from the environment", () => {
  assert.deepEqual(parseLocation("s3://b/p", { AWS_REGION: "eu-west-3" }), {
    kind: "s3",
    endpoint: undefined,
    bucket: "b",
    prefix: "p",
    region: "eu-west-3",
    pathStyle: false,
  });
  const env = { S3_ENDPOINT: "https://minio.local", NVAULT_S3_PATH_STYLE: "false" };
  const loc = parseLocation("s3://b", env);
  assert.equal(loc.kind === "s3" && loc.endpoint, "https://minio.local");
  assert.equal(loc.kind === "s3" && loc.pathStyle, false);
});

test("memory:NAME stores are shared within the process", async () => {
  const a = await openBackend(parseLocation("memory:loc-test"));
  await a.save("locks", "x", new Uint8Array([1]));
  const b = await openBackend(parseLocation("memory:loc-test"));
  assert.deepEqual(await b.load("locks", "x"), new Uint8Array([1]));
});
