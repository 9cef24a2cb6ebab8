// Downloads an external file link, connecting only to public addresses (checked on the resolved IPs, redirects included).
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { VaultError } from "../../errors.ts";
import { describeFileUrl } from "../file-download.ts";
import type { FileSpool, SpooledFile } from "../file-spool.ts";
import { isPublicAddress } from "./public-address.ts";

/** An external download refused because it would reach a private, loopback or link-local address. */
export class ExternalRefusedError extends VaultError {
  constructor(message: string) {
    super("external_refused", message);
    this.name = "ExternalRefusedError";
  }
}

/** Options of downloadExternal. */
export interface ExternalDownloadOptions {
  maxBytes: number;
  signal?: AbortSignal;
  /** Redirects followed, each checked again (default 3). */
  maxRedirects?: number;
  /** Time limit of one request (default 60 s). */
  timeoutMs?: number;
}

/** What an external download gives: the file (hashed; spooled to disk when large) and its type. */
export interface ExternalFile {
  file: SpooledFile;
  contentType: string | undefined;
}

// Resolves like dns.lookup but refuses a host if any of its addresses is not public, so the
// connection can only go to an address that was checked (no second resolution to rebind).
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, "", 4);
    const bad = addresses.find((a) => !isPublicAddress(a.address));
    if (bad || addresses.length === 0) {
      const refused = new ExternalRefusedError(
        `refused to download from ${hostname}: it resolves to a non-public address`,
      );
      return callback(refused as NodeJS.ErrnoException, "", 4);
    }
    if ((options as { all?: boolean }).all) {
      return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    }
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
};

/** Downloads `url` (http or https) into `spool`, refusing non-public destinations. */
export async function downloadExternal(
  url: string,
  spool: FileSpool,
  opts: ExternalDownloadOptions,
): Promise<ExternalFile> {
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    checkUrl(current);
    const res = await get(current, opts);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      if (hop >= (opts.maxRedirects ?? 3))
        throw new VaultError("download_failed", `too many redirects for ${describeFileUrl(url)}`);
      current = new URL(res.headers.location, current);
      continue;
    }
    if (status < 200 || status >= 300) {
      res.resume();
      throw new VaultError("download_failed", `${describeFileUrl(url)} answered HTTP ${status}`);
    }
    const file = await spool.take(limited(res, opts.maxBytes, describeFileUrl(url)));
    return { file, contentType: res.headers["content-type"] };
  }
}

function checkUrl(u: URL): void {
  if (u.protocol !== "http:" && u.protocol !== "https:") {
    throw new ExternalRefusedError(`refused to download ${u.protocol} URL`);
  }
  // IP literals never go through lookup, so they are judged here.
  const host = u.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) && !isPublicAddress(host)) {
    throw new ExternalRefusedError(`refused to download from ${host}: not a public address`);
  }
}

function get(u: URL, opts: ExternalDownloadOptions): Promise<IncomingMessage> {
  const request = u.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(u, {
      method: "GET",
      lookup: guardedLookup,
      timeout: opts.timeoutMs ?? 60_000,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    req.on("response", resolve);
    req.on("timeout", () =>
      req.destroy(new VaultError("download_failed", `timed out: ${describeFileUrl(u.href)}`)),
    );
    req.on("error", reject);
    req.end();
  });
}

/** The chunks of `body`, failing (and closing it) once more than `maxBytes` arrived. */
export async function* limited(
  body: IncomingMessage,
  maxBytes: number,
  what: string,
): AsyncGenerator<Uint8Array> {
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      body.destroy();
      throw new VaultError("download_failed", `${what} is larger than ${maxBytes} bytes`);
    }
    yield chunk;
  }
}
