// The web UI over HTTP: every view answers, files come with their type, access control, headers, no secrets, no traversal.
import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, describe, it } from "node:test";
import { unzipSync } from "fflate";
import type { UiServer } from "../src/ui/server.ts";
import { NEW_WORD, type UiFixture, uiFixture } from "./ui-fixture.ts";

interface Got {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
}

/** A raw GET (the path is sent exactly as given: no URL normalisation of "..", unlike fetch). */
function get(port: number, path: string, headers: Record<string, string> = {}, method = "GET"): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path, method, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString("utf8") });
        });
      },
    );
    req.on("error", reject);
    req.end();
  });
}

const SECRET_PASSPHRASE = "test passphrase";

describe("nvault ui over HTTP", { timeout: 120_000 }, () => {
  let f: UiFixture;
  let ui: UiServer;
  const seen: Got[] = [];
  const fetchPage = async (path: string, headers?: Record<string, string>) => {
    const r = await get(ui.port, path, headers);
    seen.push(r);
    return r;
  };

  before(async () => {
    f = await uiFixture();
    ui = await f.serve();
  });
  after(() => f?.close());

  it("binds loopback without a token and answers every view", async () => {
    assert.equal(ui.token, undefined);
    const a = f.first.snapshot.id;
    const b = f.second.snapshot.id;
    const id = f.pageId;
    const timeline = await fetchPage("/");
    assert.equal(timeline.status, 200);
    assert.match(timeline.text, new RegExp(`href="/s/${b}"`));
    assert.match(timeline.text, new RegExp(`href="/s/${a}"`));
    assert.match(timeline.text, /verified/);
    const tree = await fetchPage(`/s/${b}`);
    assert.equal(tree.status, 200);
    assert.ok(tree.text.includes(f.newTitle), "the tree lists the renamed page");
    const pageView = await fetchPage(`/s/${b}/p/${id}`);
    assert.equal(pageView.status, 200);
    assert.ok(pageView.text.includes(NEW_WORD), "the page shows the new paragraph");
    assert.ok(pageView.text.includes('class="nv-page"'), "the page goes through the HTML renderer");
    const oldView = await fetchPage(`/s/${a}/p/${id}`);
    assert.ok(
      oldView.text.includes(f.oldTitle) && !oldView.text.includes(NEW_WORD),
      "the old snapshot shows the old page",
    );
    // The addresses take the references the commands take: latest~1 is the snapshot before.
    const before = await fetchPage(`/s/latest~1/p/${id}`);
    assert.equal(before.status, 200);
    assert.ok(
      before.text.includes(f.oldTitle) && !before.text.includes(NEW_WORD),
      "latest~1 is the old page",
    );
    const history = await fetchPage(`/s/${b}/p/${id}/history`);
    assert.equal(history.status, 200);
    assert.ok(
      history.text.includes(`value="${a}"`) && history.text.includes(`value="${b}"`),
      "both versions listed",
    );
    const diff = await fetchPage(`/s/${b}/p/${id}/diff?a=${a}&b=${b}`);
    assert.equal(diff.status, 200);
    assert.match(diff.text, /Renamed from/);
    assert.match(diff.text, new RegExp(`class="add">\\+.*${NEW_WORD}`));
    const changes = await fetchPage(`/s/${b}/changes?from=${a}`);
    assert.equal(changes.status, 200);
    assert.ok(changes.text.includes(`data-id="${id}"`));
    const report = await fetchPage(`/s/${b}/report`);
    assert.equal(report.status, 200);
    assert.match(report.text, /API requests/);
    const check = await fetchPage("/check");
    assert.equal(check.status, 200);
    assert.match(check.text, /no errors found/);
  });

  it("searches one or all snapshots and links hits to the page", async () => {
    const latest = await fetchPage(`/search?q=${NEW_WORD.toLowerCase()}`);
    assert.equal(latest.status, 200);
    assert.match(latest.text, new RegExp(`<mark>${NEW_WORD}</mark>`));
    assert.ok(latest.text.includes(`/s/${f.second.snapshot.id}/p/${f.pageId}?q=`));
    const first = await fetchPage(`/search?q=${NEW_WORD}&snapshot=${f.first.snapshot.id}`);
    assert.match(first.text, /0 hits/);
    const title = f.oldTitle.split(" ")[0]!;
    const all = await fetchPage(`/search?q=${encodeURIComponent(title)}&snapshot=all`);
    assert.match(all.text, /in 2 snapshots/);
  });

  it("serves downloaded files with their content type, only those files.json lists", async () => {
    const reader = f.second;
    let ref: Awaited<ReturnType<typeof reader.files>>[number] | undefined;
    for (const id of reader.ids()) {
      ref = (await reader.files(id)).find((r) => r.contentType.startsWith("image/"));
      if (ref) break;
    }
    assert.ok(ref, "the generated workspace holds an image");
    const r = await fetchPage(`/s/${reader.snapshot.id}/file?path=${encodeURIComponent(ref.path)}`);
    assert.equal(r.status, 200);
    assert.equal(r.headers["content-type"], ref.contentType);
    assert.ok(Buffer.from(await reader.readBytes(ref.path)).equals(r.body), "the stored bytes");
    assert.match(String(r.headers["content-security-policy"]), /sandbox/);
  });

  it("downloads a page, and a subtree, as a zip in each format", async () => {
    const b = f.second.snapshot.id;
    for (const format of ["md", "html", "json"]) {
      const r = await fetchPage(`/s/${b}/p/${f.pageId}/download?format=${format}`);
      assert.equal(r.status, 200, r.text.slice(0, 300));
      assert.equal(r.headers["content-type"], "application/zip");
      const entries = unzipSync(new Uint8Array(r.body));
      const doc = Object.keys(entries).find((n) => n.endsWith(`.${format}`));
      assert.ok(doc, `a .${format} document in ${Object.keys(entries).join(", ")}`);
      assert.ok(new TextDecoder().decode(entries[doc]).includes(NEW_WORD));
    }
    const withChildren = f.second.childrenOf(f.pageId).length > 0 ? f.pageId : f.second.roots()[0]!;
    const r = await fetchPage(`/s/${b}/p/${withChildren}/download?format=md&subtree=1`);
    assert.equal(r.status, 200, r.text.slice(0, 300));
    const names = Object.keys(unzipSync(new Uint8Array(r.body)));
    assert.ok(names.includes("index.md"), names.join(", "));
    assert.ok(names.filter((n) => n.endsWith(".md")).length > 2, names.join(", "));
  });

  it("sends security headers and refuses foreign Host headers and writes", async () => {
    const r = await fetchPage("/");
    const csp = String(r.headers["content-security-policy"]);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline/);
    assert.equal(r.headers["x-content-type-options"], "nosniff");
    assert.doesNotMatch(r.text, /<script>/, "no inline script");
    assert.equal((await get(ui.port, "/", { host: `evil.example:${ui.port}` })).status, 421);
    assert.equal((await get(ui.port, "/", { host: "127.0.0.1:1" })).status, 421);
    assert.equal((await get(ui.port, "/", {}, "POST")).status, 405);
  });

  it("never lets a path from the URL escape: traversal and unlisted files are refused", async () => {
    const b = f.second.snapshot.id;
    for (const path of [
      "/../../../etc/passwd",
      "/assets/../../package.json",
      "/assets/%2e%2e/%2e%2e/package.json",
      `/s/${b}/file?path=${encodeURIComponent("../../etc/passwd")}`,
      `/s/${b}/file?path=${encodeURIComponent("/etc/passwd")}`,
      `/s/${b}/file?path=index.json`,
      `/s/${b}/file?path=${encodeURIComponent(`${f.second.entry(f.pageId)!.path}/page.json`)}`,
      `/s/${b}/p/..%2f..%2fetc`,
      "/s/latest/p/not-an-id",
      `/s/${b}/p/${f.pageId}/download?format=../../x`,
    ]) {
      const r = await fetchPage(path);
      assert.ok([400, 404].includes(r.status), `${path} -> ${r.status}`);
      assert.doesNotMatch(r.text, /root:x:0:0|"dependencies"/);
    }
  });

  it("requires the access token on a non-loopback bind", async () => {
    const open = await f.serve({ host: "0.0.0.0", port: 0 });
    assert.ok(open.token && open.token.length >= 32);
    const port = open.port;
    const none = await get(port, "/");
    assert.equal(none.status, 401);
    assert.ok(!none.text.includes(open.token!), "the 401 page does not give the token away");
    assert.equal((await get(port, "/", { authorization: "Bearer wrong" })).status, 401);
    assert.equal((await get(port, `/?token=wrong`)).status, 401);
    assert.equal((await get(port, "/", { cookie: "nvault_ui_token=wrong" })).status, 401);
    assert.equal((await get(port, "/", { authorization: `Bearer ${open.token}` })).status, 200);
    const first = await get(port, `/s/latest?token=${open.token}`);
    assert.equal(first.status, 303);
    assert.equal(first.headers.location, "/s/latest");
    const sneaky = await get(port, `/.//evil.example/?token=${open.token}`);
    assert.equal(sneaky.headers.location, "/evil.example/", "never redirects off the server");
    const cookie = String(first.headers["set-cookie"]).split(";")[0]!;
    assert.match(String(first.headers["set-cookie"]), /HttpOnly; SameSite=Strict/);
    const withCookie = await get(port, "/s/latest", { cookie });
    assert.equal(withCookie.status, 200);
    assert.equal((await get(port, "/assets/app.js")).status, 401, "assets too");
    // Any IP address of the machine is a fine Host; a domain name is not (DNS rebinding).
    assert.equal((await get(port, "/", { cookie, host: `evil.example:${port}` })).status, 421);
  });

  it("never sends the passphrase or the Notion token", () => {
    assert.ok(seen.length > 20);
    for (const r of seen) {
      const all = r.body.toString("latin1") + JSON.stringify(r.headers);
      assert.ok(!all.includes(SECRET_PASSPHRASE), "passphrase in a response");
      assert.ok(!all.includes(f.backed.emulator.token), "Notion token in a response");
    }
  });
});
