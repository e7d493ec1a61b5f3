/** One event on its way to the input topic. */
export interface PublishRecord {
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface PublishBatcherOptions {
  /** How long the first record of a batch waits for others (ms). */
  readonly lingerMs: number;
  /** A batch is cut before it grows past this many value bytes; a record alone over it is sent alone. */
  readonly maxBatchBytes: number;
}

/** The input topic did not take these records: none of them was accepted. */
export class PublishFailedError extends Error {
  override readonly name = 'PublishFailedError';
  constructor(override readonly cause: unknown) {
    super(`Kafka did not take the event: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

interface Waiting {
  readonly record: PublishRecord;
  readonly bytes: number;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Coalesces concurrent `POST /v1/events` into one produce request. Each
 * request used to be its own acks=all send, and the idempotent producer has
 * one request in flight, so under load requests queued one round trip each
 * and the door topped out near 700/s (issue 14). Here the first record waits
 * `lingerMs` for company; records arriving while a send is in flight go into
 * the next one. Each caller resolves only once the send holding its record is
 * acknowledged by all in-sync replicas, and a failed send rejects exactly the
 * callers whose records were in it. Batches are bounded in bytes, and a record
 * over the bound goes alone, so one record the broker refuses as too large
 * fails only its own request.
 */
export class PublishBatcher {
  private queue: Waiting[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> | undefined;

  constructor(
    private readonly send: (records: PublishRecord[]) => Promise<void>,
    private readonly options: PublishBatcherOptions,
  ) {}

  publish(record: PublishRecord): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ record, bytes: Buffer.byteLength(record.value) + Buffer.byteLength(record.key), resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once every record published so far has been sent (or failed): for shutdown. */
  async drain(): Promise<void> {
    while (this.timer !== undefined || this.sending !== undefined) {
      if (this.timer !== undefined) {
        clearTimeout(this.timer);
        this.timer = undefined;
        this.startSending();
      }
      await this.sending;
    }
  }

  /** Records queued while a send is in flight wait for it, not for a linger of their own: they have waited already. */
  private schedule(): void {
    if (this.sending !== undefined || this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.startSending();
    }, this.options.lingerMs);
  }

  private startSending(): void {
    this.sending = this.sendAll().finally(() => {
      this.sending = undefined;
      // A record queued between the last batch and this callback would otherwise wait for the next caller.
      if (this.queue.length > 0) this.schedule();
    });
  }

  private async sendAll(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.takeBatch();
      try {
        await this.send(batch.map((waiting) => waiting.record));
        for (const waiting of batch) waiting.resolve();
      } catch (error) {
        const failed = new PublishFailedError(error);
        for (const waiting of batch) waiting.reject(failed);
      }
    }
  }

  private takeBatch(): Waiting[] {
    let bytes = 0;
    let count = 0;
    for (const waiting of this.queue) {
      if (count > 0 && bytes + waiting.bytes > this.options.maxBatchBytes) break;
      bytes += waiting.bytes;
      count += 1;
      if (bytes > this.options.maxBatchBytes) break; // a record over the bound alone
    }
    return this.queue.splice(0, count);
  }
}
