// Writes files under one folder without ever leaving it: no symlink followed, nothing replaced unless allowed.
import { constants } from "node:fs";
import { lstat, mkdir, open, realpath, unlink } from "node:fs/promises";
import { isAbsolute, join, relative, sep } from "node:path";
import { ExitCode, VaultError } from "../errors.ts";

/** An output path a writer will create: a file or a folder, relative and "/"-separated. */
export interface PlannedPath {
  path: string;
  kind: "file" | "dir";
}

/** Thrown before anything is written when an output path is taken (exit code 2). */
export class ClashError extends VaultError {
  constructor(
    readonly path: string,
    what: string,
    root = "",
  ) {
    super(
      "exists",
      `${root ? join(root, path) : path} already exists (${what}); pass --overwrite to replace files, or choose an empty --to`,
      { exitCode: ExitCode.usage },
    );
  }
}

/** Checks that a relative path is made of plain components that stay inside the folder. */
export function checkRelative(path: string): string[] {
  const parts = path.split("/");
  for (const p of parts) {
    if (p === "" || p === "." || p === ".." || /[\\\0]/.test(p)) {
      throw new VaultError("unsafe_path", `refusing unsafe output path ${JSON.stringify(path)}`);
    }
  }
  return parts;
}

async function lstatOrUndefined(path: string) {
  return lstat(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT" || err.code === "ENOTDIR") return undefined;
    throw err;
  });
}

/** A folder to write into (created when missing), with the no-overwrite and no-symlink rules. */
export class SafeFolder {
  private readonly dirs = new Set<string>([""]);

  private constructor(
    readonly root: string,
    readonly overwrite: boolean,
  ) {}

  /** Opens (creating it when needed) the folder the user named; only that folder itself may be a symlink. */
  static async open(dir: string, overwrite: boolean): Promise<SafeFolder> {
    const made = await mkdir(dir, { recursive: true }).then(
      () => true,
      () => false,
    );
    const root = await realpath(dir).catch(() => dir);
    if (!made || !(await lstat(root)).isDirectory()) {
      throw new VaultError("usage", `${dir} is not a directory`, { exitCode: ExitCode.usage });
    }
    return new SafeFolder(root, overwrite);
  }

  private abs(path: string): string {
    const abs = join(this.root, ...checkRelative(path));
    const rel = relative(this.root, abs);
    if (rel === "" || rel.startsWith(`..${sep}`) || rel === ".." || isAbsolute(rel)) {
      throw new VaultError("unsafe_path", `refusing output path ${JSON.stringify(path)} outside the folder`);
    }
    return abs;
  }

  /**
   * Fails with a ClashError naming the first taken path: a file where one will be written (unless
   * overwriting), a symlink anywhere (unless overwriting: then the link itself is replaced), or a
   * file and a folder swapped. Parents are checked before their contents and nothing below a
   * replaced symlink is looked at, so no check follows a planted link.
   */
  async check(paths: PlannedPath[]): Promise<void> {
    const replaced: string[] = [];
    const sorted = [...paths].sort((a, b) => a.path.split("/").length - b.path.split("/").length);
    for (const p of sorted) {
      if (replaced.some((r) => p.path.startsWith(`${r}/`))) continue;
      const st = await lstatOrUndefined(this.abs(p.path));
      if (!st) continue;
      if (st.isSymbolicLink()) {
        if (!this.overwrite) throw new ClashError(p.path, "a symbolic link", this.root);
        replaced.push(p.path);
      } else if (p.kind === "dir" && !st.isDirectory()) {
        throw new ClashError(p.path, "a file where a folder goes", this.root);
      } else if (p.kind === "file" && !st.isFile()) {
        throw new ClashError(p.path, "a folder where a file goes", this.root);
      } else if (p.kind === "file" && !this.overwrite) {
        throw new ClashError(p.path, "a file", this.root);
      }
    }
  }

  /** Creates a folder and its parents, one component at a time, replacing (never following) symlinks. */
  async mkdirs(path: string): Promise<void> {
    const parts = checkRelative(path);
    for (let i = 1; i <= parts.length; i++) {
      const rel = parts.slice(0, i).join("/");
      if (this.dirs.has(rel)) continue;
      const abs = this.abs(rel);
      const st = await lstatOrUndefined(abs);
      if (st?.isSymbolicLink()) {
        if (!this.overwrite) throw new ClashError(rel, "a symbolic link", this.root);
        await unlink(abs);
      } else if (st && !st.isDirectory()) {
        throw new ClashError(rel, "a file where a folder goes", this.root);
      }
      if (!st?.isDirectory()) await mkdir(abs, { mode: 0o755 });
      this.dirs.add(rel);
    }
  }

  /** Writes a file (its folder created first); O_NOFOLLOW so a link put in its place is never written through. */
  async writeFile(path: string, data: string | Uint8Array): Promise<number> {
    const parts = checkRelative(path);
    if (parts.length > 1) await this.mkdirs(parts.slice(0, -1).join("/"));
    const abs = this.abs(path);
    const base = constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW;
    const openIt = (flags: number) => open(abs, base | flags, 0o644);
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await openIt(this.overwrite ? constants.O_TRUNC : constants.O_EXCL);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EEXIST") throw new ClashError(path, "a file", this.root);
      if (!(this.overwrite && code === "ELOOP")) throw err;
      await unlink(abs);
      handle = await openIt(constants.O_EXCL);
    }
    try {
      const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
      await handle.writeFile(bytes);
      return bytes.length;
    } finally {
      await handle.close();
    }
  }
}
