// Escaping text for Markdown (GFM): what a page says must never turn into structure, links or HTML.

/** Text with every inline Markdown character escaped (emphasis, code, links, HTML, tables, math). */
export function escapeMarkdownText(text: string): string {
  return (
    text
      .replace(/[\\`*[\]<>|~$]/g, (c) => `\\${c}`)
      // An underscore inside a word cannot open emphasis; elsewhere it can.
      .replace(/_/g, (c, at: number, s: string) =>
        /[\p{L}\p{N}]/u.test(s[at - 1] ?? "") && /[\p{L}\p{N}]/u.test(s[at + 1] ?? "") ? c : "\\_",
      )
      // "&amp;" written in a page must stay those five characters, not become "&".
      .replace(/&(?=#?[a-z0-9]+;)/gi, "\\&")
  );
}

/**
 * One line of rendered inline Markdown made safe at the start of a block: a leading "#", ">", "-", "+",
 * "=" or "1." would start a heading, quote, list or setext underline; leading spaces a code block.
 */
export function escapeLineStart(line: string): string {
  const trimmed = line.replace(/^[ \t]+/, "");
  const m = /^(\d{1,9})([.)])/.exec(trimmed);
  if (m) return `${m[1]}\\${m[2]}${trimmed.slice(m[0].length)}`;
  return /^[#>+\-=]/.test(trimmed) ? `\\${trimmed}` : trimmed;
}

/** Every line of a block's text made safe at its start (text after a hard line break starts a line too). */
export function escapeLineStarts(text: string): string {
  return text.split("\n").map(escapeLineStart).join("\n");
}

/** An address for a Markdown link or image: spaces, parentheses and angle brackets percent-encoded. */
export function markdownHref(href: string): string {
  return href.replace(/[\s()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

/** A code span holding `text` exactly: a fence longer than any backtick run inside, padded when needed. */
export function codeSpan(text: string): string {
  const flat = text.replace(/\r?\n/g, " ");
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
  const fence = "`".repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(flat) && flat.trim() !== "" ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A code fence for a code block's text: three backticks, or more than the longest run inside. */
export function codeFence(text: string): string {
  const longest = Math.max(0, ...(text.match(/`{3,}/g) ?? []).map((r) => r.length));
  return "`".repeat(Math.max(3, longest + 1));
}
