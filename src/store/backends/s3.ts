// The S3-compatible backend (AWS, MinIO, Garage, R2, B2 ...): one object per file, common layout.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { type Backend, type ByteRange, type FileInfo, type FileType, filePath } from "../backend.ts";
import { StoreError } from "../errors.ts";

/** Where and how to reach the bucket. */
export interface S3BackendOptions {
  bucket: string;
  /** Folder inside the bucket ("" for its root). */
  prefix?: string;
  /** Endpoint URL for non-AWS services, e.g. http://127.0.0.1:9000. */
  endpoint?: string;
  region?: string;
  /** Path-style URLs (bucket in the path), needed by most self-hosted servers. */
  forcePathStyle?: boolean;
  /** Explicit credentials; otherwise the AWS SDK's default chain (env, profile ...). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

function statusOf(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

function isMissing(err: unknown): boolean {
  const name = (err as { name?: string })?.name;
  return name === "NoSuchKey" || name === "NotFound" || statusOf(err) === 404;
}

/** A Backend over S3. PUT is atomic in S3, so a reader never sees a partial object. */
export class S3Backend implements Backend {
  readonly location: string;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(opts: S3BackendOptions) {
    this.bucket = opts.bucket;
    const p = (opts.prefix ?? "").replace(/^\/+|\/+$/g, "");
    this.prefix = p ? `${p}/` : "";
    this.location = `s3:${opts.endpoint ? `${opts.endpoint.replace(/\/+$/, "")}/` : ""}${opts.bucket}/${this.prefix}`;
    this.client = new S3Client({
      region: opts.region ?? "us-east-1",
      endpoint: opts.endpoint,
      forcePathStyle: opts.forcePathStyle ?? opts.endpoint !== undefined,
      credentials: opts.credentials,
      // Many S3-compatible servers reject the SDK's newer default checksum headers.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  private key(type: FileType, name: string): string {
    return this.prefix + filePath(type, name);
  }

  private notFound(type: FileType, name: string, cause?: unknown): StoreError {
    return new StoreError("not_found", `${type}/${name} not found in ${this.location}`, { cause });
  }

  async save(type: FileType, name: string, data: Uint8Array, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.key(type, name),
        Body: data,
        ContentLength: data.length,
      }),
      { abortSignal: signal },
    );
  }

  async load(type: FileType, name: string, range?: ByteRange, signal?: AbortSignal): Promise<Uint8Array> {
    signal?.throwIfAborted();
    if (range && (range.offset < 0 || range.length < 0))
      throw new StoreError("invalid_argument", "negative range");
    if (range?.length === 0) {
      const st = await this.stat(type, name, signal);
      if (!st || st.size < range.offset) throw this.notFound(type, name);
      return new Uint8Array(0);
    }
    // The SDK retries failed requests but not a body cut off mid-stream; retry those here.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.loadOnce(type, name, range, signal);
      } catch (err) {
        if (err instanceof StoreError || signal?.aborted || attempt >= 3) throw err;
      }
    }
  }

  private async loadOnce(
    type: FileType,
    name: string,
    range?: ByteRange,
    signal?: AbortSignal,
  ): Promise<Uint8Array> {
    try {
      const res = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: this.key(type, name),
          Range: range ? `bytes=${range.offset}-${range.offset + range.length - 1}` : undefined,
        }),
        { abortSignal: signal },
      );
      const bytes = (await res.Body?.transformToByteArray()) ?? new Uint8Array(0);
      if (range && bytes.length !== range.length) {
        throw new StoreError("not_found", `range past the end of ${type}/${name}`);
      }
      return bytes;
    } catch (err) {
      if (isMissing(err)) throw this.notFound(type, name, err);
      if (statusOf(err) === 416) throw new StoreError("not_found", `range past the end of ${type}/${name}`);
      throw err;
    }
  }

  async stat(type: FileType, name: string, signal?: AbortSignal): Promise<{ size: number } | undefined> {
    signal?.throwIfAborted();
    try {
      const res = await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: this.key(type, name) }),
        {
          abortSignal: signal,
        },
      );
      return { size: res.ContentLength ?? 0 };
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async remove(type: FileType, name: string, signal?: AbortSignal): Promise<void> {
    // S3 deletes missing keys silently; the interface promises not_found, so look first.
    if (!(await this.stat(type, name, signal))) throw this.notFound(type, name);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.key(type, name) }), {
      abortSignal: signal,
    });
  }

  async *list(type: FileType, signal?: AbortSignal): AsyncIterable<FileInfo> {
    if (type === "config") {
      const st = await this.stat("config", "config", signal);
      if (st) yield { name: "config", size: st.size };
      return;
    }
    const prefix = `${this.prefix}${type}/`;
    let token: string | undefined;
    do {
      signal?.throwIfAborted();
      const res = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
        { abortSignal: signal },
      );
      for (const obj of res.Contents ?? []) {
        const key = obj.Key ?? "";
        const name = key.slice(key.lastIndexOf("/") + 1);
        if (name && !name.startsWith(".")) yield { name, size: obj.Size ?? 0 };
      }
      token = res.IsTruncated ? res.NextContinuationToken : undefined;
    } while (token);
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
