// The Content-Security-Policy of the UI: only its own script and style, no frames, nothing fetched from elsewhere.

/** Sent on every response; file responses add `sandbox`. */
export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; media-src 'self'; " +
  "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
