// A growable byte writer and a cursor reader with unsigned LEB128 varints, for the index's binary segments.
import { IntegrityError } from "../store/errors.ts";

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Appends bytes, varints and strings to a buffer that grows as needed. */
export class ByteWriter {
  private buf: Uint8Array;
  private pos = 0;

  /** `initial`: starting capacity (small for the many short posting lists). */
  constructor(initial = 1024) {
    this.buf = new Uint8Array(Math.max(16, initial));
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /** An unsigned integer below 2^53 as a LEB128 varint. */
  varint(n: number): void {
    this.reserve(8);
    let v = n;
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.pos++] = v;
  }

  /** Raw bytes, without a length. */
  raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** A length-prefixed byte string. */
  bytes(bytes: Uint8Array): void {
    this.varint(bytes.length);
    this.raw(bytes);
  }

  /** A length-prefixed UTF-8 string. */
  string(s: string): void {
    this.bytes(utf8.encode(s));
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos;
  }

  /** The written bytes (a view; do not write after taking it). */
  finish(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
}

/** Reads what a ByteWriter wrote; IntegrityError when the data ends early. */
export class ByteReader {
  pos = 0;

  constructor(private readonly buf: Uint8Array) {}

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new IntegrityError("search index segment is truncated");
  }

  varint(): number {
    let result = 0;
    let scale = 1;
    for (;;) {
      this.need(1);
      const b = this.buf[this.pos++]!;
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 0x80;
      if (scale > 2 ** 56) throw new IntegrityError("search index varint is too long");
    }
  }

  raw(n: number): Uint8Array {
    this.need(n);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  bytes(): Uint8Array {
    return this.raw(this.varint());
  }

  string(): string {
    return fromUtf8.decode(this.bytes());
  }

  get done(): boolean {
    return this.pos >= this.buf.length;
  }
}
