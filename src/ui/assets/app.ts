// The UI's only script, served as /assets/app.js: small conveniences; every page works without it.

/** Plain DOM JavaScript: "/" focuses search, the tree filter hides non-matching entries, diff pickers submit. */
export const APP_JS = `
"use strict";
document.addEventListener("keydown", (e) => {
  const t = e.target;
  if (e.key === "/" && !(t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement)) {
    const q = document.querySelector("header.top input[name=q]");
    if (q) { e.preventDefault(); q.focus(); }
  }
});
const filter = document.querySelector("input[data-filter-tree]");
if (filter) {
  filter.classList.remove("hidden");
  filter.addEventListener("input", () => {
    const needle = filter.value.trim().toLowerCase();
    for (const li of document.querySelectorAll("ul.tree li")) {
      const own = li.querySelector(":scope > a, :scope > details > summary");
      const text = (li.textContent || "").toLowerCase();
      li.classList.toggle("hidden", needle !== "" && !text.includes(needle));
      if (needle !== "" && own) for (const d of li.querySelectorAll("details")) d.open = true;
    }
  });
}
// A page opened from a search hit (?q=...) marks the words it was found by.
const q = new URLSearchParams(location.search).get("q");
const body = document.querySelector(".page-body");
if (q && body) {
  const words = q.toLowerCase().split(/[^\\p{L}\\p{N}]+/u).filter((w) => w.length > 1);
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  let first = null;
  for (const node of nodes) {
    const text = node.nodeValue || "";
    const lower = text.toLowerCase();
    let at = -1, len = 0;
    for (const w of words) { const i = lower.indexOf(w); if (i >= 0 && (at < 0 || i < at)) { at = i; len = w.length; } }
    if (at < 0) continue;
    const mark = document.createElement("mark");
    const rest = node.splitText(at);
    rest.splitText(len);
    mark.textContent = rest.nodeValue;
    rest.replaceWith(mark);
    first = first || mark;
  }
  if (first) first.scrollIntoView({ block: "center" });
}
for (const time of document.querySelectorAll("time[datetime]")) {
  const d = new Date(time.getAttribute("datetime"));
  if (!Number.isNaN(d.getTime())) time.title = d.toString();
}
`;
