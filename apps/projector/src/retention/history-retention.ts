import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { closeProjectionFence } from '@hookline/persistence';
import { pruneHistoryBatch, type PruneResult } from '@hookline/persistence/projection';
import { PROJECTOR_CONFIG, type ProjectorConfig } from '../projector.config';

/**
 * Prunes message history older than HOOKLINE_HISTORY_RETENTION on a timer, in
 * bounded transactions so a large backlog never holds locks for long. Each
 * holds the projection fence exclusively, so batches pause for it (ms) rather
 * than deadlock on stats rows. Runs in every replica; the fence makes
 * concurrent passes take turns.
 */
@Injectable()
export class HistoryRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HistoryRetention.name);
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | undefined;
  private stopping = false;

  constructor(
    @Inject(PROJECTOR_CONFIG) private readonly config: ProjectorConfig,
    private readonly db: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.runPass(), this.config.pruneIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.pass;
  }

  private runPass(): void {
    if (this.pass !== undefined) return;
    this.pass = this.pruneAll(new Date(Date.now() - this.config.historyRetentionMs))
      .then((total) => {
        if (total.messages + total.attempts > 0) this.logger.log(`pruned ${total.messages} messages and ${total.attempts} attempts`);
      })
      .catch((error: unknown) => {
        // A deadlock with a projection batch or a database blip: the next pass picks up where this one stopped.
        this.logger.warn(`history prune failed: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        this.pass = undefined;
      });
  }

  /** Batch after batch until nothing older than the cutoff is left (or we are stopping). */
  async pruneAll(cutoff: Date): Promise<PruneResult> {
    let messages = 0;
    let attempts = 0;
    while (!this.stopping) {
      const batch = await this.db.transaction(async (tx) => {
        // Exclusive: projection batches wait for this short, bounded transaction instead of deadlocking with it.
        await closeProjectionFence(tx);
        return pruneHistoryBatch(tx, cutoff, this.config.pruneBatchSize);
      });
      messages += batch.messages;
      attempts += batch.attempts;
      if (batch.messages === 0 && batch.attempts === 0) break;
    }
    return { messages, attempts };
  }
}
