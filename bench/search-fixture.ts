// Builds (or reuses) the search benchmark's store: a generated workspace backed up through the emulator into a folder.
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { generateWorkspace } from "../emulator/generator/index.ts";
import type { GenerateOptions } from "../emulator/generator/options.ts";
import { createEmulator, DEFAULT_TOKEN } from "../emulator/index.ts";
import { backupNotion } from "../src/notion/backup.ts";
import { createNotionClient } from "../src/notion/client.ts";
import { openBackend, parseLocation } from "../src/store/location.ts";
import { initRepository, openRepository, type Repository } from "../src/store/repository.ts";

/** The passphrase of the benchmark store (not a secret: the store holds generated data). */
export const BENCH_PASSPHRASE = "bench-passphrase-not-secret";

/** Opens the store in `dir`, first creating it with one backup of a generated workspace when it does not exist. */
export async function benchStore(
  dir: string,
  gen: Partial<GenerateOptions>,
  log: (line: string) => void,
): Promise<{ repo: Repository; builtSeconds?: number }> {
  const backend = await openBackend(parseLocation(dir));
  const exists = await stat(join(dir, "config")).then(
    () => true,
    () => false,
  );
  if (exists) return { repo: await openRepository(backend, BENCH_PASSPHRASE, { cacheDir: false }) };
  const started = performance.now();
  log(`generating ${JSON.stringify(gen)} ...`);
  const ws = generateWorkspace(gen);
  const emulator = await createEmulator({ workspace: ws, rateLimit: false });
  const repo = await initRepository(backend, BENCH_PASSPHRASE, {
    cacheDir: false,
    kdf: { memoryKiB: 8 * 1024, iterations: 1, parallelism: 1 },
  });
  try {
    const client = createNotionClient({
      token: DEFAULT_TOKEN,
      baseUrl: emulator.url,
      ratePerSecond: 5000,
      burst: 500,
      backoff: { baseDelayMs: 5, maxDelayMs: 40 },
    });
    log(`backing up through the emulator at ${emulator.url} ...`);
    const result = await backupNotion({ repo, client, comments: "pages" });
    log(`snapshot ${result.snapshot.id.slice(0, 8)}: ${JSON.stringify(result.report.counts)}`);
  } finally {
    await emulator.close();
  }
  return { repo, builtSeconds: (performance.now() - started) / 1000 };
}
