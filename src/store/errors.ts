// Typed errors of the store: one class with stable codes so callers branch on `code`, not on messages.
import { ExitCode, VaultError } from "../errors.ts";

/** Stable codes of store failures. */
export type StoreErrorCode =
  | "wrong_passphrase"
  | "integrity"
  | "not_found"
  | "locked"
  | "already_exists"
  | "unsupported_format"
  | "invalid_argument"
  | "backend";

const exitCodes: Record<StoreErrorCode, number> = {
  wrong_passphrase: ExitCode.wrongPassphrase,
  integrity: ExitCode.integrity,
  not_found: ExitCode.notFound,
  locked: ExitCode.locked,
  already_exists: ExitCode.failure,
  unsupported_format: ExitCode.failure,
  invalid_argument: ExitCode.usage,
  backend: ExitCode.failure,
};

/** A failure inside the store; `code` says which kind, `exitCode` follows from it. */
export class StoreError extends VaultError {
  declare readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, { cause: options.cause, exitCode: exitCodes[code] });
    this.name = "StoreError";
  }
}

/** Data read from the store does not match what was written (tampered, truncated or corrupt). */
export class IntegrityError extends StoreError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("integrity", message, options);
    this.name = "IntegrityError";
  }
}

/** True when `err` is a StoreError with the given code. */
export function isStoreError(err: unknown, code?: StoreErrorCode): err is StoreError {
  return err instanceof StoreError && (code === undefined || err.code === code);
}
