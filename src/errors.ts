// The base of notion-vault's typed errors: a stable code, a documented exit code and the cause kept.

/** Exit codes the CLI returns; documented in the README. */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  wrongPassphrase: 3,
  locked: 4,
  integrity: 5,
  notFound: 6,
  notion: 7,
  massChange: 10,
} as const;

/** An error with a stable machine-readable code; each layer derives its own. */
export class VaultError extends Error {
  readonly code: string;
  readonly exitCode: number;

  constructor(code: string, message: string, options: { cause?: unknown; exitCode?: number } = {}) {
    super(message, { cause: options.cause });
    this.name = "VaultError";
    this.code = code;
    this.exitCode = options.exitCode ?? ExitCode.failure;
  }
}
