// File uploads: create, send (multipart/form-data), complete, retrieve and list, as Notion does them.
import busboy from "busboy";
import { objectNotFound } from "../access.ts";
import { validationError } from "../errors.ts";
import { paginate } from "../pagination.ts";
import type { RequestContext, Route } from "../router.ts";
import type { NotionObject } from "../workspace.ts";

/** Largest single-part upload and largest part of a multi-part upload. */
export const MAX_PART_BYTES = 20 * 1024 * 1024;
/** Smallest part of a multi-part upload, except the last. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_PARTS = 1000;
const UPLOAD_TTL_MS = 60 * 60 * 1000;

/** A stored upload: the API object plus what only the emulator keeps (mode, parts received). */
type StoredUpload = NotionObject & { bytes?: Buffer[]; mode?: string };

const MIME_BY_EXTENSION: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  svg: "image/svg+xml",
  pdf: "application/pdf",
  txt: "text/plain",
  md: "text/markdown",
  csv: "text/csv",
  json: "application/json",
  mp4: "application/mp4",
  mov: "video/quicktime",
  webm: "video/webm",
  mp3: "audio/mpeg",
  wav: "audio/wav",
  zip: "application/zip",
};

function mimeOf(filename: unknown): string | null {
  if (typeof filename !== "string") return null;
  const ext = filename.toLowerCase().split(".").pop() ?? "";
  return MIME_BY_EXTENSION[ext] ?? null;
}

/** The API answer for an upload: internal fields removed, URLs added while it can still be sent. */
function render(ctx: RequestContext, u: StoredUpload): NotionObject {
  refreshExpiry(ctx, u);
  const { bytes: _b, mode, ...rest } = u;
  const out: NotionObject = { ...rest };
  // Notion shows upload_url on every pending upload, external_url ones included.
  if (u.status === "pending") {
    out.upload_url = `${ctx.baseUrl}/v1/file_uploads/${u.id}/send`;
    if (mode === "multi_part" && u.number_of_parts?.sent > 0) {
      out.complete_url = `${ctx.baseUrl}/v1/file_uploads/${u.id}/complete`;
    }
  }
  return out;
}

function refreshExpiry(ctx: RequestContext, u: StoredUpload): void {
  if (u.status === "pending" && u.expiry_time && Date.parse(u.expiry_time) <= ctx.ws.now().getTime()) {
    u.status = "expired";
  }
}

/** This integration's upload, or 404 as Notion answers for anyone else's. */
function ownUpload(ctx: RequestContext): StoredUpload {
  const id = ctx.params.id ?? "";
  const u = ctx.ws.fileUploads.get(id) as StoredUpload | undefined;
  if (!u || u.created_by?.id !== ctx.integration.botId) throw objectNotFound(ctx, id, "file upload");
  refreshExpiry(ctx, u);
  return u;
}

