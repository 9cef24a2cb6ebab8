// Unit tests of how hosted-file download failures are judged, and of URLs kept out of messages.
import assert from "node:assert/strict";
import { test } from "node:test";
import { classifyDownloadError, describeFileUrl, FileHttpError } from "./file-download.ts";

const s3Error = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;

test("an expired signed URL is final and distinct from other refusals", () => {
  const expired = classifyDownloadError(
    new FileHttpError(403, s3Error("AccessDenied", "Request has expired"), undefined),
  );
  assert.equal(expired?.cause, "file_url_expired");
  assert.equal(expired?.transient, false);
  const tampered = classifyDownloadError(
    new FileHttpError(403, s3Error("SignatureDoesNotMatch", "The signature does not match"), undefined),
  );
  assert.equal(tampered?.cause, "file_download_failed");
  assert.equal(tampered?.transient, false);
});

test("a file host's 5xx and 429 are retried without pausing the API budget", () => {
  const busy = classifyDownloadError(new FileHttpError(429, "", "2"));
  assert.equal(busy?.transient, true);
  assert.equal(busy?.pauseAll, false);
  assert.equal(busy?.retryAfterMs, 2_000);
  assert.equal(classifyDownloadError(new FileHttpError(503, "", undefined))?.transient, true);
  assert.equal(
    classifyDownloadError(new TypeError("fetch failed", { cause: { code: "ECONNRESET" } }))?.cause,
    "connection",
  );
});

test("describeFileUrl keeps the signature out of messages", () => {
  assert.equal(
    describeFileUrl("https://files.example/secure/abc/image.png?X-Amz-Signature=deadbeef&X-Amz-Expires=3600"),
    "https://files.example/secure/abc/image.png",
  );
  assert.equal(describeFileUrl("not a url"), "(invalid URL)");
});
