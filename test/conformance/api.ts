// A bare HTTP client for replaying requests against the emulator exactly as recorded (no SDK in between).

/** An answer as received: status, parsed JSON body (undefined when not JSON) and headers. */
export interface ApiAnswer {
  status: number;
  body: any;
  headers: Headers;
}

/** Options of one raw call. */
export interface CallOptions {
  body?: unknown;
  /** Query string without `?`. */
  query?: string;
  /** Extra or replacing headers (lower-case names). */
  headers?: Record<string, string>;
  /** Multipart fields; a field with a filename is sent as a file part. */
  form?: Array<{ name: string; filename?: string; contentType?: string; content: string | Uint8Array }>;
  /** Send no Authorization header, or this token instead of the emulator's. */
  token?: string | null;
}

/** Talks to one emulator with one token at the Notion-Version it speaks. */
export class Api {
  constructor(
    readonly baseUrl: string,
    readonly token: string,
    readonly version = "2025-09-03",
  ) {}

  /** Sends one request and returns whatever came back. */
  async call(method: string, path: string, opts: CallOptions = {}): Promise<ApiAnswer> {
    const headers: Record<string, string> = { "notion-version": this.version, ...opts.headers };
    const token = opts.token === undefined ? this.token : opts.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let body: string | FormData | undefined;
    if (opts.form) {
      const form = new FormData();
      for (const f of opts.form) {
        if (f.filename === undefined) form.append(f.name, String(f.content));
        else
          form.append(
            f.name,
            new Blob([f.content], { type: f.contentType ?? "application/octet-stream" }),
            f.filename,
          );
      }
      body = form;
      // fetch sets the multipart boundary itself.
      delete headers["content-type"];
    } else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers["content-type"] = "application/json";
    }
    const url = `${this.baseUrl}${path}${opts.query ? `?${opts.query}` : ""}`;
    const res = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text === "" ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  /** Sends one request that must succeed; returns its JSON body. */
  async ok(method: string, path: string, body?: unknown, opts: CallOptions = {}): Promise<any> {
    const answer = await this.call(method, path, { ...opts, ...(body !== undefined ? { body } : {}) });
    if (answer.status !== 200) {
      throw new Error(`seed ${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    }
    return answer.body;
  }
}
