// File uploads in each state a recorded request expects, made through the emulator's file upload API.
import type { Api } from "./api.ts";

/** The states the seed can leave an upload in. */
export type UploadState = "pending" | "uploaded" | "multi" | "parts" | "imported";

/**
 * A file upload in the given state: "pending" (created), "uploaded" (sent), "multi" (multi-part,
 * two parts, none sent), "parts" (multi-part, its one part sent, awaiting complete) or
 * "imported" (created from an external URL).
 */
export async function createUpload(
  api: Api,
  state: UploadState,
  media: string,
  fileServer: string,
): Promise<string> {
  const { filename, contentType } = MEDIA_FILES[media] ?? MEDIA_FILES.file!;
  if (state === "imported") {
    const imported = await api.ok("POST", "/v1/file_uploads", {
      mode: "external_url",
      external_url: `${fileServer}/seed.pdf`,
      filename: "seed.pdf",
    });
    // The import runs in the background, as Notion's does; wait until it has settled.
    for (let i = 0; i < 1000; i++) {
      const now = await api.ok("GET", `/v1/file_uploads/${imported.id}`);
      if (now.status !== "pending") break;
      await new Promise((r) => setTimeout(r, 10));
    }
    return imported.id;
  }
  const created = await api.ok(
    "POST",
    "/v1/file_uploads",
    state === "parts" || state === "multi"
      ? {
          mode: "multi_part",
          number_of_parts: state === "multi" ? 2 : 1,
          filename,
          content_type: contentType,
        }
      : { filename, content_type: contentType },
  );
  if (state === "pending" || state === "multi") return created.id;
  await api.ok("POST", `/v1/file_uploads/${created.id}/send`, undefined, {
    form: [
      { name: "file", filename, contentType, content: new Uint8Array(64).fill(7) },
      ...(state === "parts" ? [{ name: "part_number", content: "1" }] : []),
    ],
  });
  return created.id;
}

/** A file name and content type per media block type, so hosted files fit the block they fill. */
const MEDIA_FILES: Record<string, { filename: string; contentType: string }> = {
  image: { filename: "seed.png", contentType: "image/png" },
  video: { filename: "seed.mp4", contentType: "video/mp4" },
  audio: { filename: "seed.mp3", contentType: "audio/mpeg" },
  pdf: { filename: "seed.pdf", contentType: "application/pdf" },
  file: { filename: "seed.txt", contentType: "text/plain" },
};
