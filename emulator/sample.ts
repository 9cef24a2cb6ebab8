// The hand-made "Acme Wiki" workspace of the demo: a small wiki, two linked databases, comments, two people.
import type { BlockParent } from "./generator/blocks.ts";
import { createContext, stamps, toWorkspaceData } from "./generator/context.ts";
import { type DatabasePlan, writeDatabases } from "./generator/databases.ts";
import { page, renameRows, titleOf, Writer } from "./generator/hand-writer.ts";
import { DEFAULT_OPTIONS } from "./generator/options.ts";
import { equation, mentionDate, mentionPage, mentionUser, text } from "./generator/rich-text.ts";
import { person } from "./generator/users.ts";
import { Workspace, type WorkspaceData } from "./workspace.ts";

/** Title of the sample's top-level page. */
export const SAMPLE_ROOT_TITLE = "Acme Wiki";

const ADA = person("5a3c2e10-0d5e-4b7a-9c1f-3b2a1d0e9f01", "Ada Lovelace", "ada@acme.example");
const GRACE = person("7b1d4f22-6c8e-4a93-8e2d-5f4c3b2a1e02", "Grace Hopper", "grace@acme.example");

/** Loads the sample workspace (same ids and content every time). */
export function loadSample(): Workspace {
  return Workspace.fromData(sampleWorkspaceData());
}

