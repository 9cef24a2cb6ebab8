import assert from "node:assert/strict";
import { test } from "node:test";
import { fold, tokenize, words } from "./normalise.ts";

test("fold drops case and accents and expands ligatures", () => {
  assert.equal(fold("Écoute"), "ecoute");
  assert.equal(fold("BRÛLÉE"), "brulee");
  assert.equal(fold("Straße"), "strasse");
  assert.equal(fold("ﬁnance"), "finance");
  assert.equal(fold("Ærø"), "aerø");
});

test("tokenize keeps offsets into the original text", () => {
  const text = "Crème brûlée, v2.0 — naïve_test";
  const tokens = tokenize(text);
  assert.deepEqual(
    tokens.map((t) => t.word),
    ["creme", "brulee", "v2", "0", "naive", "test"],
  );
  for (const t of tokens) assert.equal(fold(text.slice(t.start, t.end)), t.word);
  assert.deepEqual(
    words(text),
    tokens.map((t) => t.word),
  );
});

test("non-Latin scripts are words too", () => {
  assert.deepEqual(words("Привет мир, Ελλάδα 東京"), ["привет", "мир", "ελλαδα", "東京"]);
});
