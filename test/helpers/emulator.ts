// Starts an in-process emulator and an SDK client pointed at it: the one way tests get a Notion.
import { Client, LogLevel } from "@notionhq/client";
import {
  createEmulator,
  DEFAULT_TOKEN,
  type Emulator,
  type EmulatorOptions,
  Workspace,
  type WorkspaceData,
} from "../../emulator/index.ts";
import { textItem } from "../../emulator/rich-text.ts";

/** The SDK constructor's options (the package does not export their type by name). */
type ClientOptions = NonNullable<ConstructorParameters<typeof Client>[0]>;

/** What a test gets: the emulator, its workspace and log, a token and a ready SDK client. */
export interface TestEmulator {
  url: string;
  token: string;
  ws: Workspace;
  log: Emulator["log"];
  emulator: Emulator;
  client: Client;
  close(): Promise<void>;
}

/** Options of startEmulator: the emulator's own (rate limit off unless given) plus the workspace. */
export interface StartEmulatorOptions extends Omit<EmulatorOptions, "workspace"> {
  workspace?: Workspace | WorkspaceData;
  /** Which integration's token the client uses (default: the first one). */
  token?: string;
  /** Extra SDK client options (e.g. `retry: false`). */
  client?: Partial<ClientOptions>;
}

/** Id of the shared page in the default workspace. */
export const HOME_PAGE_ID = "11111111-1111-4111-8111-111111111111";

/** A workspace holding one top-level page ("Home"), shared with the default integration. */
export function defaultWorkspaceData(): WorkspaceData {
  const t = "2026-01-01T00:00:00.000Z";
  const user = { object: "user", id: "22222222-2222-4222-8222-222222222222" };
  return {
    name: "Test workspace",
    users: [
      {
        ...user,
        name: "Ada Admin",
        avatar_url: null,
        type: "person",
        person: { email: "ada@example.com", email_verified: true },
      },
    ],
    pages: [
      {
        object: "page",
        id: HOME_PAGE_ID,
        created_time: t,
        last_edited_time: t,
        created_by: user,
        last_edited_by: user,
        cover: null,
        icon: null,
        parent: { type: "workspace", workspace: true },
        in_trash: false,
        properties: { title: { id: "title", type: "title", title: [plainText("Home")] } },
      },
    ],
  };
}

/** A rich text item as Notion answers it. */
export function plainText(content: string) {
  return textItem(content);
}

/** Starts an emulator on a random loopback port; rate limiting is off unless asked for. */
export async function startEmulator(opts: StartEmulatorOptions = {}): Promise<TestEmulator> {
  const { workspace, token: wanted, client: clientOptions, ...emulatorOptions } = opts;
  const ws =
    workspace instanceof Workspace ? workspace : Workspace.fromData(workspace ?? defaultWorkspaceData());
  const emulator = await createEmulator({ rateLimit: false, ...emulatorOptions, workspace: ws });
  const token = wanted ?? ws.integrations.keys().next().value ?? DEFAULT_TOKEN;
  const client = new Client({
    auth: token,
    baseUrl: emulator.url,
    logLevel: LogLevel.ERROR,
    ...clientOptions,
  });
  return { url: emulator.url, token, ws, log: emulator.log, emulator, client, close: () => emulator.close() };
}
