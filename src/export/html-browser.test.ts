// A standalone HTML export in a real browser (headless chromium): local media load, nothing runs, nothing remote loads.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { renderHtml } from "./html.ts";
import { block, mapContext, pageDoc, rt, textBlock } from "./test-records.ts";

const CHROMIUM = "/usr/bin/chromium";
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed`;
// A 1x1 PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

test("a standalone page opened from disk shows its downloaded image and runs nothing", {
  skip,
  timeout: 60_000,
}, async () => {
  const dir = await mkdtemp(join(tmpdir(), "nvault-html-"));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu"],
  });
  try {
    await mkdir(join(dir, "media"));
    await writeFile(join(dir, "media", "dot 1a2b.png"), PNG);
    const local = block("image", {
      type: "file",
      file: { url: "https://s3.test/dot.png" },
      caption: [rt("Dot")],
    });
    const remote = block("image", {
      type: "external",
      external: { url: "https://remote.test/x.png" },
      caption: [],
    });
    const doc = pageDoc('Hostile <img src=x onerror="window.pwned=1">', [
      textBlock("paragraph", [
        rt("<script>window.pwned=2</script>"),
        rt("link", {}, "javascript:window.pwned=3"),
      ]),
      local,
      remote,
    ]);
    const ctx = mapContext({
      media: [
        [{ object: "block", id: (local.block as { id: string }).id, path: ["image"] }, "media/dot 1a2b.png"],
      ],
    });
    const file = join(dir, "page.html");
    await writeFile(file, renderHtml(doc, ctx));

    const page = await browser.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });

    const width = await page.$eval(
      "figure.nv-image img",
      (img) => (img as unknown as { naturalWidth: number }).naturalWidth,
    );
    assert.equal(width, 1, "the downloaded image loads next to the page");
    assert.equal(await page.evaluate(() => (globalThis as unknown as { pwned?: number }).pwned), undefined);
    assert.equal(await page.locator("script").count(), 0);
    assert.match(await page.title(), /^Hostile <img/);
    assert.deepEqual(
      requests.filter((u) => !u.startsWith("file:")),
      [],
      "nothing loads from the network",
    );
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
});