/** The sample in the workspace file form. */
export function sampleWorkspaceData(): WorkspaceData {
  const ctx = createContext(
    {
      ...DEFAULT_OPTIONS,
      seed: 2026,
      users: 2,
      rowsPerDatabase: 5,
      relationsPerRow: 1,
      mediaFiles: 4,
      mediaSize: 48 * 1024,
    },
    [ADA, GRACE],
  );
  const wiki = page(ctx, SAMPLE_ROOT_TITLE, undefined, "🏢");
  const onboarding = page(ctx, "Onboarding", wiki, "👋");
  const engineering = page(ctx, "Engineering", wiki, "🛠️");
  const runbooks = page(ctx, "Runbooks", engineering, "📕");
  const plan = (title: string, isInline: boolean, sources: number): DatabasePlan => ({
    id: ctx.rng.uuid(),
    title,
    parentPageId: wiki.id,
    isInline,
    dataSourceIds: Array.from({ length: sources }, () => ctx.rng.uuid()),
    stamps: stamps(ctx),
  });
  const projects = plan("Projects", false, 1);
  const tasks = plan("Tasks", true, 2);
  ctx.pageTargets = [wiki, onboarding, engineering, runbooks].map((p) => ({ id: p.id, title: titleOf(p) }));
  ctx.databaseTargets = [projects, tasks].map((d) => ({ id: d.id, title: d.title }));
  const w = new Writer(ctx);

  // Acme Wiki
  const home: BlockParent = { type: "page_id", id: wiki.id };
  w.block(home, "heading_1", {
    rich_text: [text("Welcome to Acme")],
    is_toggleable: false,
    color: "default",
  });
  w.block(home, "paragraph", {
    rich_text: [
      text("Start with "),
      mentionPage(onboarding.id, "Onboarding"),
      text(", then read how we build things in "),
      mentionPage(engineering.id, "Engineering"),
      text(". Questions go to "),
      mentionUser(ADA),
      text("."),
    ],
    color: "default",
  });
  w.block(home, "callout", {
    rich_text: [
      text("This wiki is backed up every hour by "),
      text("notion-vault", { code: true }),
      text("."),
    ],
    icon: { type: "emoji", emoji: "🔒" },
    color: "gray_background",
  });
  w.child(home, "child_page", onboarding);
  w.child(home, "child_page", engineering);
  w.child(home, "child_database", projects);
  w.child(home, "child_database", tasks);

  // Onboarding
  const ob: BlockParent = { type: "page_id", id: onboarding.id };
  w.block(ob, "heading_2", { rich_text: [text("Your first week")], is_toggleable: false, color: "default" });
  const laptop = w.todo(ob, "Set up your laptop", true);
  w.todo({ type: "block_id", id: laptop.id }, "Install Node.js 20", true);
  w.todo({ type: "block_id", id: laptop.id }, "Clone the monorepo", false);
  w.todo(ob, "Meet your buddy", false);
  w.block(ob, "paragraph", {
    rich_text: [
      text("The next all-hands is on "),
      mentionDate("2025-03-14"),
      text(". Bring questions!", { bold: true }),
    ],
    color: "default",
  });
  const faq = w.block(ob, "toggle", {
    rich_text: [text("Where do I find the VPN settings?")],
    color: "default",
  });
  w.para({ type: "block_id", id: faq.id }, "In the IT handbook, section 3. Ask in #it-help if stuck.");
  for (const step of ["Read the handbook", "Pick a starter issue", "Ship it"]) {
    w.block(ob, "numbered_list_item", { rich_text: [text(step)], color: "default" });
  }
  w.block(ob, "quote", {
    rich_text: [text("Simple things should be simple.", { italic: true })],
    color: "default",
  });
  w.block(ob, "bookmark", { caption: [], url: "https://example.com/handbook" });
  w.block(ob, "link_to_page", { type: "page_id", page_id: engineering.id });
  const welcome = w.media(ob, "image", true);

  // Engineering
  const eng: BlockParent = { type: "page_id", id: engineering.id };
  w.block(eng, "table_of_contents", { color: "default" });
  w.block(eng, "heading_1", { rich_text: [text("Architecture")], is_toggleable: false, color: "default" });
  w.block(eng, "paragraph", {
    rich_text: [
      text("Services talk over "),
      text("HTTP", { bold: true }),
      text(" and queue work in "),
      text("Redis", { code: true }),
      text("; see the "),
      text("design doc", {}, "https://example.com/design"),
      text(". Latency budget: "),
      equation("p_{99} < 200\\,ms"),
      text("."),
    ],
    color: "default",
  });
  const code = w.block(eng, "code", {
    caption: [text("Retry with backoff")],
    rich_text: [
      text(
        "export async function retry(fn, tries = 3) {\n  for (let i = 0; ; i++) {\n    try {\n      return await fn();\n    } catch (err) {\n      if (i + 1 >= tries) throw err;\n      await new Promise((r) => setTimeout(r, 2 ** i * 100));\n    }\n  }\n}",
      ),
    ],
    language: "typescript",
  });
  w.block(eng, "equation", { expression: "T_{total} = \\sum_{i=1}^{n} t_i + (n - 1)\\,\\delta" });
  const columns = w.block(eng, "column_list", {});
  for (const [head, body] of [
    ["Frontend", "React, Vite, Playwright"],
    ["Backend", "Node.js, Postgres, Redis"],
  ] as const) {
    const col = w.block({ type: "block_id", id: columns.id }, "column", { width_ratio: 0.5 });
    w.block({ type: "block_id", id: col.id }, "heading_3", {
      rich_text: [text(head)],
      is_toggleable: false,
      color: "default",
    });
    w.para({ type: "block_id", id: col.id }, body);
  }
  const table = w.block(eng, "table", { table_width: 3, has_column_header: true, has_row_header: false });
  for (const row of [
    ["Service", "Owner", "On call"],
    ["api", "Ada", "yes"],
    ["web", "Grace", "no"],
    ["worker", "Ada", "yes"],
  ]) {
    w.block({ type: "block_id", id: table.id }, "table_row", { cells: row.map((c) => [text(c)]) });
  }
  const deploy = w.block(eng, "heading_2", {
    rich_text: [text("Deploying")],
    is_toggleable: true,
    color: "default",
  });
  w.todo({ type: "block_id", id: deploy.id }, "Green CI", true);
  w.todo({ type: "block_id", id: deploy.id }, "Changelog updated", false);
  w.block(eng, "callout", {
    rich_text: [text("Never deploy on Fridays.")],
    icon: { type: "emoji", emoji: "⚠️" },
    color: "yellow_background",
  });
  const tip = w.block(eng, "callout", {
    rich_text: [text("Tip: feature flags live in the config service.")],
    icon: { type: "icon", icon: { name: "lightbulb", color: "yellow" } },
    color: "gray_background",
  });
  w.para({ type: "block_id", id: tip.id }, "Flags are read at startup and every minute after.");
  const synced = w.block(eng, "synced_block", { synced_from: null });
  w.para({ type: "block_id", id: synced.id }, "Incident hotline: +1 555 0100 (24/7).");
  w.block({ type: "block_id", id: synced.id }, "bulleted_list_item", {
    rich_text: [text("Escalate after 15 minutes")],
    color: "default",
  });
  w.media(eng, "image", false);
  w.media(eng, "pdf", true);
  w.media(eng, "file", true);
  w.media(eng, "video", false);
  w.block(eng, "embed", { caption: [], url: "https://example.com/embed/status" });
  w.block(eng, "divider", {});
  w.block(eng, "link_preview", { url: "https://github.com/example/acme/pull/42" });
  w.block(eng, "unsupported", { block_type: "button" });
  w.child(eng, "child_page", runbooks);

  // Runbooks
  const rb: BlockParent = { type: "page_id", id: runbooks.id };
  w.block(rb, "breadcrumb", {});
  w.block(rb, "synced_block", { synced_from: { type: "block_id", block_id: synced.id } });
  for (const step of ["Check the dashboard", "Roll back the last deploy", "Write the incident note"]) {
    w.block(rb, "numbered_list_item", { rich_text: [text(step)], color: "default" });
  }
  w.block(rb, "code", {
    caption: [],
    rich_text: [text("kubectl rollout undo deployment/api")],
    language: "shell",
  });

  writeDatabases(ctx, [projects, tasks]);
  renameRows(ctx, projects.dataSourceIds[0]!, [
    "Website redesign",
    "Mobile app v2",
    "Billing migration",
    "Security audit",
    "Customer portal",
  ]);
  renameRows(ctx, tasks.dataSourceIds[0]!, ["Draft wireframes", "Set up CI", "Write API docs"]);
  renameRows(ctx, tasks.dataSourceIds[1]!, ["Old launch checklist", "2023 retro notes"]);

  // Comments: a page-level thread with a reply and an attachment, an inline one, a resolved one
  const welcomeThread = ctx.rng.uuid();
  w.comment(
    { type: "page_id", page_id: onboarding.id },
    welcomeThread,
    ADA,
    "Welcome aboard! Ping me with any question.",
    welcome,
  );
  w.comment(
    { type: "page_id", page_id: onboarding.id },
    welcomeThread,
    GRACE,
    "Thanks Ada, the checklist helps.",
  );
  const codeThread = ctx.rng.uuid();
  w.comment({ type: "block_id", block_id: code.id }, codeThread, GRACE, "Should the delay have jitter?");
  w.comment({ type: "block_id", block_id: code.id }, codeThread, ADA, "Yes, let's add it next sprint.");
  w.comment(
    { type: "page_id", page_id: engineering.id },
    ctx.rng.uuid(),
    GRACE,
    "Typo in the equation.",
    undefined,
    true,
  );

  return toWorkspaceData(ctx, "Acme", [wiki.id]);
}