function create(ctx: RequestContext): NotionObject {
  const { body, ws } = ctx;
  const mode = body.mode ?? "single_part";
  if (mode !== "single_part" && mode !== "multi_part" && mode !== "external_url") {
    throw validationError(
      `body failed validation: body.mode should be \`"single_part"\`, \`"multi_part"\`, or \`"external_url"\`, instead was \`${JSON.stringify(mode)}\`.`,
    );
  }
  const filename = body.filename ?? null;
  if (filename !== null && (typeof filename !== "string" || Buffer.byteLength(filename) > 900)) {
    throw validationError("body failed validation: body.filename should be a string of at most 900 bytes.");
  }
  if (mode !== "single_part" && filename === null) {
    throw validationError(
      `body failed validation: body.filename should be defined when mode is \`${mode}\`.`,
    );
  }
  const parts = body.number_of_parts;
  if (mode === "multi_part" && (!Number.isInteger(parts) || parts < 1 || parts > MAX_PARTS)) {
    throw validationError(
      `body failed validation: body.number_of_parts should be an integer between 1 and ${MAX_PARTS}, instead was \`${JSON.stringify(parts)}\`.`,
    );
  }
  if (mode !== "multi_part" && parts !== undefined) {
    throw validationError(
      "body failed validation: body.number_of_parts should be not present unless mode is `multi_part`.",
    );
  }
  const externalUrl = body.external_url;
  if (mode === "external_url" && (typeof externalUrl !== "string" || !/^https?:\/\//.test(externalUrl))) {
    throw validationError("body failed validation: body.external_url should be a valid URL.");
  }
  const now = ws.timestamp();
  const upload: StoredUpload = {
    object: "file_upload",
    id: ws.newId(),
    created_time: now,
    created_by: { id: ctx.integration.botId, type: "bot" },
    last_edited_time: now,
    expiry_time: new Date(Date.parse(ws.timestamp()) + UPLOAD_TTL_MS).toISOString(),
    in_trash: false,
    archived: false,
    status: "pending",
    filename,
    content_type: typeof body.content_type === "string" ? body.content_type : mimeOf(filename),
    content_length: null,
    ...(mode === "multi_part" ? { number_of_parts: { total: parts, sent: 0 } } : {}),
    mode,
    bytes: [],
  };
  ws.fileUploads.set(upload.id, upload);
  if (mode === "external_url") importExternal(ctx, upload, externalUrl);
  return render(ctx, upload);
}

/** Notion downloads an external URL in the background; the emulator does too (loopback only in tests). */
function importExternal(ctx: RequestContext, upload: StoredUpload, url: string): void {
  const done = (result: NotionObject) => {
    upload.file_import_result = { imported_time: new Date(ctx.ws.now().getTime()).toISOString(), ...result };
    upload.last_edited_time = ctx.ws.timestamp();
  };
  fetch(url, { signal: AbortSignal.timeout(30_000) })
    .then(async (res) => {
      if (!res.ok)
        throw Object.assign(new Error(`Download failed with status ${res.status}.`), { status: res.status });
      const bytes = Buffer.from(await res.arrayBuffer());
      upload.bytes = [bytes];
      upload.content_length = bytes.length;
      upload.content_type ??= res.headers.get("content-type")?.split(";")[0] ?? null;
      upload.status = "uploaded";
      done({ type: "success", success: {} });
    })
    .catch((err: Error & { status?: number }) => {
      upload.status = "failed";
      done({
        type: "error",
        error: {
          type: "download_error",
          code: "download_failed",
          message: err.message,
          parameter: null,
          status_code: err.status ?? null,
        },
      });
    });
}

interface FormFile {
  bytes: Buffer;
  filename?: string;
  mimeType?: string;
}

/** Parses the multipart/form-data body of a send request (fields `file` and `part_number`). */
function parseForm(ctx: RequestContext): Promise<{ file?: FormFile; fields: Record<string, string> }> {
  const contentType = ctx.headers["content-type"] ?? "";
  if (!contentType.startsWith("multipart/form-data")) {
    return Promise.reject(
      validationError("Request must be sent as multipart/form-data with a `file` field."),
    );
  }
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let file: FormFile | undefined;
    const bb = busboy({ headers: ctx.headers });
    bb.on("file", (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (name === "file")
          file = { bytes: Buffer.concat(chunks), filename: info.filename, mimeType: info.mimeType };
      });
    });
    bb.on("field", (name, value) => {
      fields[name] = value;
    });
    bb.on("error", () => reject(validationError("Could not parse the multipart/form-data body.")));
    bb.on("close", () => resolve({ file, fields }));
    bb.end(ctx.rawBody);
  });
}

