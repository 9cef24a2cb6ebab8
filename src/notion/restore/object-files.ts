// The Notion-hosted files of restored objects (icons, covers, files values, media blocks), uploaded once each from the snapshot.
import type { NotionClient } from "../client.ts";
import type { WorkspaceSnapshot } from "../snapshot-reader.ts";
import type { RestoreJournal } from "./journal.ts";
import type { RestoreReportBuilder } from "./report.ts";
import { fileSlot, uploadObjectFiles, workspaceUploadLimit } from "./upload.ts";

/** Upload ids by owner (old id) and place in it ("icon", "cover", "image", "properties.Files.files.0"). */
export class ObjectFiles {
  private readonly ids = new Map<string, string>();
  private cap?: number;

  constructor(
    private readonly reader: WorkspaceSnapshot,
    private readonly client: NotionClient,
    private readonly journal: RestoreJournal,
    private readonly report: RestoreReportBuilder,
    private readonly dryRun: boolean,
    private readonly signal?: AbortSignal,
  ) {}

  /** The upload id for the file at `path` of object `ownerId`, once uploaded. */
  get(ownerId: string, path: string): string | undefined {
    return this.ids.get(fileSlot(ownerId, [path]));
  }

  /** The workspace's per-file upload cap (read once from users/me). */
  async limit(): Promise<number> {
    this.cap ??= this.dryRun
      ? Number.POSITIVE_INFINITY
      : await workspaceUploadLimit(this.client, this.signal);
    return this.cap;
  }

  /** Uploads the Notion-hosted files of an object (icon, cover, files values, its blocks' media) once each. */
  async upload(id: string): Promise<void> {
    if (!this.dryRun) {
      const uploads = await uploadObjectFiles(this.client, this.reader, id, {
        limitBytes: await this.limit(),
        journal: this.journal,
        ...(this.signal ? { signal: this.signal } : {}),
      });
      for (const [slot, uploadId] of uploads.bySlot) {
        if (this.ids.has(slot)) continue;
        this.ids.set(slot, uploadId);
        this.report.created.files++;
      }
      for (const s of uploads.skipped) this.report.lost(s.owner, "file", `${s.file}: ${s.reason}`);
      return;
    }
    const refs = await this.reader.files(id, this.signal);
    for (const ref of refs) {
      if (ref.source !== "hosted" || ref.owner.object === "comment") continue;
      const key = fileSlot(ref.owner.id, ref.owner.path);
      if (this.ids.has(key)) continue;
      this.ids.set(key, "00000000-0000-4000-8000-000000000000");
      // create + send, or create + one send per 10 MB part + complete.
      const parts = ref.size > 20 * 1024 * 1024 ? Math.ceil(ref.size / (10 * 1024 * 1024)) + 1 : 1;
      await this.client.call("fileUploads.create", {} as never);
      for (let i = 0; i < parts; i++) await this.client.call("fileUploads.send", {} as never);
      this.report.created.files++;
    }
  }
}
