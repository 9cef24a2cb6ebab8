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
  assert.deepEqual(words("Привет мир, Ελλάδα 한국어"), ["привет", "мир", "ελλαδα", "한국어"]);
  assert.equal(fold("한국어"), "한국어", "Hangul syllables come back whole");
});

test("Chinese and Japanese letters are words by themselves, with offsets; punctuation is not", () => {
  const text = "東京都庁、iPhone用ケースです。ﾃｽﾄ";
  const tokens = tokenize(text);
  assert.deepEqual(
    tokens.map((t) => t.word),
    ["東", "京", "都", "庁", "iphone", "用", "ケ", "ー", "ス", "で", "す", "テ", "ス", "ト"],
  );
  for (const t of tokens) assert.equal(fold(text.slice(t.start, t.end)), t.word);
  assert.deepEqual(
    words(text),
    tokens.map((t) => t.word),
  );
  // Voicing marks matter (が is not か); a decomposed が (か + U+3099) is the composed one.
  assert.deepEqual(words("か\u3099がか"), ["が", "が", "か"]);
});
