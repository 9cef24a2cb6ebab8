// The web UI in a real browser (headless chromium through playwright-core): timeline -> page -> history -> diff -> search.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { unzipSync } from "fflate";
import { type Browser, chromium, type Page } from "playwright-core";
import type { UiServer } from "../src/ui/server.ts";
import { NEW_WORD, type UiFixture, uiFixture } from "./ui-fixture.ts";

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = join(import.meta.dirname, "..", "test-artifacts");
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (apt-get install chromium)`;

/** Launches Debian's chromium headless, as CI installs it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

describe("nvault ui in chromium", { skip, timeout: 180_000 }, () => {
  let f: UiFixture;
  let ui: UiServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `ui-${name}.png`), fullPage: true });

  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    f = await uiFixture();
    ui = await f.serve();
    browser = await launchChromium();
    page = await browser.newPage({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    // A CSP violation or a script error shows as a console error: none is expected.
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));
  });
  after(async () => {
    await browser?.close();
    await f?.close();
  });

  it("clicks from the timeline to a page, its history, a diff, a search and back to the page", async () => {
    const a = f.first.snapshot.id;
    const b = f.second.snapshot.id;
    await page.goto(ui.url);
    assert.equal(await page.locator("table.timeline tbody tr").count(), 2);
    assert.equal(await page.locator("table.timeline .badge.ok", { hasText: "verified" }).count(), 2);
    await shot("1-timeline");

    await page.click(`a[data-snapshot="${b}"]`);
    await page.waitForURL(`**/s/${b}`);
    await shot("2-workspace");

    await page.getByRole("link", { name: f.newTitle, exact: true }).first().click();
    await page.waitForURL(`**/s/${b}/p/${f.pageId}`);
    assert.equal(await page.locator("h1.title").innerText(), f.newTitle);
    assert.ok((await page.locator(".page-body").innerText()).includes(NEW_WORD));
    await shot("3-page");

    await page.getByRole("link", { name: "History" }).click();
    await page.waitForURL("**/history");
    assert.equal(await page.locator("form.history tbody tr").count(), 2);
    await page.check(`input[name=a][value="${a}"]`);
    await page.check(`input[name=b][value="${b}"]`);
    await shot("4-history");

    await page.click("#compare");
    await page.waitForURL("**/diff?**");
    assert.match(await page.locator("main").innerText(), /Renamed from/);
    assert.ok((await page.locator(".diff .add").allInnerTexts()).some((t) => t.includes(NEW_WORD)));
    await shot("5-diff");

    await page.fill("header.top input[name=q]", NEW_WORD.toLowerCase());
    await page.selectOption("header.top select[name=snapshot]", "all");
    await page.press("header.top input[name=q]", "Enter");
    await page.waitForURL("**/search?**");
    assert.equal(await page.locator(".hit").count(), 1);
    assert.equal(await page.locator(".hit mark").first().innerText(), NEW_WORD);
    await shot("6-search");

    await page.click(".hit a.hit-title");
    await page.waitForURL(`**/s/${b}/p/${f.pageId}?q=*`);
    // The page's script marks the words the page was found by.
    assert.equal(await page.locator(".page-body mark").first().innerText(), NEW_WORD);
    await shot("7-hit-opened");
  });

  it("shows images from the snapshot", async () => {
    const reader = f.second;
    let target: string | undefined;
    for (const id of reader.ids()) {
      const refs = await reader.files(id);
      if (refs.some((r) => r.contentType.startsWith("image/") && r.owner.object === "block")) {
        target = id;
        break;
      }
    }
    assert.ok(target, "a page with an image block");
    await page.goto(`${ui.url}s/${reader.snapshot.id}/p/${target}`);
    const img = page.locator(".page-body img[src*='/file?path=']").first();
    await img.waitFor();
    // The generator's image bytes are random (not decodable), so check what the browser was sent.
    const src = (await img.getAttribute("src"))!;
    const got = await page.evaluate(async (u) => {
      const r = await fetch(u);
      return {
        status: r.status,
        type: r.headers.get("content-type"),
        size: (await r.arrayBuffer()).byteLength,
      };
    }, src);
    assert.equal(got.status, 200);
    assert.match(got.type ?? "", /^image\//);
    assert.ok(got.size > 0);
    await shot("8-images");
  });

  it("shows a database as tables of its rows, and the backup report and check status", async () => {
    const reader = f.second;
    const db = reader.ids().find((id) => reader.entry(id)?.type === "database")!;
    const sources = reader.childrenOf(db).filter((id) => reader.entry(id)?.type === "data_source");
    const ds = sources[0]!;
    await page.goto(`${ui.url}s/${reader.snapshot.id}/p/${db}`);
    assert.equal(await page.locator("table.nv-database").count(), sources.length);
    const rows = sources.reduce((n, id) => n + reader.rows(id).length, 0);
    assert.equal(await page.locator("table.nv-database tbody tr").count(), rows);
    await shot("9-database");
    const row = reader.rows(ds)[0]!;
    await page.locator("table.nv-database tbody tr a").first().click();
    await page.waitForURL(`**/p/${row}`);
    assert.ok(await page.locator(".nv-properties").isVisible(), "a row shows its properties");
    await shot("10-row");
    await page.goto(ui.url);
    // The first backup kept an unsupported block: its report says so.
    await page.locator(`a[href="/s/${f.first.snapshot.id}/report"]`).click();
    await page.waitForURL("**/report");
    assert.match(await page.locator("main").innerText(), /Not captured, or worth knowing \([1-9]/);
    assert.match(await page.locator("table.warnings").innerText(), /unsupported_block/);
    await shot("11-report");
    await page.getByRole("link", { name: "Check", exact: true }).click();
    assert.match(await page.locator(".check-status").innerText(), /no errors found/);
    await shot("12-check");
  });

  it("downloads a page as a zip of Markdown", async () => {
    await page.goto(`${ui.url}s/${f.second.snapshot.id}/p/${f.pageId}`);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Markdown", exact: true }).click(),
    ]);
    const path = await download.path();
    const entries = unzipSync(new Uint8Array(await readFile(path)));
    const md = Object.keys(entries).find((n) => n.endsWith(".md"));
    assert.ok(md, Object.keys(entries).join(", "));
    const text = new TextDecoder().decode(entries[md]);
    assert.ok(text.includes(NEW_WORD) && text.includes(f.newTitle));
  });

  it("ran without script errors or CSP violations", () => {
    assert.deepEqual(problems, []);
  });
});
