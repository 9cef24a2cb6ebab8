// Files of a snapshot sent back to Notion through the File Upload API: once per content, single or multi-part.
import { createHash } from "node:crypto";
import type { FileUploadObjectResponse } from "@notionhq/client";
import type { NotionClient } from "../client.ts";
import { isNotionApiError } from "../errors.ts";
import type { SnapshotFileRef, WorkspaceSnapshot } from "../snapshot-reader.ts";
import type { RestoreJournal } from "./journal.ts";

/** Largest file sent in one request (Notion: single_part up to 20 MB). */
export const SINGLE_PART_MAX_BYTES = 20 * 1024 * 1024;
/** Size of each part of a multi-part upload (Notion: 5 to 20 MiB per part, 10 MB recommended). */
export const PART_BYTES = 10 * 1024 * 1024;
/** The per-file cap of a Free workspace, assumed when users/me does not say (the safe guess). */
export const DEFAULT_UPLOAD_LIMIT = 5 * 1024 * 1024;
/** An unattached upload this close to its expiry is not trusted to be attached in time. */
const EXPIRY_MARGIN_MS = 5 * 60 * 1000;
/** Parts in flight at once for one file. */
const PART_CONCURRENCY = 3;
/** Tries of one upload step whose outcome Notion left unknown. */
const AMBIGUOUS_TRIES = 3;

/** What uploads need from the restore journal. */
export type UploadJournal = Pick<RestoreJournal, "get" | "record">;

/** A file to upload: its name (Notion checks the extension), type and bytes. */
export interface UploadFile {
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

/** Options of uploadSnapshotFile. */
export interface UploadOptions {
  /** The workspace's per-file cap (workspaceUploadLimit); larger files are skipped. */
  limitBytes: number;
  journal: UploadJournal;
  /** Journal key of this content (default `upload:<sha256 of the bytes>`). */
  key?: string;
  signal?: AbortSignal;
  /** Overrides of Notion's part sizes, for tests (the API's own rules still apply). */
  singlePartMaxBytes?: number;
  partBytes?: number;
}

/** An upload ready to attach (`{type:"file_upload", file_upload:{id}}`), or why there is none. */
export type UploadResult = { id: string } | { skipped: string };

/**
 * The workspace's largest allowed upload, from `users/me` (bot.workspace_limits); 5 MiB, the Free
 * plan's cap, when Notion does not say.
 */
export async function workspaceUploadLimit(client: NotionClient, signal?: AbortSignal): Promise<number> {
  const me = (await client.call("users.me", {}, { signal })) as { bot?: Record<string, any> };
  const limit = me.bot?.workspace_limits?.max_file_upload_size_in_bytes;
  return typeof limit === "number" && limit > 0 ? limit : DEFAULT_UPLOAD_LIMIT;
}

// One upload per content and journal at a time, shared by every block that uses the file.
const inFlight = new WeakMap<UploadJournal, Map<string, Promise<UploadResult>>>();

/**
 * Uploads a file of the snapshot and returns the id to attach. Notion lets one upload be attached
 * any number of times ("upload once, attach many times"), so a content is uploaded once per restore:
 * its id is recorded under `upload:<sha256>` as soon as the upload exists, and later uses (and a
 * re-run) take it from there. On a re-run the recorded upload is checked: an attached or still
 * valid one is reused, a pending one is finished, an expired or vanished one is redone. Uploads
 * created by an attempt whose answer was lost are orphans that Notion expires after an hour; they
 * are never attached, so redoing a step is harmless.
 */
export function uploadSnapshotFile(
  client: NotionClient,
  file: UploadFile,
  opts: UploadOptions,
): Promise<UploadResult> {
  if (file.bytes.length > opts.limitBytes) {
    return Promise.resolve({ skipped: `over the workspace limit of ${opts.limitBytes} bytes` });
  }
  const key = opts.key ?? `upload:${createHash("sha256").update(file.bytes).digest("hex")}`;
  let running = inFlight.get(opts.journal);
  if (!running) {
    running = new Map();
    inFlight.set(opts.journal, running);
  }
  const pending = running.get(key);
  if (pending) return pending;
  const job = upload(client, file, key, opts);
  running.set(key, job);
  // A failure is not cached: the next use tries again.
  job.catch(() => running.delete(key));
  return job;
}

async function upload(
  client: NotionClient,
  file: UploadFile,
  key: string,
  opts: UploadOptions,
): Promise<UploadResult> {
  const signal = opts.signal;
  const singleMax = opts.singlePartMaxBytes ?? SINGLE_PART_MAX_BYTES;
  const partBytes = opts.partBytes ?? PART_BYTES;
  const parts = file.bytes.length > singleMax ? Math.ceil(file.bytes.length / partBytes) : 1;
  const known = opts.journal.get(key);
  if (known) {
    const state = await retrieve(client, known, signal);
    if (state && usable(state)) return { id: known };
    if (
      state?.status === "pending" &&
      fresh(state) &&
      samePlan(state, parts, file.bytes.length > singleMax)
    ) {
      await finish(client, state, file, parts, partBytes, signal);
      return { id: known };
    }
  }
  const created = await ambiguousTries(
    () =>
      client.call(
        "fileUploads.create",
        parts > 1
          ? {
              mode: "multi_part",
              number_of_parts: parts,
              filename: file.name,
              content_type: file.contentType,
            }
          : { mode: "single_part", filename: file.name, content_type: file.contentType },
        { signal },
      ),
    // A lost answer leaves at most an orphan upload that expires unattached: create another.
    async () => undefined,
  );
  await opts.journal.record(key, created.id);
  await finish(client, created, file, parts, partBytes, signal);
  return { id: created.id };
}

/** Sends every part (all of them: Notion does not say which parts it already has) and completes. */
async function finish(
  client: NotionClient,
  upload: FileUploadObjectResponse,
  file: UploadFile,
  parts: number,
  partBytes: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  const send = (part: number) => {
    const bytes = parts > 1 ? file.bytes.subarray((part - 1) * partBytes, part * partBytes) : file.bytes;
    return ambiguousTries(
      () =>
        client.call(
          "fileUploads.send",
          {
            file_upload_id: upload.id,
            file: { filename: file.name, data: new Blob([bytes], { type: file.contentType }) },
            ...(parts > 1 ? { part_number: String(part) } : {}),
          },
          { signal },
        ),
      // A single part that did arrive leaves the upload "uploaded": sending again would be refused.
      async () => (parts === 1 ? doneOrUndefined(client, upload.id, signal) : undefined),
    );
  };
  let next = 1;
  const worker = async () => {
    while (next <= parts) await send(next++);
  };
  await Promise.all(Array.from({ length: Math.min(PART_CONCURRENCY, parts) }, worker));
  if (parts === 1) return;
  await ambiguousTries(
    () => client.call("fileUploads.complete", { file_upload_id: upload.id }, { signal }),
    async () => doneOrUndefined(client, upload.id, signal),
  );
}

/** Runs an "add" step; after an ambiguous failure asks `check` whether it happened before sending it again. */
async function ambiguousTries<T>(step: () => Promise<T>, check: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (err) {
      if (!isNotionApiError(err) || !err.ambiguous || attempt >= AMBIGUOUS_TRIES) throw err;
      const done = await check();
      if (done !== undefined) return done;
    }
  }
}

