// Runs one command as a child process under /usr/bin/time -v and reports wall time, CPU and peak memory.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** What one measured run cost. */
export interface Measurement {
  /** Wall-clock seconds. */
  seconds: number;
  /** User + system CPU seconds (undefined without /usr/bin/time). */
  cpuSeconds?: number;
  /** Peak resident set size in bytes (undefined without /usr/bin/time). */
  maxRss?: number;
  stdout: string;
}

const TIME = "/usr/bin/time";

function field(report: string, label: string): number | undefined {
  const line = report.split("\n").find((l) => l.trim().startsWith(label));
  const value = line?.slice(line.lastIndexOf(":") + 1).trim();
  return value === undefined ? undefined : Number(value);
}

/** Runs `command args` with `env`; throws with its stderr when it fails. */
export async function measure(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Measurement> {
  const useTime = existsSync(TIME);
  const dir = await mkdtemp(join(tmpdir(), "nvault-bench-time-"));
  const report = join(dir, "time.txt");
  const argv = useTime ? ["-v", "-o", report, command, ...args] : args;
  const started = performance.now();
  const child = spawn(useTime ? TIME : command, argv, { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => {
    stdout += s;
  });
  child.stderr.setEncoding("utf8").on("data", (s: string) => {
    // Progress bars can be long; only the tail matters for an error message.
    stderr = (stderr + s).slice(-4000);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  const seconds = (performance.now() - started) / 1000;
  const text = useTime ? await readFile(report, "utf8").catch(() => "") : "";
  await rm(dir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited ${code}: ${stderr.trim()}`);
  const user = field(text, "User time (seconds)");
  const sys = field(text, "System time (seconds)");
  const rssKb = field(text, "Maximum resident set size (kbytes)");
  return {
    seconds,
    cpuSeconds: user !== undefined && sys !== undefined ? user + sys : undefined,
    maxRss: rssKb !== undefined ? rssKb * 1024 : undefined,
    stdout,
  };
}
