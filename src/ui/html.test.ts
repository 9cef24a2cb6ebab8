import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { html, raw } from "./html.ts";

describe("ui html", () => {
  it("escapes every interpolated value unless it is marked safe", () => {
    const title = `<img src=x onerror="alert(1)"> & 'quotes'`;
    const out = html`<a title="${title}">${title}</a>${raw("<b>ok</b>")}`.value;
    assert.ok(!out.includes("<img"));
    const escaped = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;quotes&#39;";
    assert.equal(out, `<a title="${escaped}">${escaped}</a><b>ok</b>`);
    assert.equal(html`${["a", html`<i>b</i>`, null, undefined, false, 3]}`.value, "a<i>b</i>3");
  });
});
