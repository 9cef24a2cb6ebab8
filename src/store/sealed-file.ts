// The envelope of every unpacked file (config, index, snapshots, locks): compress, then seal.
import { frame, unframe } from "./compress.ts";
import { open, seal, sha256Hex } from "./crypto.ts";
import { IntegrityError } from "./errors.ts";

/** seal(key, flag || payload), where flag 0 = raw payload and 1 = zstd frame. */
export function sealFile(key: Uint8Array, plaintext: Uint8Array, level: number): Uint8Array {
  return seal(key, frame(plaintext, level));
}

/** Opens a file written by `sealFile`; when `name` is given, first checks it is the bytes' SHA-256. */
export function openFile(key: Uint8Array, bytes: Uint8Array, what: string, name?: string): Uint8Array {
  if (name !== undefined && sha256Hex(bytes) !== name) {
    throw new IntegrityError(`${what}: content does not match its name`);
  }
  return unframe(open(key, bytes, what));
}
