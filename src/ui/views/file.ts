// Downloaded files (images, PDFs, attachments) served from a snapshot, only those its files.json lists.

import { StoreError } from "../../store/errors.ts";
import { CSP } from "../csp.ts";
import type { UiRequest, UiResponse } from "../response.ts";

/** Types a browser may show inline; anything else is sent as an attachment. */
const INLINE =
  /^(image\/(png|jpeg|gif|webp|avif|bmp|svg\+xml|x-icon)|audio\/[\w.+-]+|video\/[\w.+-]+|application\/pdf|text\/plain)$/;

/** The address of a snapshot file in the UI. */
export function fileHref(snapshot: string, path: string): string {
  return `/s/${snapshot}/file?path=${encodeURIComponent(path)}`;
}

function dispositionName(name: string): string {
  return `filename="${name.replace(/[^\x20-\x7e]|["\\]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * GET /s/:snapshot/file?path=P — the path is never used to reach the store directly: it must be one
 * that the owning object's files.json lists, so no URL can name anything else.
 */
export async function fileView(req: UiRequest): Promise<UiResponse> {
  const reader = await req.vault.reader(req.params[0]!, req.signal);
  const path = req.query.get("path") ?? "";
  const owner = reader.resolve(path);
  const ref = owner ? (await reader.files(owner, req.signal)).find((f) => f.path === path) : undefined;
  if (!ref) throw new StoreError("not_found", "no such file in this snapshot");
  const bytes = await reader.readBytes(ref.path, req.signal);
  const type = ref.contentType.toLowerCase().split(";")[0]!.trim();
  const inline = INLINE.test(type);
  return {
    status: 200,
    type: inline ? type : "application/octet-stream",
    body: bytes,
    headers: {
      "content-disposition": `${inline ? "inline" : "attachment"}; ${dispositionName(ref.file)}`,
      // A file opened on its own (an SVG, say) runs nothing and reaches nothing.
      "content-security-policy": `${CSP}; sandbox`,
      "cache-control": "private, max-age=3600, immutable",
    },
  };
}
