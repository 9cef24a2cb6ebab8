// A bounded async queue between the crawl's producers and its one consumer, so memory stays bounded.

/** Producers `push` (waiting while the buffer is full); the consumer iterates; `close` or `fail` ends it. */
export class Channel<T> implements AsyncIterable<T> {
  private readonly buffer: T[] = [];
  private readonly roomWaiters: Array<() => void> = [];
  private itemWaiter: (() => void) | undefined;
  private closed = false;
  private error: { err: unknown } | undefined;

  constructor(private readonly capacity: number) {}

  /** Queues an item; resolves once the buffer has room for it. Items pushed after close are dropped. */
  async push(item: T): Promise<void> {
    while (this.buffer.length >= this.capacity && !this.closed) {
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
    }
    if (this.closed) return;
    this.buffer.push(item);
    this.wakeConsumer();
  }

  /** No more items: the consumer ends after the buffered ones. */
  close(): void {
    this.closed = true;
    this.wakeConsumer();
    this.wakeProducers();
  }

  /** Ends the iteration with `err` (after nothing: buffered items are dropped). */
  fail(err: unknown): void {
    if (!this.error) this.error = { err };
    this.buffer.length = 0;
    this.close();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      if (this.error) throw this.error.err;
      const item = this.buffer.shift();
      if (item !== undefined) {
        this.wakeProducers();
        yield item;
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => {
        this.itemWaiter = resolve;
      });
    }
  }

  private wakeConsumer(): void {
    const w = this.itemWaiter;
    this.itemWaiter = undefined;
    w?.();
  }

  private wakeProducers(): void {
    for (const w of this.roomWaiters.splice(0)) w();
  }
}