async function send(ctx: RequestContext): Promise<NotionObject> {
  const u = ownUpload(ctx);
  if (u.mode === "external_url") throw validationError("File uploads in external_url mode cannot be sent.");
  if (u.status !== "pending") {
    throw validationError(`File upload is in status \`${u.status}\`; only \`pending\` uploads can be sent.`);
  }
  const { file, fields } = await parseForm(ctx);
  if (!file)
    throw validationError("body failed validation: body.file should be defined, instead was `undefined`.");
  if (file.bytes.length > MAX_PART_BYTES) {
    throw validationError(
      `The file part is ${file.bytes.length} bytes; parts must be at most ${MAX_PART_BYTES} bytes.`,
    );
  }
  const bytes = [...(u.bytes ?? [])];
  let partNumber = 1;
  if (u.mode === "multi_part") {
    const total: number = u.number_of_parts.total;
    partNumber = Number(fields.part_number);
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > total) {
      throw validationError(
        `body failed validation: body.part_number should be an integer between 1 and ${total}, instead was \`${JSON.stringify(fields.part_number ?? null)}\`.`,
      );
    }
    if (partNumber < total && file.bytes.length < MIN_PART_BYTES) {
      throw validationError(
        `Part ${partNumber} is ${file.bytes.length} bytes; every part but the last must be at least ${MIN_PART_BYTES} bytes.`,
      );
    }
  } else if (fields.part_number !== undefined && fields.part_number !== "1") {
    throw validationError(
      "body failed validation: body.part_number should be not present for a single_part upload.",
    );
  }
  bytes[partNumber - 1] = file.bytes;
  const length = bytes.reduce((sum, b) => sum + (b?.length ?? 0), 0);
  const limit = ctx.integration.maxFileUploadSize;
  if (length > limit)
    throw validationError(`The file exceeds the workspace's upload limit of ${limit} bytes.`);
  u.bytes = bytes;
  if (u.mode === "multi_part")
    u.number_of_parts = { total: u.number_of_parts.total, sent: bytes.filter(Boolean).length };
  else u.status = "uploaded";
  u.content_length = length;
  u.filename ??= file.filename ?? null;
  u.content_type ??= mimeOf(u.filename) ?? file.mimeType ?? "application/octet-stream";
  return render(ctx, u);
}

function complete(ctx: RequestContext): NotionObject {
  const u = ownUpload(ctx);
  if (u.mode !== "multi_part") throw validationError("Only multi_part file uploads can be completed.");
  if (u.status !== "pending") {
    throw validationError(
      `File upload is in status \`${u.status}\`; only \`pending\` uploads can be completed.`,
    );
  }
  const { total, sent } = u.number_of_parts as { total: number; sent: number };
  if (sent !== total) throw validationError(`Expected ${total} parts to be sent, but ${sent} were received.`);
  u.status = "uploaded";
  u.last_edited_time = ctx.ws.timestamp();
  return render(ctx, u);
}

function list(ctx: RequestContext): unknown {
  const status = ctx.query.get("status");
  if (status !== null && !["pending", "uploaded", "expired", "failed"].includes(status)) {
    throw validationError(
      `query failed validation: query.status should be \`"pending"\`, \`"uploaded"\`, \`"expired"\`, or \`"failed"\`, instead was \`"${status}"\`.`,
    );
  }
  const mine = [...ctx.ws.fileUploads.values()]
    .filter((u) => u.created_by?.id === ctx.integration.botId)
    .map((u) => render(ctx, u))
    .filter((u) => status === null || u.status === status)
    .reverse();
  return paginate(mine as Array<NotionObject & { id: string }>, {
    startCursor: ctx.query.get("start_cursor") ?? undefined,
    pageSize: ctx.query.get("page_size") ?? undefined,
    type: "file_upload",
    where: "query",
  });
}

/** The routes of the file upload endpoints. */
export const routes: Route[] = [
  { method: "POST", path: "/v1/file_uploads", name: "fileUploads.create", handler: create },
  { method: "GET", path: "/v1/file_uploads", name: "fileUploads.list", handler: list },
  { method: "POST", path: "/v1/file_uploads/:id/send", name: "fileUploads.send", handler: send },
  { method: "POST", path: "/v1/file_uploads/:id/complete", name: "fileUploads.complete", handler: complete },
  {
    method: "GET",
    path: "/v1/file_uploads/:id",
    name: "fileUploads.retrieve",
    handler: (ctx) => render(ctx, ownUpload(ctx)),
  },
];
