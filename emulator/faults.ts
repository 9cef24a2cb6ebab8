// Fault injection: a deterministic share of failed, dropped or slow answers, and targeted faults.
import { NotionError } from "./errors.ts";

/** A fault: an error status, a connection dropped before the handler runs, or dropped after it. */
export type FaultKind = 429 | 500 | 502 | 503 | 504 | 529 | "drop" | "drop-after";

/** Random faults for a whole run; shares are between 0 and 1. */
export interface FaultOptions {
  /** Seed of the pseudo-random sequence, so a failing run can be replayed (default 1). */
  seed?: number;
  /** Share of answers replaced by an error status. */
  errorRate?: number;
  /** Statuses drawn uniformly for those answers (default 429, 500, 502, 503, 529). */
  statuses?: Array<429 | 500 | 502 | 503 | 504 | 529>;
  /** Share of connections destroyed without any answer. */
  dropRate?: number;
  /** Delay added to slow answers, in ms. */
  delayMs?: number;
  /** Share of answers delayed by `delayMs` (default: all of them when `delayMs` is set). */
  slowRate?: number;
  /** Endpoint names random faults apply to (default: every API endpoint). */
  endpoints?: string[];
}

/** What to do with one request: an optional fault and a delay before answering. */
export interface FaultPlan {
  fault?: FaultKind;
  delayMs: number;
}

interface Targeted {
  endpoint: string;
  remaining: number;
  fault: FaultKind | { delayMs: number };
}

const DEFAULT_STATUSES = [429, 500, 502, 503, 529] as const;

/** Decides, request by request, which fault (if any) the emulator plays. */
export class FaultInjector {
  private targeted: Targeted[] = [];
  private rng: () => number = mulberry32(1);
  private seededFrom: FaultOptions | undefined;

  constructor(private readonly config: () => FaultOptions | undefined) {}

  /**
   * Plays `fault` on the next `count` requests to `endpoint` (a Route name, "files.download", or
   * "*" for any), before and regardless of the random faults.
   */
  injectNext(endpoint: string, count: number, fault: FaultKind | { delayMs: number }): void {
    this.targeted.push({ endpoint, remaining: count, fault });
  }

  /** Forgets the targeted faults not played yet. */
  clear(): void {
    this.targeted = [];
  }

  /** The plan for one request to `endpoint`; `random` is false where only targeted faults apply. */
  decide(endpoint: string, random = true): FaultPlan {
    const hit = this.targeted.find((t) => t.remaining > 0 && (t.endpoint === "*" || t.endpoint === endpoint));
    if (hit) {
      hit.remaining--;
      this.targeted = this.targeted.filter((t) => t.remaining > 0);
      return typeof hit.fault === "object"
        ? { delayMs: hit.fault.delayMs }
        : { fault: hit.fault, delayMs: 0 };
    }
    const cfg = this.config();
    if (!cfg || !random || (cfg.endpoints && !cfg.endpoints.includes(endpoint))) return { delayMs: 0 };
    if (cfg !== this.seededFrom) {
      this.seededFrom = cfg;
      this.rng = mulberry32(cfg.seed ?? 1);
    }
    const plan: FaultPlan = { delayMs: 0 };
    if (cfg.delayMs && this.rng() < (cfg.slowRate ?? 1)) plan.delayMs = cfg.delayMs;
    const roll = this.rng();
    const dropRate = cfg.dropRate ?? 0;
    if (roll < dropRate) plan.fault = "drop";
    else if (roll < dropRate + (cfg.errorRate ?? 0)) {
      const statuses = cfg.statuses?.length ? cfg.statuses : DEFAULT_STATUSES;
      plan.fault = statuses[Math.floor(this.rng() * statuses.length)] ?? 500;
    }
    return plan;
  }
}

/** The error Notion answers for a fault status (502 is answered as HTML by the server). */
export function faultError(status: number): NotionError {
  switch (status) {
    case 429:
      return new NotionError(
        429,
        "rate_limited",
        "You have been rate limited. Please try again in a few minutes.",
        undefined,
        {
          "Retry-After": "1",
        },
      );
    case 502:
      return new NotionError(502, "bad_gateway", "Bad Gateway");
    case 503:
      return new NotionError(
        503,
        "service_unavailable",
        "Notion is unavailable. This can occur when the time to respond to a request takes longer than 60 seconds, the maximum request timeout. Please try again later.",
      );
    case 504:
      return new NotionError(
        504,
        "gateway_timeout",
        "Notion timed out while processing the request. Please try again later.",
      );
    case 529:
      return new NotionError(
        529,
        "service_overload",
        "Notion is experiencing high demand. Please try again later.",
        undefined,
        { "Retry-After": "1" },
      );
    default:
      return new NotionError(500, "internal_server_error", "Unexpected error occurred.");
  }
}

/** The body a load balancer sends for 502: HTML, not Notion's JSON, as clients really see it. */
export const BAD_GATEWAY_HTML =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n";

/** A small fast PRNG with a 32-bit seed; good enough to spread faults, and reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
