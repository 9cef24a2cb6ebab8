// safe-name: hostile titles become safe, distinct, byte-capped file names.
import assert from "node:assert/strict";
import { test } from "node:test";
import { byteLength, foldName, MAX_STEM_BYTES, NameAllocator, safeStem, truncateBytes } from "./safe-name.ts";

test("separators, control characters, reserved device names and edge dots never survive", () => {
  for (const [title, expected] of [
    ["../../etc/passwd", "etc passwd"],
    ["a/b\\c", "a b c"],
    ["x\u0000y", "x y"],
    ["CON", "_CON"],
    ["nul.txt", "_nul.txt"],
    ["com1", "_com1"],
    ["lpt9 .md", "_lpt9 .md"],
    ["CONSOLE", "CONSOLE"],
    ["trailing. . ", "trailing"],
    ["...", "Untitled"],
    ["", "Untitled"],
    ["evil\u202egnp.exe", "evil gnp.exe"],
  ] as const) {
    assert.equal(safeStem(title), expected, JSON.stringify(title));
  }
});

test("long names are cut by bytes without splitting a character or an emoji", () => {
  const e = safeStem("é".repeat(300));
  assert.ok(byteLength(e) <= MAX_STEM_BYTES);
  assert.equal(e, "é".repeat(MAX_STEM_BYTES / 2));
  const smile = safeStem("🙂".repeat(100));
  assert.equal(smile, "🙂".repeat(MAX_STEM_BYTES / 4));
  const family = "👨‍👩‍👧"; // one grapheme of 18 bytes
  const cut = truncateBytes(family.repeat(10), 40);
  assert.equal(cut, family.repeat(2));
  const combining = truncateBytes("e\u0301".repeat(10), 5);
  assert.equal(combining, "e\u0301");
});

test("the allocator gives distinct names, deterministic suffixes, case- and normalisation-insensitive", () => {
  const names = new NameAllocator();
  names.reserve("index.md", "media");
  const got = ["Same", "Same", "Foo", "foo", "Café", "Cafe\u0301", "index", "media", "MEDIA"].map((t) =>
    names.allocate(t, ["", ".md"]),
  );
  assert.deepEqual(got, [
    "Same",
    "Same (2)",
    "Foo",
    "foo (2)",
    "Café",
    "Café (2)",
    "index (2)",
    "media (2)",
    "MEDIA (3)",
  ]);
  assert.equal(new Set(got.map(foldName)).size, got.length);
  // A stem that ends like another's file name does not take it: "a.md" (folder) vs "a" + ".md".
  const files = new NameAllocator();
  assert.equal(files.allocate("a", ["", ".md"]), "a");
  assert.equal(files.allocate("a.md", ["", ".md"]), "a.md (2)");
  const media = new NameAllocator();
  assert.deepEqual(
    ["photo.png", "photo.png", "Photo.PNG", "CON.png"].map((f) => media.allocateFile(f)),
    ["photo.png", "photo (2).png", "Photo (3).PNG", "_CON.png"],
  );
});
