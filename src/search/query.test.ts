import assert from "node:assert/strict";
import { test } from "node:test";
import { parseQuery, termAt } from "./query.ts";

test("bare words, quoted phrases and a prefix on the last bare word", () => {
  assert.deepEqual(parseQuery("Budget Café"), [
    { words: ["budget"], prefix: false, phrase: false },
    { words: ["cafe"], prefix: true, phrase: false },
  ]);
  assert.deepEqual(parseQuery('"incident review" notes '), [
    { words: ["incident", "review"], prefix: false, phrase: true },
    { words: ["notes"], prefix: false, phrase: false },
  ]);
  assert.deepEqual(parseQuery('plan "q3 goals"'), [
    { words: ["plan"], prefix: false, phrase: false },
    { words: ["q3", "goals"], prefix: false, phrase: true },
  ]);
  assert.deepEqual(parseQuery("e-mail"), [{ words: ["e", "mail"], prefix: true, phrase: true }]);
  assert.deepEqual(parseQuery('"unclosed quote'), [
    { words: ["unclosed", "quote"], prefix: false, phrase: true },
  ]);
  assert.deepEqual(parseQuery(" ?! "), []);
});

test("termAt matches adjacent words, the last one as a prefix when asked", () => {
  const words = ["the", "incident", "review", "meeting"];
  assert.ok(termAt(words, 1, { words: ["incident", "review"], prefix: false, phrase: true }));
  assert.ok(!termAt(words, 0, { words: ["incident", "review"], prefix: false, phrase: true }));
  assert.ok(termAt(words, 2, { words: ["review", "meet"], prefix: true, phrase: true }));
  assert.ok(!termAt(words, 2, { words: ["review", "meet"], prefix: false, phrase: true }));
  assert.ok(!termAt(words, 3, { words: ["meeting", "notes"], prefix: false, phrase: true }));
});