async function doneOrUndefined(
  client: NotionClient,
  id: string,
  signal: AbortSignal | undefined,
): Promise<FileUploadObjectResponse | undefined> {
  const state = await retrieve(client, id, signal);
  return state?.status === "uploaded" ? state : undefined;
}

async function retrieve(
  client: NotionClient,
  id: string,
  signal: AbortSignal | undefined,
): Promise<FileUploadObjectResponse | undefined> {
  try {
    return await client.call("fileUploads.retrieve", { file_upload_id: id }, { signal });
  } catch (err) {
    if (isNotionApiError(err, "object_not_found")) return undefined;
    throw err;
  }
}

/** Uploaded, and either attached already (no expiry) or valid long enough to be attached now. */
function usable(u: FileUploadObjectResponse): boolean {
  return u.status === "uploaded" && (u.expiry_time === null || fresh(u));
}

function fresh(u: FileUploadObjectResponse): boolean {
  return u.expiry_time === null || Date.parse(u.expiry_time) - Date.now() > EXPIRY_MARGIN_MS;
}

/** A pending upload can be finished only if it was created for the same number of parts. */
function samePlan(u: FileUploadObjectResponse, parts: number, multi: boolean): boolean {
  return multi ? u.number_of_parts?.total === parts : u.number_of_parts === undefined;
}

/** Where an uploaded file goes: the owner's old id and the path to the file object ("image", "callout.icon", "cover", "properties.Files.files.0"). */
export function fileSlot(ownerId: string, path: ReadonlyArray<string | number>): string {
  return `${ownerId}:${path.join(".")}`;
}

/** The uploads of an object's files, by slot (fileSlot), and the files that could not be uploaded. */
export interface ObjectUploads {
  bySlot: Map<string, string>;
  skipped: Array<{ slot: string; owner: string; file: string; reason: string }>;
}

/**
 * Uploads every Notion-hosted file the snapshot holds for an object and what it contains (its icon,
 * cover, files properties and the media of its blocks; comment attachments are left to comments.ts),
 * each content once. Payload builders then find the upload of a file object by its slot.
 */
export async function uploadObjectFiles(
  client: NotionClient,
  reader: WorkspaceSnapshot,
  objectId: string,
  opts: Omit<UploadOptions, "key">,
): Promise<ObjectUploads> {
  const out: ObjectUploads = { bySlot: new Map(), skipped: [] };
  const refs = (await reader.files(objectId, opts.signal)).filter(
    (r) => r.source === "hosted" && r.owner.object !== "comment",
  );
  for (const ref of refs) {
    const slot = fileSlot(ref.owner.id, ref.owner.path);
    if (out.bySlot.has(slot)) continue;
    if (ref.size > opts.limitBytes) {
      out.skipped.push({
        slot,
        owner: ref.owner.id,
        file: ref.file,
        reason: `over the workspace limit of ${opts.limitBytes} bytes`,
      });
      continue;
    }
    const bytes = await reader.readBytes(ref.path, opts.signal);
    const up = await uploadSnapshotFile(
      client,
      { name: snapshotFileName(ref), contentType: ref.contentType || "application/octet-stream", bytes },
      { ...opts, ...(ref.sha256 ? { key: `upload:${ref.sha256}` } : {}) },
    );
    if ("id" in up) out.bySlot.set(slot, up.id);
    else out.skipped.push({ slot, owner: ref.owner.id, file: ref.file, reason: up.skipped });
  }
  return out;
}

/** The file's name as Notion had it (the last segment of its URL path), else its name in the snapshot. */
export function snapshotFileName(ref: Pick<SnapshotFileRef, "file" | "url_path">): string {
  const last = ref.url_path.split("/").filter(Boolean).pop();
  if (!last) return ref.file;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}
