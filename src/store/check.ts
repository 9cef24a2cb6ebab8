// Verifies a store: packs vs index, every snapshot's signature, every tree and blob reference; optionally every byte.
import { readSnapshotUnverified } from "./browse.ts";
import { isStoreError } from "./errors.ts";
import type { PackEntry } from "./pack.ts";
import type { BlobLocation, Repository } from "./repository.ts";
import { checkSignature, listSnapshotIds, type SignatureCheck } from "./snapshot.ts";
import { loadTree } from "./tree.ts";

/** One thing wrong (an error) or odd but harmless (a warning). */
export interface CheckProblem {
  kind:
    | "unreadable_keys"
    | "missing_pack"
    | "pack_too_short"
    | "damaged_pack_header"
    | "index_mismatch"
    | "unindexed_pack"
    | "unreadable_snapshot"
    | "bad_signature"
    | "foreign_signature"
    | "unreadable_tree"
    | "missing_blob"
    | "damaged_blob";
  message: string;
  pack?: string;
  blob?: string;
  /** Where a bad blob or tree is used: snapshot ids and paths inside them. */
  usedBy?: Array<{ snapshot: string; path: string }>;
}

/** What `check` found. */
export interface CheckResult {
  ok: boolean;
  snapshots: SignatureCheck[];
  packs: number;
  blobs: number;
  trees: number;
  readData: boolean;
  errors: CheckProblem[];
  warnings: CheckProblem[];
}

/** Progress of a check, for the CLI. */
export type CheckEvent =
  | { type: "phase"; phase: "index" | "snapshots" | "trees" | "data" }
  | { type: "pack"; pack: string };

/** Options for `checkRepository`. */
export interface CheckOptions {
  /** Decrypt and re-hash every blob of every pack. */
  readData?: boolean;
  onProgress?: (event: CheckEvent) => void;
  signal?: AbortSignal;
}

interface Bad {
  kind: "missing_blob" | "damaged_blob" | "unreadable_tree";
  blob: string;
  /** Path relative to the tree the problem was found under. */
  path: string;
  message: string;
}

async function checkPacks(
  repo: Repository,
  opts: CheckOptions,
  errors: CheckProblem[],
  warnings: CheckProblem[],
) {
  const sizes = new Map<string, number>();
  for await (const f of repo.backend.list("data", opts.signal)) sizes.set(f.name, f.size);
  const indexed = new Set(repo.packs());
  for (const pack of indexed) {
    if (!sizes.has(pack)) {
      errors.push({ kind: "missing_pack", pack, message: `pack ${pack} is indexed but missing` });
    }
  }
  for (const pack of sizes.keys()) {
    if (!indexed.has(pack)) {
      warnings.push({
        kind: "unindexed_pack",
        pack,
        message: `pack ${pack} is in no index (left by an interrupted backup; prune removes it)`,
      });
    }
  }
  for (const b of repo.listBlobs()) {
    const size = sizes.get(b.pack);
    if (size !== undefined && b.offset + b.length > size) {
      errors.push({
        kind: "pack_too_short",
        pack: b.pack,
        blob: b.id,
        message: `pack ${b.pack} is shorter than its index says`,
      });
    }
  }
  return indexed.size;
}

async function readAllData(
  repo: Repository,
  opts: CheckOptions,
  errors: CheckProblem[],
): Promise<Map<string, string>> {
  const damaged = new Map<string, string>();
  const byPack = new Map<string, BlobLocation[]>();
  for (const b of repo.listBlobs()) {
    const list = byPack.get(b.pack) ?? [];
    list.push(b);
    byPack.set(b.pack, list);
  }
  for (const pack of repo.packs()) {
    opts.signal?.throwIfAborted();
    opts.onProgress?.({ type: "pack", pack });
    let header: PackEntry[];
    try {
      header = await repo.readPackHeader(pack, opts.signal);
    } catch (err) {
      if (isStoreError(err, "not_found")) continue;
      errors.push({ kind: "damaged_pack_header", pack, message: `pack ${pack}: ${(err as Error).message}` });
      continue;
    }
    // The index must say what the pack's own header says.
    const own = new Map(header.map((e) => [e.id, e]));
    for (const b of byPack.get(pack) ?? []) {
      const h = own.get(b.id);
      if (!h || h.offset !== b.offset || h.length !== b.length || h.type !== b.type) {
        errors.push({
          kind: "index_mismatch",
          pack,
          blob: b.id,
          message: `index entry of blob ${b.id.slice(0, 12)} does not match pack ${pack.slice(0, 12)}'s header`,
        });
      }
    }
  }
  for (const b of repo.listBlobs()) {
    opts.signal?.throwIfAborted();
    try {
      await repo.loadBlob(b.id, opts.signal);
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      damaged.set(
        b.id,
        `blob ${b.id.slice(0, 12)} in pack ${b.pack.slice(0, 12)}: ${(err as Error).message}`,
      );
    }
  }
  return damaged;
}

