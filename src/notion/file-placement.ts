// Downloaded files -> snapshot items: each file placed once in its owner's media (or comment-files) folder, and noted for files.json.
import type { Placement, SourceItem } from "../backup/source.ts";
import type { JournalEntry } from "./crawl/journal.ts";
import type { JournalRecorder } from "./crawl/journal-recorder.ts";
import { FILES_JSON, type FileRef, FileRefs, urlPath } from "./files-json.ts";
import type { FolderPlan } from "./folder-plan.ts";
import { mediaName } from "./layout.ts";
import type { NotionRecord } from "./model.ts";

/** Places file records (fresh or from the resume journal) and writes each folder's files.json at the end. */
export class FilePlacement {
  private readonly placed = new Set<string>();
  /** Per folder id holding files: every reference to a file placed there (files.json). */
  private readonly refs = new FileRefs();

  constructor(
    private readonly folders: FolderPlan,
    private readonly recorder?: JournalRecorder,
  ) {}

  /** A downloaded file, in the folder of its owner; `pageOfComment` finds a comment's page. */
  *file(
    r: Extract<NotionRecord, { kind: "file" }>,
    pageOfComment: (commentId: string) => string | undefined,
  ): Iterable<SourceItem> {
    const { owner } = r;
    const folders = this.folders;
    let dir: string;
    if (owner.object === "comment") {
      const page = pageOfComment(owner.id);
      if (!page) {
        yield {
          kind: "warning",
          message: `attachment ${r.name} of comment ${owner.id}: its page is unknown`,
        };
        return;
      }
      dir = `comment-files:${page}`;
      yield* folders.dir(dir, page, "comment-files");
    } else if (owner.object === "block") {
      const page = folders.pageOfBlock(owner.id);
      if (page) dir = folders.mediaDir(page);
      else {
        dir = `media:block:${owner.id}`;
        folders.pending(owner.id, dir);
      }
    } else {
      dir = folders.mediaDir(owner.id);
    }
    if (!dir.startsWith("media:block:")) yield* folders.drain();
    const name = mediaName(r.name, r.sha256);
    const ref: FileRef = {
      file: name,
      sha256: r.sha256,
      size: r.size,
      contentType: r.contentType,
      source: r.source,
      owner: r.owner,
      url_path: urlPath(r.url),
    };
    const recorder = this.recorder;
    if (recorder) {
      const { file: _file, ...rest } = ref;
      const jf = {
        dir: owner.object === "comment" ? ("comment-files" as const) : ("media" as const),
        name,
        ...rest,
      };
      if (owner.object === "comment") recorder.file({ pageId: dir.slice("comment-files:".length) }, jf);
      else if (owner.object === "block") {
        const page = folders.pageOfBlock(owner.id);
        recorder.file(page ? { pageId: page } : { blockId: owner.id }, jf);
      } else if (owner.object === "page") recorder.file({ pageId: owner.id }, jf);
    }
    this.refs.add(dir, ref);
    if (!this.placeOnce(dir, name)) return;
    yield {
      kind: "file",
      dir,
      name,
      contentKey: r.sha256,
      ...(r.bytes ? { bytes: r.bytes } : {}),
      ...(recorder ? { onSaved: recorder.contentSaved(r.sha256) } : {}),
    };
  }

  /** A page as an interrupted run stored it: its files named by their blob ids, nothing downloaded. */
  *fromJournal(pageId: string, e: JournalEntry): Iterable<SourceItem> {
    yield { kind: "file", dir: pageId, name: "blocks.json", stored: e.blocks };
    if (e.comments) yield { kind: "file", dir: pageId, name: "comments.json", stored: e.comments };
    for (const f of e.files) {
      let dir: string;
      if (f.dir === "media") dir = this.folders.mediaDir(pageId);
      else {
        dir = `comment-files:${pageId}`;
        yield* this.folders.dir(dir, pageId, "comment-files");
      }
      const { stored, dir: _kind, name, ...ref } = f;
      this.refs.add(dir, { file: name, ...ref });
      if (!this.placeOnce(dir, name)) continue;
      yield { kind: "file", dir, name, contentKey: f.sha256, stored };
    }
  }

  /** One files.json per media folder (several folder ids may name one folder). */
  *filesJson(placement: Placement): Iterable<SourceItem> {
    for (const { dir, refs } of this.refs.byFolder(placement)) {
      yield { kind: "file", dir, name: FILES_JSON, json: refs };
    }
  }

  /** True the first time a file name is placed in a folder (the same file may be used twice). */
  private placeOnce(dir: string, name: string): boolean {
    const key = `${dir}\u0000${name}`;
    if (this.placed.has(key)) return false;
    this.placed.add(key);
    return true;
  }
}
