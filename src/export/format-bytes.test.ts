// Sizes in binary units: bytes as they are, larger sizes with three significant digits.
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatBytes } from "./format-bytes.ts";

test("sizes read in binary units", () => {
  assert.equal(formatBytes(0), "0 B");
  assert.equal(formatBytes(1023), "1023 B");
  assert.equal(formatBytes(1536), "1.50 KiB");
  assert.equal(formatBytes(20 * 1024 * 1024), "20.0 MiB");
  assert.equal(formatBytes(3 * 1024 ** 5), "3072.0 TiB");
});
