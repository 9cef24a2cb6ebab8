// Download of a page (or a page and everything under it) as Markdown, HTML or JSON, in a zip.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { type Zippable, zipSync } from "fflate";
import { exportFolder } from "../../inspect/folder-export.ts";
import { objectJson } from "../../inspect/object-json.ts";
import { renderDocument } from "../../inspect/render-document.ts";
import { safeStem } from "../../inspect/safe-name.ts";
import type { WorkspaceSnapshot } from "../../notion/snapshot-reader.ts";
import { StoreError } from "../../store/errors.ts";
import type { UiRequest, UiResponse } from "../response.ts";

const FORMATS = ["md", "html", "json"] as const;
type Format = (typeof FORMATS)[number];

/** One object alone: its document and the files it shows, side by side in `media/`. */
async function singleObject(
  reader: WorkspaceSnapshot,
  id: string,
  format: Format,
  signal: AbortSignal,
): Promise<Zippable> {
  const entry = reader.entry(id)!;
  const stem = safeStem(entry.title);
  const files: Zippable = {};
  const used = new Map<string, string>();
  for (const ref of await reader.files(id, signal)) {
    if (used.has(ref.path)) continue;
    // files.json names are unique within a folder; page and comment files share this one.
    const name = `media/${ref.file}`;
    used.set(ref.path, name);
    files[name] = await reader.readBytes(ref.path, signal);
  }
  if (format === "json") {
    files[`${stem}.json`] = new TextEncoder().encode(
      `${JSON.stringify(await objectJson(reader, id, { rows: true, signal }), null, 2)}\n`,
    );
  } else {
    const text = await renderDocument(
      reader,
      id,
      format,
      { link: () => undefined, media: (ref) => used.get(ref.path) },
      signal,
    );
    files[`${stem}.${format}`] = new TextEncoder().encode(text);
  }
  return files;
}

/** A subtree through the folder export (index, relative links, media beside pages), read back into a zip. */
async function subtree(
  reader: WorkspaceSnapshot,
  id: string,
  format: Format,
  signal: AbortSignal,
): Promise<Zippable> {
  const dir = await mkdtemp(join(tmpdir(), "nvault-ui-"));
  try {
    await exportFolder(reader, { target: dir, formats: [format], rootId: id, signal });
    const files: Zippable = {};
    for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (!e.isFile()) continue;
      const full = join(e.parentPath, e.name);
      files[relative(dir, full).split(sep).join("/")] = new Uint8Array(await readFile(full));
    }
    return files;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** GET /s/:snapshot/p/:id/download?format=md|html|json[&subtree=1] */
export async function downloadView(req: UiRequest): Promise<UiResponse> {
  const reader = await req.vault.reader(req.params[0]!, req.signal);
  const id = reader.require(req.params[1]!);
  const format = (req.query.get("format") ?? "md") as Format;
  if (!FORMATS.includes(format)) throw new StoreError("invalid_argument", "format must be md, html or json");
  const all = req.query.get("subtree") === "1";
  const files = all
    ? await subtree(reader, id, format, req.signal)
    : await singleObject(reader, id, format, req.signal);
  const zip = zipSync(files, { level: 6, mtime: new Date(reader.snapshot.manifest.time) });
  const name = `${safeStem(reader.entry(id)!.title)}${all ? " (with subpages)" : ""} ${format}.zip`;
  return {
    status: 200,
    type: "application/zip",
    body: zip,
    headers: {
      "content-disposition": `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    },
  };
}