/**
 * Checks the store. Without `readData` it trusts pack contents but verifies that everything a
 * snapshot references is indexed and every tree decodes; with it, every blob is decrypted and
 * re-hashed and each damaged one is reported with the snapshots and paths using it.
 */
export async function checkRepository(repo: Repository, opts: CheckOptions = {}): Promise<CheckResult> {
  const errors: CheckProblem[] = [];
  const warnings: CheckProblem[] = [];
  await repo.listKeys(opts.signal).catch((err) => {
    if (opts.signal?.aborted) throw err;
    errors.push({ kind: "unreadable_keys", message: `key files: ${(err as Error).message}` });
  });
  opts.onProgress?.({ type: "phase", phase: "index" });
  const packs = await checkPacks(repo, opts, errors, warnings);
  const damaged = new Map<string, string>();
  if (opts.readData) {
    opts.onProgress?.({ type: "phase", phase: "data" });
    for (const [k, v] of await readAllData(repo, opts, errors)) damaged.set(k, v);
  }

  opts.onProgress?.({ type: "phase", phase: "snapshots" });
  const signatures: SignatureCheck[] = [];
  const roots: Array<{ snapshot: string; tree: string }> = [];
  for (const id of await listSnapshotIds(repo, opts.signal)) {
    try {
      const s = await readSnapshotUnverified(repo, id, opts.signal);
      const sig = checkSignature(repo, s);
      signatures.push(sig);
      if (!sig.valid) {
        errors.push({ kind: "bad_signature", message: `snapshot ${id}: signature does not verify` });
      } else if (!sig.trusted) {
        errors.push({
          kind: "foreign_signature",
          message: `snapshot ${id}: signed by foreign key ${sig.fingerprint}`,
        });
      }
      roots.push({ snapshot: id, tree: s.manifest.tree });
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      errors.push({ kind: "unreadable_snapshot", message: `snapshot ${id}: ${(err as Error).message}` });
    }
  }

  opts.onProgress?.({ type: "phase", phase: "trees" });
  // Per tree, the problems beneath it (paths relative to it); shared subtrees are read once.
  const memo = new Map<string, Bad[]>();
  const visit = async (treeId: string): Promise<Bad[]> => {
    const known = memo.get(treeId);
    if (known) return known;
    opts.signal?.throwIfAborted();
    const bad: Bad[] = [];
    memo.set(treeId, bad);
    if (damaged.has(treeId) || !repo.hasBlob(treeId)) {
      const kind = damaged.has(treeId) ? "damaged_blob" : "missing_blob";
      bad.push({
        kind,
        blob: treeId,
        path: "",
        message: damaged.get(treeId) ?? `tree ${treeId} is not indexed`,
      });
      return bad;
    }
    try {
      const tree = await loadTree(repo, treeId);
      for (const e of tree.entries) {
        if (e.type === "dir" && e.subtree) {
          for (const b of await visit(e.subtree))
            bad.push({ ...b, path: b.path ? `${e.name}/${b.path}` : e.name });
        }
        for (const id of e.content ?? []) {
          if (damaged.has(id)) {
            bad.push({ kind: "damaged_blob", blob: id, path: e.name, message: damaged.get(id)! });
          } else if (!repo.hasBlob(id)) {
            bad.push({ kind: "missing_blob", blob: id, path: e.name, message: `blob ${id} is not indexed` });
          }
        }
      }
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      bad.push({
        kind: "unreadable_tree",
        blob: treeId,
        path: "",
        message: `tree ${treeId}: ${(err as Error).message}`,
      });
    }
    return bad;
  };
  const byBlob = new Map<string, CheckProblem>();
  for (const root of roots) {
    for (const b of await visit(root.tree)) {
      const p = byBlob.get(b.blob) ?? { kind: b.kind, blob: b.blob, message: b.message, usedBy: [] };
      p.usedBy!.push({ snapshot: root.snapshot, path: b.path === "" ? "/" : b.path });
      byBlob.set(b.blob, p);
    }
  }
  errors.push(...byBlob.values());
  // Damaged blobs no snapshot uses still matter: prune would copy them.
  for (const [id, message] of damaged) {
    if (!byBlob.has(id)) errors.push({ kind: "damaged_blob", blob: id, message, usedBy: [] });
  }
  return {
    ok: errors.length === 0,
    snapshots: signatures,
    packs,
    blobs: [...repo.listBlobs()].length,
    trees: memo.size,
    readData: opts.readData ?? false,
    errors,
    warnings,
  };
}
