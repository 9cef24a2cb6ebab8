// The generator's knobs and the `key=value,...` spec string that sets them (`nvault emulator --generate`).

/** What the generator builds; every field has a default (see DEFAULT_OPTIONS). */
export interface GenerateOptions {
  /** Same seed and options give a byte-identical workspace. */
  seed: number;
  /** Regular pages (database rows not included). */
  pages: number;
  /** Maximum page nesting; 1 means every page is top-level. */
  depth: number;
  /** Average number of top-level content blocks per page (nested children come on top). */
  blocksPerPage: number;
  /** Databases (one of them, when there are two or more, has two data sources). */
  databases: number;
  /** Rows in each database (split between its data sources). */
  rowsPerDatabase: number;
  /** Average relation targets per row (the first row of a database links to more than 25 when it can). */
  relationsPerRow: number;
  /** Average discussions per page. */
  commentsPerPage: number;
  /** Notion-hosted files to create; media beyond this are external links. */
  mediaFiles: number;
  /** Size in bytes of each hosted file. */
  mediaSize: number;
  /** People in the workspace (the integration's bot comes on top). */
  users: number;
  /** "all": every top-level page is shared with the integration; "some": every fourth one is not. */
  shared: "all" | "some";
  /** Whether to include blocks the API reports as `unsupported`. */
  unsupported: boolean;
}

/** The defaults: a small workspace that still holds every block and property type. */
export const DEFAULT_OPTIONS: Readonly<GenerateOptions> = Object.freeze({
  seed: 1,
  pages: 30,
  depth: 3,
  blocksPerPage: 12,
  databases: 3,
  rowsPerDatabase: 30,
  relationsPerRow: 2,
  commentsPerPage: 1,
  mediaFiles: 12,
  mediaSize: 16 * 1024,
  users: 4,
  shared: "all",
  unsupported: true,
});

type NumericKey = Exclude<keyof GenerateOptions, "shared" | "unsupported">;

/** Spec keys, short and long, and the option each sets. */
const KEYS: Record<string, keyof GenerateOptions> = {
  seed: "seed",
  pages: "pages",
  depth: "depth",
  blocks: "blocksPerPage",
  blocksperpage: "blocksPerPage",
  databases: "databases",
  dbs: "databases",
  rows: "rowsPerDatabase",
  rowsperdatabase: "rowsPerDatabase",
  relations: "relationsPerRow",
  relationsperrow: "relationsPerRow",
  comments: "commentsPerPage",
  commentsperpage: "commentsPerPage",
  media: "mediaFiles",
  mediafiles: "mediaFiles",
  mediasize: "mediaSize",
  users: "users",
  shared: "shared",
  unsupported: "unsupported",
};

const SIZE_UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1 << 20,
  mb: 1 << 20,
  mib: 1 << 20,
};

/** Parses `pages=100,depth=3,seed=7,rows=50` into options (missing keys keep their defaults). */
export function parseGenerateOptions(spec: string): GenerateOptions {
  const opts: GenerateOptions = { ...DEFAULT_OPTIONS };
  for (const part of spec.split(",")) {
    const item = part.trim();
    if (!item) continue;
    const eq = item.indexOf("=");
    if (eq < 0) throw new Error(`generator option "${item}" needs a value (key=value)`);
    const rawKey = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    const key = KEYS[rawKey.toLowerCase()];
    if (!key) {
      throw new Error(`unknown generator option "${rawKey}" (known: ${Object.keys(KEYS).join(", ")})`);
    }
    if (key === "shared") {
      if (value !== "all" && value !== "some")
        throw new Error(`shared must be "all" or "some", not "${value}"`);
      opts.shared = value;
    } else if (key === "unsupported") {
      if (!/^(true|false|1|0|yes|no)$/i.test(value)) throw new Error(`unsupported must be true or false`);
      opts.unsupported = /^(true|1|yes)$/i.test(value);
    } else {
      opts[key as NumericKey] = key === "mediaSize" ? parseSize(value) : parseCount(rawKey, value, key);
    }
  }
  return validateOptions(opts);
}

/** Fills missing fields with defaults and rejects impossible values. */
export function validateOptions(partial: Partial<GenerateOptions>): GenerateOptions {
  const opts: GenerateOptions = { ...DEFAULT_OPTIONS, ...partial };
  const whole: NumericKey[] = [
    "seed",
    "pages",
    "depth",
    "databases",
    "rowsPerDatabase",
    "mediaFiles",
    "mediaSize",
    "users",
  ];
  for (const k of whole) {
    if (!Number.isInteger(opts[k]) || opts[k] < 0) throw new Error(`${k} must be a whole number >= 0`);
  }
  for (const k of ["blocksPerPage", "relationsPerRow", "commentsPerPage"] as const) {
    if (!Number.isFinite(opts[k]) || opts[k] < 0) throw new Error(`${k} must be a number >= 0`);
  }
  if (opts.pages < 1) throw new Error("pages must be at least 1");
  if (opts.depth < 1) throw new Error("depth must be at least 1");
  if (opts.users < 1) throw new Error("users must be at least 1");
  return opts;
}

function parseCount(rawKey: string, value: string, key: keyof GenerateOptions): number {
  const n = Number(value);
  const fractional = key === "blocksPerPage" || key === "relationsPerRow" || key === "commentsPerPage";
  if (value === "" || !Number.isFinite(n) || n < 0 || (!fractional && !Number.isInteger(n))) {
    throw new Error(
      `generator option ${rawKey} needs a ${fractional ? "number" : "whole number"} >= 0, not "${value}"`,
    );
  }
  return n;
}

function parseSize(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value);
  const unit = SIZE_UNITS[(m?.[2] ?? "").toLowerCase()];
  if (!m || unit === undefined)
    throw new Error(`mediaSize needs a byte count such as 4096, 64k or 2m, not "${value}"`);
  return Math.round(Number(m[1]) * unit);
}
