// Who may talk to the UI server: the Host header must name this server (DNS rebinding), and off loopback a token.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";

/** Name of the cookie that carries the access token after a first `?token=` visit. */
export const TOKEN_COOKIE = "nvault_ui_token";

/** A fresh random access token (URL-safe, 192 bits). */
export function newAccessToken(): string {
  return randomBytes(24).toString("base64url");
}

/** True when the address is a loopback address (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h) || h === "::ffff:127.0.0.1";
}

/** Compares two secrets in constant time (hashing first, so lengths leak nothing either). */
export function sameSecret(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** Splits a Host header into host name and port ("[::1]:8080" -> ["::1", "8080"]). */
function splitHost(header: string): { name: string; port: string } | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d+))?$/i.exec(header.trim());
  if (!m) return undefined;
  return { name: m[1]!.replace(/^\[|\]$/g, "").toLowerCase(), port: m[2] ?? "80" };
}

/**
 * Whether a Host header names this server. A DNS-rebinding page reaches us under the attacker's
 * domain name, so only IP literals, "localhost" and the name we were bound to are accepted, on our port.
 */
export function hostAllowed(header: string | undefined, bind: string, port: number): boolean {
  if (!header) return false;
  const h = splitHost(header);
  if (!h || h.port !== String(port)) return false;
  const bound = bind.replace(/^\[|\]$/g, "").toLowerCase();
  if (h.name === bound) return true;
  if (isLoopback(bound)) return isLoopback(h.name);
  if (isIP(h.name) !== 0 || h.name === "localhost") return true;
  return false;
}

/** Reads one cookie from a request. */
export function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

/** The token a request presents: Authorization: Bearer, X-Nvault-Token, or the cookie. */
export function presentedToken(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.toLowerCase().startsWith("bearer ")) return auth.slice(7).trim();
  const header = req.headers["x-nvault-token"];
  if (typeof header === "string") return header;
  return cookie(req, TOKEN_COOKIE);
}
