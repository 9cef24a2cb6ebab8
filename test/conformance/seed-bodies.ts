// The request bodies the seed writes for itself: one per block type, and a schema with every property type.
//
// Written for the seed (never taken from a recorded answer), so the emulator alone shapes what it
// answers for them.

/** A rich-text array of one plain text item. */
export const plain = (content: string) => [{ type: "text", text: { content } }];

const external = (url: string) => ({ type: "external", external: { url } });
/** A paragraph block body for append. */
export const paragraph = (content: string) => ({
  type: "paragraph",
  paragraph: { rich_text: plain(content) },
});

/** Block types the seed can create with a body of its own, by append. */
export const BLOCK_BODIES: Record<string, () => Record<string, unknown>> = {
  paragraph: () => ({ rich_text: plain("Seeded paragraph"), color: "default" }),
  bulleted_list_item: () => ({ rich_text: plain("Seeded bullet") }),
  numbered_list_item: () => ({ rich_text: plain("Seeded number") }),
  quote: () => ({ rich_text: plain("Seeded quote") }),
  toggle: () => ({ rich_text: plain("Seeded toggle"), children: [paragraph("inside the toggle")] }),
  to_do: () => ({ rich_text: plain("Seeded to-do"), checked: false }),
  heading_1: () => ({ rich_text: plain("Seeded heading 1") }),
  heading_2: () => ({ rich_text: plain("Seeded heading 2") }),
  heading_3: () => ({ rich_text: plain("Seeded heading 3") }),
  heading_4: () => ({ rich_text: plain("Seeded heading 4") }),
  callout: () => ({ rich_text: plain("Seeded callout"), icon: { type: "emoji", emoji: "💡" } }),
  code: () => ({ rich_text: plain("const x = 1;"), language: "javascript" }),
  equation: () => ({ expression: "a^2 + b^2 = c^2" }),
  divider: () => ({}),
  breadcrumb: () => ({}),
  table_of_contents: () => ({}),
  bookmark: () => ({ url: "https://example.com/seed" }),
  embed: () => ({ url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ" }),
  image: () => external("https://example.com/seed.png"),
  video: () => external("https://example.com/seed.mp4"),
  audio: () => external("https://example.com/seed.mp3"),
  pdf: () => external("https://example.com/seed.pdf"),
  file: () => external("https://example.com/seed.zip"),
  table: () => ({
    table_width: 2,
    has_column_header: true,
    has_row_header: false,
    children: [1, 2, 3].map((n) => ({
      type: "table_row",
      table_row: { cells: [plain(`r${n}a`), plain(`r${n}b`)] },
    })),
  }),
  column_list: () => ({
    children: [1, 2].map((n) => ({ type: "column", column: { children: [paragraph(`column ${n}`)] } })),
  }),
  synced_block: () => ({ synced_from: null, children: [paragraph("synced content")] }),
};

/** The seed's data source schema: one property of every type the API can create. */
export function schema(targetDataSourceId: string): Record<string, unknown> {
  return {
    Name: { title: {} },
    Checkbox: { checkbox: {} },
    CreatedBy: { created_by: {} },
    CreatedTime: { created_time: {} },
    Date: { date: {} },
    Email: { email: {} },
    Files: { files: {} },
    Formula: { formula: { expression: 'prop("Number") * 2' } },
    LastEditedBy: { last_edited_by: {} },
    LastEditedTime: { last_edited_time: {} },
    MultiSelect: { multi_select: { options: [{ name: "Alpha", color: "blue" }, { name: "Beta" }] } },
    Number: { number: { format: "number" } },
    People: { people: {} },
    Phone: { phone_number: {} },
    Relation: {
      relation: { data_source_id: targetDataSourceId, type: "single_property", single_property: {} },
    },
    Rollup: {
      rollup: { function: "count", relation_property_name: "Relation", rollup_property_name: "Name" },
    },
    Text: { rich_text: {} },
    Select: { select: { options: [{ name: "One", color: "red" }, { name: "Two" }] } },
    Status: { status: {} },
    Url: { url: {} },
    Id: { unique_id: { prefix: "SEED" } },
  };
}
