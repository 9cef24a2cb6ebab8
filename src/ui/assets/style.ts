// The UI's stylesheet, served as /assets/style.css (no inline styles, so the CSP can stay strict).

/** CSS close to Notion's reading view: a narrow column, system fonts, quiet greys. */
export const STYLE_CSS = `
:root { --fg: #37352f; --muted: #787774; --line: #e9e9e7; --bg-soft: #f7f6f3; --accent: #2383e2;
  --add: #e6f4ea; --add-fg: #1e6b35; --del: #fbe9e7; --del-fg: #a3312a; --warn: #fdf5e1; }
* { box-sizing: border-box; }
/* After the page renderer's sheet: the UI frame stays light and uses its own font. */
:root { color-scheme: light; }
body { background: #fff; margin: 0; color: var(--fg); font: 16px/1.5 ui-sans-serif, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
a { color: inherit; text-decoration: underline; text-decoration-color: #cfcdc9; text-underline-offset: 2px; }
a:hover { text-decoration-color: var(--fg); }
header.top { display: flex; gap: 16px; align-items: center; padding: 8px 20px; border-bottom: 1px solid var(--line);
  position: sticky; top: 0; background: #fff; z-index: 2; font-size: 14px; }
header.top .brand { font-weight: 600; text-decoration: none; }
header.top nav { display: flex; gap: 12px; }
header.top form { margin-left: auto; display: flex; gap: 6px; }
input[type=search], select { font: inherit; padding: 3px 8px; border: 1px solid var(--line); border-radius: 4px; }
input[type=search] { width: 260px; }
button { font: inherit; padding: 3px 10px; border: 1px solid var(--line); border-radius: 4px; background: var(--bg-soft); cursor: pointer; }
main { max-width: 900px; margin: 0 auto; padding: 24px 40px 80px; }
main.wide { max-width: 1200px; }
h1.title { font-size: 40px; line-height: 1.2; margin: 8px 0 4px; }
.icon { font-size: 56px; line-height: 1; margin-top: 12px; }
.restore-hint { font-size: 13px; color: var(--muted); margin: -8px 0 16px; }
.restore-hint code { user-select: all; }
.crumbs { font-size: 14px; color: var(--muted); margin-bottom: 8px; }
.crumbs a { color: var(--muted); }
.meta { color: var(--muted); font-size: 14px; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0 20px; font-size: 14px; }
.actions a, a.button { padding: 2px 10px; border: 1px solid var(--line); border-radius: 4px; text-decoration: none; background: var(--bg-soft); }
table.grid { border-collapse: collapse; width: 100%; font-size: 14px; }
table.grid th, table.grid td { border: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
table.grid th { background: var(--bg-soft); font-weight: 500; color: var(--muted); }
.badge { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 12px; background: var(--bg-soft); border: 1px solid var(--line); }
.badge.ok { background: var(--add); color: var(--add-fg); border-color: #b7dfc3; }
.badge.bad { background: var(--del); color: var(--del-fg); border-color: #f1c0b9; }
.badge.warn { background: var(--warn); border-color: #f0dca8; }
ul.tree, ul.tree ul { list-style: none; padding-left: 18px; margin: 0; }
ul.tree { padding-left: 0; }
ul.tree li { margin: 2px 0; }
ul.tree summary { cursor: pointer; }
.kind { color: var(--muted); font-size: 12px; margin-left: 6px; }
.hit { padding: 10px 0; border-bottom: 1px solid var(--line); }
.hit .path { font-size: 13px; color: var(--muted); }
mark { background: #fbecb3; color: inherit; padding: 0 1px; }
pre.json { background: var(--bg-soft); padding: 12px; overflow: auto; font-size: 12px; max-height: 70vh; }
.diff { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, monospace; border: 1px solid var(--line); border-radius: 4px; overflow: auto; }
.diff div { padding: 0 10px; white-space: pre-wrap; }
.diff .add { background: var(--add); color: var(--add-fg); }
.diff .del { background: var(--del); color: var(--del-fg); }
.diff .hunk { background: var(--bg-soft); color: var(--muted); }
td.add, li.add { background: var(--add); } td.del, li.del { background: var(--del); }
ul.comments { list-style: none; padding: 0; }
.object-diff { border-top: 1px solid var(--line); padding-top: 8px; margin-top: 16px; }
.notice { background: var(--warn); border: 1px solid #f0dca8; padding: 8px 12px; border-radius: 4px; font-size: 14px; margin: 12px 0; }
.error { background: var(--del); border: 1px solid #f1c0b9; padding: 8px 12px; border-radius: 4px; }
.filter { margin: 8px 0 12px; }
.hidden { display: none; }
.page-body img { max-width: 100%; }
.page-body .nv-page { max-width: none; margin: 0; padding: 0; }
.page-body .nv-table-wrap { overflow-x: auto; }
.page-body table.nv-database { width: max-content; max-width: none; }
.page-body table.nv-database th, .page-body table.nv-database td { min-width: 6rem; max-width: 22rem; vertical-align: top; }
.page-body .nv-page > .nv-title { display: none; }
`;
