// Notion-hosted files: turning uploads into stored files, signing their URLs, and rendering them.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { ServerResponse } from "node:http";
import { validationError } from "./errors.ts";
import type { RequestContext } from "./router.ts";
import { type NotionObject, normalizeId, type Workspace } from "./workspace.ts";

/** Longest URL Notion accepts in a request. */
const MAX_URL_LENGTH = 2000;

/**
 * Turns a file object of a request (media block, files property item, icon, cover, attachment) into
 * the stored form. `{type:"file_upload", file_upload:{id}}` becomes `{type:"file", file:{file_id}}`
 * (the upload must be this integration's and "uploaded"); `{type:"external", external:{url}}` is
 * validated and kept; a hosted `{type:"file", file:{url}}` this emulator signed maps back to its
 * file. Other keys of the input (`name`, `caption`) are kept. `where` names the field in messages.
 */
export function resolveFileInput(
  input: unknown,
  ctx: Pick<RequestContext, "ws" | "integration" | "baseUrl">,
  where = "body.file",
): NotionObject {
  if (!input || typeof input !== "object" || Array.isArray(input)) {
    throw validationError(`${where} should be an object, instead was \`${JSON.stringify(input)}\`.`);
  }
  const obj = input as NotionObject;
  const type: unknown =
    obj.type ?? (["file_upload", "external", "file"] as const).find((k) => obj[k] !== undefined);
  const { type: _t, file_upload: _u, external: _e, file: _f, ...rest } = obj;
  if (type === "external") {
    const url = obj.external?.url;
    if (typeof url !== "string" || url.length === 0) {
      throw validationError(`${where}.external.url should be defined, instead was \`undefined\`.`);
    }
    if (url.length > MAX_URL_LENGTH) {
      throw validationError(
        `${where}.external.url.length should be ≤ \`${MAX_URL_LENGTH}\`, instead was \`${url.length}\`.`,
      );
    }
    if (!/^https?:\/\//i.test(url)) throw validationError(`Invalid URL for link: ${url}`);
    return { ...rest, type: "external", external: { url } };
  }
  if (type === "file_upload") {
    const id = obj.file_upload?.id;
    if (typeof id !== "string") {
      throw validationError(`${where}.file_upload.id should be defined, instead was \`undefined\`.`);
    }
    const fileId = attachUpload(id, ctx);
    return { ...rest, type: "file", file: { file_id: fileId } };
  }
  if (type === "file") {
    const url = obj.file?.url;
    const fileId = typeof url === "string" ? fileIdFromUrl(url, ctx.baseUrl) : undefined;
    if (!fileId || !ctx.ws.files.has(fileId)) {
      throw validationError(`${where}.file.url should be a Notion-hosted file URL, instead was \`${url}\`.`);
    }
    return { ...rest, type: "file", file: { file_id: fileId } };
  }
  throw validationError(
    `${where} should be one of \`file_upload\`, \`external\`, instead was \`${JSON.stringify(type)}\`.`,
  );
}

/** Stores the bytes of an uploaded file upload as a hosted file (once) and returns its file id. */
function attachUpload(rawId: string, ctx: Pick<RequestContext, "ws" | "integration">): string {
  const id = normalizeId(rawId);
  const upload = ctx.ws.fileUploads.get(id);
  if (!upload || upload.created_by?.id !== ctx.integration.botId) {
    throw validationError(`Could not find file upload with ID: ${rawId}.`);
  }
  if (upload.status !== "uploaded") {
    throw validationError(
      `File upload with ID: ${id} is in status \`${upload.status}\` and cannot be attached. Its status must be \`uploaded\`.`,
    );
  }
  if (!ctx.ws.files.has(id)) {
    ctx.ws.files.set(id, {
      id,
      name: upload.filename ?? "file",
      contentType: upload.content_type ?? "application/octet-stream",
      bytes: Buffer.concat(upload.bytes ?? []),
    });
  }
  // Once attached, an upload no longer expires and may be attached again.
  upload.expiry_time = null;
  return id;
}

/** Signs and checks hosted-file URLs with a secret of its own (one per emulator). */
export class FileSigner {
  private readonly secret: Buffer;

  constructor(secret: Buffer = randomBytes(32)) {
    this.secret = secret;
  }

  /** A URL valid until `expires` (ms since epoch), in S3 presigned style. */
  url(baseUrl: string, file: { id: string; name: string }, expires: number): string {
    const name = encodeURIComponent(file.name);
    return `${baseUrl}/files/${file.id}/${name}?expires=${expires}&sig=${this.sign(file.id, expires)}`;
  }

  /** Whether the signature matches the file id and expiry. */
  verify(fileId: string, expires: number, sig: string): boolean {
    const want = Buffer.from(this.sign(fileId, expires));
    const got = Buffer.from(sig);
    return want.length === got.length && timingSafeEqual(want, got);
  }

  private sign(fileId: string, expires: number): string {
    return createHmac("sha256", this.secret).update(`${fileId}\n${expires}`).digest("hex");
  }
}

/** The file id of a hosted-file URL this emulator produced, or undefined. */
export function fileIdFromUrl(url: string, baseUrl: string): string | undefined {
  if (!url.startsWith(`${baseUrl}/files/`)) return undefined;
  const id = url.slice(baseUrl.length + "/files/".length).split(/[/?]/)[0];
  return id ? decodeURIComponent(id) : undefined;
}

/**
 * A deep copy of an answer body where every stored `{type:"file", file:{file_id}}` becomes
 * `{type:"file", file:{url, expiry_time}}`; the input (possibly a stored object) is never mutated.
 */
export function renderHostedFiles(
  value: unknown,
  opts: { ws: Workspace; signer: FileSigner; baseUrl: string; ttlMs: number; now: number },
): unknown {
  if (Array.isArray(value)) return value.map((v) => renderHostedFiles(v, opts));
  if (!value || typeof value !== "object") return value;
  if (Buffer.isBuffer(value)) return undefined;
  const obj = value as NotionObject;
  const out: NotionObject = {};
  for (const [k, v] of Object.entries(obj)) out[k] = renderHostedFiles(v, opts);
  const attachment = "category" in obj;
  if ((obj.type === "file" || attachment) && obj.file && typeof obj.file.file_id === "string") {
    const stored = opts.ws.files.get(obj.file.file_id);
    const expires = opts.now + opts.ttlMs;
    out.file = {
      url: opts.signer.url(opts.baseUrl, stored ?? { id: obj.file.file_id, name: "file" }, expires),
      expiry_time: new Date(expires).toISOString(),
    };
    // Comment attachments are `{category, file}`: Notion sends no `type` there.
    if (attachment) delete out.type;
  }
  return out;
}

const S3_XML = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${randomBytes(8).toString("hex").toUpperCase()}</RequestId></Error>`;

/**
 * Answers `GET /files/<id>/<name>?expires=&sig=` as an S3 presigned URL does: the bytes while the
 * signature holds and the time has not passed, else 403 with an XML error. Returns the status.
 */
export function serveHostedFile(
  s: { ws: Workspace; signer: FileSigner },
  url: URL,
  method: string,
  res: ServerResponse,
): number {
  const id = decodeURIComponent(url.pathname.slice("/files/".length).split("/")[0] ?? "");
  const expires = Number(url.searchParams.get("expires"));
  const sig = url.searchParams.get("sig") ?? "";
  const deny = (status: number, code: string, message: string) => {
    const xml = S3_XML(code, message);
    res.writeHead(status, { "Content-Type": "application/xml", "Content-Length": Buffer.byteLength(xml) });
    res.end(method === "HEAD" ? undefined : xml);
    return status;
  };
  if (!Number.isFinite(expires) || !s.signer.verify(id, expires, sig)) {
    return deny(
      403,
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided.",
    );
  }
  if (s.ws.now().getTime() > expires) return deny(403, "AccessDenied", "Request has expired");
  const file = s.ws.files.get(id);
  if (!file) return deny(404, "NoSuchKey", "The specified key does not exist.");
  res.writeHead(200, {
    "Content-Type": file.contentType,
    "Content-Length": file.bytes.length,
    "Content-Disposition": `inline; filename="${encodeURIComponent(file.name)}"`,
  });
  res.end(method === "HEAD" ? undefined : file.bytes);
  return 200;
}
