// File names from untrusted titles: one safe path component on Linux, macOS and Windows, unique per folder.

/** Longest stem (bytes of UTF-8) a title keeps, leaving room for a " (n)" suffix and an extension under 255. */
export const MAX_STEM_BYTES = 120;

// Windows refuses these as a name or as the part before the first dot ("NUL.txt"), in any case.
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;
// Separators, characters Windows refuses, control and format characters that could disguise a name
// (bidi overrides); the zero-width joiner stays, emoji sequences need it.
const UNSAFE = /[/\\:*?"<>|\p{Cc}\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]+/gu;

const encoder = new TextEncoder();

/** UTF-8 length of a string. */
export function byteLength(text: string): number {
  return encoder.encode(text).length;
}

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/** The longest prefix of `text` within `maxBytes` of UTF-8 that does not split a grapheme (emoji, accents). */
export function truncateBytes(text: string, maxBytes: number): string {
  if (byteLength(text) <= maxBytes) return text;
  let out = "";
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const n = byteLength(segment);
    if (used + n > maxBytes) break;
    out += segment;
    used += n;
  }
  return out;
}

/**
 * A title made into a safe file-name stem: NFC, no separators or reserved characters, no leading or
 * trailing dots and spaces, not a Windows device name, at most `maxBytes` bytes; "Untitled" when
 * nothing is left.
 */
export function safeStem(title: string, maxBytes = MAX_STEM_BYTES): string {
  let s = title.normalize("NFC").replace(UNSAFE, " ").replace(/\s+/g, " ");
  s = s.replace(/^[. ]+/, "").replace(/[. ]+$/, "");
  s = truncateBytes(s, maxBytes).replace(/[. ]+$/, "");
  if (s === "") return "Untitled";
  if (RESERVED.test(s.split(".")[0]!.trim())) s = `_${s}`;
  return s;
}

/** The key under which two names clash on a case-insensitive, normalising file system (macOS, Windows). */
export function foldName(name: string): string {
  return name.normalize("NFKC").toLowerCase().normalize("NFKC");
}

/**
 * Hands out names in one folder: each stem is unique together with every suffix it will be used with
 * (".md", ".html", "" for its folder ...), compared case-insensitively, so "Foo" and "foo" never clash.
 * Duplicates get " (2)", " (3)" in the order they are asked for, so the same order gives the same names.
 */
export class NameAllocator {
  private readonly used = new Set<string>();

  /** Marks names as taken (e.g. "index.md" at the top of an export). */
  reserve(...names: string[]): void {
    for (const n of names) this.used.add(foldName(n));
  }

  /** A unique stem for `title`; every `stem + suffix` is reserved. */
  allocate(title: string, suffixes: readonly string[] = [""]): string {
    const base = safeStem(title);
    for (let n = 1; ; n++) {
      const tag = n === 1 ? "" : ` (${n})`;
      // base is capped at MAX_STEM_BYTES, so stem + tag + an extension stays far below 255 bytes.
      const stem = base + tag;
      const names = suffixes.map((s) => foldName(stem + s));
      if (names.some((x) => this.used.has(x))) continue;
      for (const x of names) this.used.add(x);
      return stem;
    }
  }

  /** A unique file name keeping its extension (for downloaded files): "photo.png", "photo (2).png". */
  allocateFile(name: string): string {
    const clean = safeStem(name);
    const dot = clean.lastIndexOf(".");
    const ext = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : "";
    const stem = this.allocate(ext ? clean.slice(0, dot) : clean, [ext]);
    return stem + ext;
  }
}
