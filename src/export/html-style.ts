// The stylesheet of standalone HTML pages: readable, self-contained (no fonts, images or scripts from elsewhere).

/** CSS for pages rendered by renderHtml; class names start with "nv-". */
export const PAGE_CSS = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #656d76; --line: #d0d7de; --soft: #f6f8fa; --accent: #0969da; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #8d96a0; --line: #30363d; --soft: #161b22; --accent: #4493f8; } }
body { margin: 0; color: var(--fg); background: Canvas; font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji"; }
figure img, figure video { max-width: 100%; height: auto; }
.nv-page { max-width: 52rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
.nv-page a { color: var(--accent); }
.nv-cover { width: 100%; max-height: 16rem; object-fit: cover; border-radius: 6px; }
.nv-title { font-size: 2.2rem; line-height: 1.2; margin: 1rem 0; }
.nv-title img.nv-icon { width: 2.2rem; height: 2.2rem; vertical-align: -0.3rem; }
.nv-properties { border-collapse: collapse; margin: 0 0 1.5rem; font-size: .95rem; }
.nv-properties th { text-align: left; font-weight: 500; color: var(--muted); padding: .2rem 1.5rem .2rem 0; vertical-align: top; }
.nv-properties td { padding: .2rem 0; }
h2, h3, h4, h5 { line-height: 1.3; margin: 1.6rem 0 .4rem; }
p { margin: .35rem 0; }
ul, ol { padding-left: 1.6rem; margin: .35rem 0; }
ul.nv-todo { list-style: none; padding-left: .2rem; }
ul.nv-todo > li > input { margin-right: .4rem; }
li.nv-checked > span { text-decoration: line-through; color: var(--muted); }
blockquote { margin: .6rem 0; padding: 0 1rem; border-left: 3px solid var(--fg); }
.nv-callout { display: flex; gap: .6rem; padding: .8rem 1rem; margin: .6rem 0; background: var(--soft); border-radius: 6px; }
.nv-callout-icon { flex: none; }
.nv-callout-icon img { width: 1.3rem; height: 1.3rem; }
.nv-callout-body { flex: 1; min-width: 0; }
details { margin: .35rem 0; }
details > summary { cursor: pointer; }
details > summary > h2, details > summary > h3, details > summary > h4, details > summary > h5 { display: inline; }
.nv-indent { margin-left: 1.6rem; }
pre { background: var(--soft); padding: .8rem 1rem; border-radius: 6px; overflow-x: auto; font-size: .9rem; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
:not(pre) > code { background: var(--soft); padding: .1em .3em; border-radius: 4px; }
.nv-equation { text-align: center; margin: .8rem 0; font-family: ui-monospace, monospace; }
.nv-math { font-family: ui-monospace, monospace; font-style: italic; }
figure { margin: .8rem 0; }
figcaption { color: var(--muted); font-size: .9rem; }
table.nv-simple, table.nv-database { border-collapse: collapse; margin: .8rem 0; font-size: .92rem; }
table.nv-simple td, table.nv-simple th, table.nv-database td, table.nv-database th { border: 1px solid var(--line); padding: .3rem .6rem; text-align: left; vertical-align: top; }
table.nv-simple thead th, table.nv-database thead th { background: var(--soft); }
.nv-table-wrap { overflow-x: auto; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
.nv-columns { display: flex; gap: 1.5rem; }
.nv-column { flex: 1 1 0; min-width: 0; }
@media (max-width: 40rem) { .nv-columns { display: block; } }
.nv-link-block { margin: .35rem 0; }
.nv-breadcrumb, .nv-toc { color: var(--muted); font-size: .92rem; }
.nv-toc ul { list-style: none; padding-left: 0; }
.nv-toc li.nv-toc-2 { padding-left: 1.2rem; } .nv-toc li.nv-toc-3 { padding-left: 2.4rem; } .nv-toc li.nv-toc-4 { padding-left: 3.6rem; }
hr { border: none; border-top: 1px solid var(--line); margin: 1.2rem 0; }
.nv-comments { margin-top: 3rem; border-top: 1px solid var(--line); }
.nv-comment-meta { color: var(--muted); font-size: .88rem; }
.nv-comment-thread { margin: .8rem 0; padding-left: .8rem; border-left: 2px solid var(--line); }
.nv-comment-thread .nv-comment + .nv-comment { margin-left: 1.2rem; }
.nv-comment img { max-width: 16rem; display: block; }
`;
