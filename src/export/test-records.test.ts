// test-records.ts lives in src/ beside the tests that use it; nothing the product runs may import it.
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";

test("only tests import the test record builders", async () => {
  const src = join(import.meta.dirname, "..");
  const files = (await readdir(src, { recursive: true })).filter(
    (f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith("test-records.ts"),
  );
  assert.ok(files.length > 50, "the product's sources were found");
  const importers: string[] = [];
  for (const f of files) {
    if (/from\s+["'][^"']*test-records(\.ts)?["']/.test(await readFile(join(src, f), "utf8")))
      importers.push(f);
  }
  assert.deepEqual(importers, []);
});
