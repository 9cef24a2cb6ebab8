// Authenticated encryption (AES-256-GCM) and keyed/plain hashes used for every stored byte.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  randomFillSync,
} from "node:crypto";
import { IntegrityError } from "./errors.ts";

/** Bytes of the random nonce that starts every sealed message. */
export const nonceLength = 12;
/** Bytes of the GCM tag that ends every sealed message. */
export const tagLength = 16;
/** Bytes `seal` adds to a plaintext. */
export const sealOverhead = nonceLength + tagLength;

// Nonces come from a pooled CSPRNG buffer: one randomFill per 340 nonces instead of one per seal.
const noncePool = Buffer.allocUnsafe(nonceLength * 340);
let noncePos = noncePool.length;

function nextNonce(): Buffer {
  if (noncePos === noncePool.length) {
    randomFillSync(noncePool);
    noncePos = 0;
  }
  noncePos += nonceLength;
  return noncePool.subarray(noncePos - nonceLength, noncePos);
}

/** Encrypts and authenticates: nonce (12) || ciphertext || tag (16). */
export function seal(key: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const nonce = nextNonce();
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  // One output buffer holds nonce, body and tag, so callers get a single contiguous message.
  const out = Buffer.allocUnsafe(plaintext.length + sealOverhead);
  nonce.copy(out, 0);
  let pos = nonceLength;
  const body = cipher.update(plaintext);
  body.copy(out, pos);
  pos += body.length;
  const rest = cipher.final();
  rest.copy(out, pos);
  pos += rest.length;
  cipher.getAuthTag().copy(out, pos);
  return out;
}

/** Decrypts a sealed message; IntegrityError when it was altered or the key is wrong. */
export function open(key: Uint8Array, sealed: Uint8Array, what = "sealed data"): Uint8Array {
  if (sealed.length < sealOverhead) throw new IntegrityError(`${what} is truncated`);
  const nonce = sealed.subarray(0, nonceLength);
  const tag = sealed.subarray(sealed.length - tagLength);
  const decipher = createDecipheriv("aes-256-gcm", key, nonce);
  decipher.setAuthTag(tag);
  const body = decipher.update(sealed.subarray(nonceLength, sealed.length - tagLength));
  try {
    const rest = decipher.final();
    return rest.length === 0 ? body : Buffer.concat([body, rest]);
  } catch (cause) {
    throw new IntegrityError(`${what} failed authentication (tampered, corrupt or wrong key)`, { cause });
  }
}

/** Hex HMAC-SHA256 of `data` under `key`: the address of a blob. */
export function hmacHex(key: Uint8Array, data: Uint8Array): string {
  return createHmac("sha256", key).update(data).digest("hex");
}

/** Hex SHA-256 of `data`: the name of packs, index files, snapshots and key files. */
export function sha256Hex(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** `n` cryptographically random bytes. */
export function randomKey(n = 32): Uint8Array {
  return randomBytes(n);
}
