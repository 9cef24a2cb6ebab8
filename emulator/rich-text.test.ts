import assert from "node:assert/strict";
import { test } from "node:test";
import { normalizeRichText, notionUrl, plainText } from "./rich-text.ts";
import { Workspace } from "./workspace.ts";

const PAGE = "11111111-1111-4111-8111-111111111111";
const USER = "22222222-2222-4222-8222-222222222222";

function ws(): Workspace {
  const w = new Workspace();
  w.pages.set(PAGE, {
    id: PAGE,
    properties: { title: { type: "title", title: [{ plain_text: "Roadmap" }] } },
  });
  w.users.set(USER, { object: "user", id: USER, name: "Ada", type: "person", person: { email: "a@e.com" } });
  return w;
}

test("text items get default annotations, plain_text and href", () => {
  const [item] = normalizeRichText(
    [{ text: { content: "hi", link: { url: "https://e.com" } }, annotations: { bold: true } }],
    ws(),
    "b",
  );
  assert.deepEqual(item, {
    type: "text",
    text: { content: "hi", link: { url: "https://e.com" } },
    annotations: {
      bold: true,
      italic: false,
      strikethrough: false,
      underline: false,
      code: false,
      color: "default",
    },
    plain_text: "hi",
    href: "https://e.com",
  });
});

test("mentions resolve titles, users, dates and template labels", () => {
  const items = normalizeRichText(
    [
      { mention: { page: { id: PAGE.replace(/-/g, "") } } },
      { mention: { user: { id: USER } } },
      { mention: { date: { start: "2026-01-01", end: "2026-01-02" } } },
      { mention: { template_mention: { type: "template_mention_user", template_mention_user: "me" } } },
      { type: "equation", equation: { expression: "x^2" } },
    ],
    ws(),
    "b",
  );
  assert.deepEqual(items[0]!.mention, { type: "page", page: { id: PAGE } });
  assert.equal(items[0]!.href, notionUrl(PAGE));
  assert.equal(plainText(items), "Roadmap@Ada2026-01-01 → 2026-01-02@Mex^2");
  assert.equal(items[1]!.mention.user.name, "Ada");
});
