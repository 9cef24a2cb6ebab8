import assert from "node:assert/strict";
import { test } from "node:test";
import { PostingsBuilder, TermDictionary, TITLE_BIT } from "./postings.ts";

test("postings round-trip, look up exact words and prefixes, and take later documents after decoding", () => {
  const b = new PostingsBuilder();
  b.add(
    0,
    new Map([
      ["alpha", 1],
      ["beta", 2 | TITLE_BIT],
    ]),
  );
  b.add(3, new Map([["alpha", 5]]));
  b.add(300, new Map([["alphabet", 1]]));
  const dict = new TermDictionary(b.encode());
  assert.deepEqual(
    Array.from({ length: dict.size }, (_, i) => dict.term(i)),
    ["alpha", "alphabet", "beta"],
  );
  assert.deepEqual(dict.exact("alpha"), { docs: [0, 3], weights: [1, 5] });
  assert.deepEqual(dict.exact("beta"), { docs: [0], weights: [2 | TITLE_BIT] });
  assert.deepEqual(dict.exact("gamma"), { docs: [], weights: [] });
  assert.deepEqual(
    [...dict.withPrefix("alph")].map((x) => [x.term, x.list.docs]),
    [
      ["alpha", [0, 3]],
      ["alphabet", [300]],
    ],
  );

  const more = PostingsBuilder.from(dict);
  more.add(301, new Map([["alpha", 1]]));
  assert.throws(() => more.add(5, new Map([["alpha", 1]])), /out of order/);
  assert.deepEqual(new TermDictionary(more.encode()).exact("alpha").docs, [0, 3, 301]);
});
