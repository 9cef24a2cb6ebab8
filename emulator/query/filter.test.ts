// Unit tests of filter evaluation: text, numbers, choices, references, dates (relative too), formulas, rollups.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Schema } from "../schema.ts";
import { type FilterContext, matchesFilter, validateFilter } from "./filter.ts";

const schema: Schema = {
  Name: { id: "title", name: "Name", type: "title", title: {} },
  N: { id: "n", name: "N", type: "number", number: {} },
  Tags: { id: "t", name: "Tags", type: "multi_select", multi_select: {} },
  State: { id: "s", name: "State", type: "status", status: {} },
  Due: { id: "d", name: "Due", type: "date", date: {} },
  Who: { id: "w", name: "Who", type: "people", people: {} },
  F: { id: "f", name: "F", type: "formula", formula: {} },
  R: { id: "r", name: "R", type: "rollup", rollup: {} },
};
const ctx: FilterContext = { schema, now: new Date("2026-05-10T12:00:00Z"), meId: "bot" };

const page = {
  id: "p",
  created_time: "2026-05-01T08:00:00.000Z",
  last_edited_time: "2026-05-09T08:00:00.000Z",
  properties: {
    Name: { id: "title", type: "title", title: [{ plain_text: "Quarterly Report" }] },
    N: { id: "n", type: "number", number: 42 },
    Tags: { id: "t", type: "multi_select", multi_select: [{ name: "a" }, { name: "b" }] },
    State: { id: "s", type: "status", status: { name: "Done" } },
    Due: { id: "d", type: "date", date: { start: "2026-05-09T23:30:00.000+02:00", end: null } },
    Who: { id: "w", type: "people", people: [{ object: "user", id: "bot" }] },
    F: { id: "f", type: "formula", formula: { type: "number", number: 7 } },
    R: { id: "r", type: "rollup", rollup: { type: "array", array: [{ type: "number", number: 3 }] } },
  },
};

const yes = (filter: any) => assert.equal(matchesFilter(filter, page, ctx), true, JSON.stringify(filter));
const no = (filter: any) => assert.equal(matchesFilter(filter, page, ctx), false, JSON.stringify(filter));

test("text filters: contains is case-insensitive, equals exact, emptiness", () => {
  yes({ property: "Name", title: { contains: "report" } });
  yes({ property: "title", rich_text: { starts_with: "quarter" } });
  no({ property: "Name", title: { equals: "quarterly report" } });
  no({ property: "Name", title: { is_empty: true } });
});

test("numbers, choices, multi-select and people (with me)", () => {
  yes({ property: "N", number: { greater_than_or_equal_to: 42 } });
  no({ property: "N", number: { less_than: 42 } });
  yes({ property: "State", status: { equals: ["Todo", "Done"] } });
  yes({ property: "Tags", multi_select: { contains: "b" } });
  no({ property: "Tags", multi_select: { does_not_contain: "a" } });
  yes({ property: "Who", people: { contains: "me" } });
});

test("dates compare by day for date-only operands and by instant otherwise; relative values resolve", () => {
  yes({ property: "Due", date: { equals: "2026-05-09" } });
  yes({ property: "Due", date: { before: "2026-05-09T22:00:00Z" } });
  yes({ property: "Due", date: { past_week: {} } });
  yes({ property: "Due", date: { on_or_after: "yesterday" } });
  no({ property: "Due", date: { after: "today" } });
  yes({ timestamp: "created_time", created_time: { on_or_before: "2026-05-01T08:00:00.000Z" } });
  no({ timestamp: "last_edited_time", last_edited_time: { after: "2026-05-09T08:00:00.000Z" } });
});

test("compound groups, formulas and rollups", () => {
  yes({
    or: [
      { property: "N", number: { equals: 1 } },
      { and: [{ property: "F", formula: { number: { equals: 7 } } }] },
    ],
  });
  no({
    and: [
      { property: "N", number: { equals: 42 } },
      { property: "Tags", multi_select: { is_empty: true } },
    ],
  });
  yes({ property: "R", rollup: { any: { number: { greater_than: 2 } } } });
  no({ property: "R", rollup: { every: { number: { greater_than: 5 } } } });
});

test("validation rejects unknown properties, mismatched filter types and deep nesting", () => {
  assert.throws(
    () => validateFilter({ property: "Nope", number: { equals: 1 } }, schema),
    /Could not find property/,
  );
  assert.throws(
    () => validateFilter({ property: "N", checkbox: { equals: true } }, schema),
    /does not match/,
  );
  const leaf = { property: "N", number: { equals: 1 } };
  validateFilter({ and: [{ or: [leaf] }] }, schema);
  assert.throws(() => validateFilter({ and: [{ or: [{ and: [leaf] }] }] }, schema), /nest/);
});
