// How commands print: plain text for people, one JSON document with --json, errors as one line.
import { ExitCode, VaultError } from "../errors.ts";

/** Prints a command's result as JSON (for scripts) or through a text formatter. */
export function printResult<T>(result: T, json: boolean | undefined, text: (r: T) => string): void {
  if (json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    const out = text(result);
    if (out) process.stdout.write(out.endsWith("\n") ? out : `${out}\n`);
  }
}

/** Turns any error into one clear line on stderr and the documented exit code. */
export function reportError(err: unknown, json = false): number {
  const code = err instanceof VaultError ? err.code : "internal_error";
  const exitCode = err instanceof VaultError ? err.exitCode : ExitCode.failure;
  const message = err instanceof Error ? err.message : String(err);
  if (json) process.stderr.write(`${JSON.stringify({ error: { code, message } })}\n`);
  else process.stderr.write(`nvault: ${message}${err instanceof VaultError ? ` (${code})` : ""}\n`);
  if (!(err instanceof VaultError) && process.env.NVAULT_DEBUG && err instanceof Error) {
    process.stderr.write(`${err.stack}\n`);
  }
  return exitCode;
}
