import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { pruneDedupeClaims } from '@hookline/persistence/dedupe';
import { INGEST_CONFIG, type IngestConfig } from '../ingest.config';

const EVERY_MS = 60_000;
const BATCH = 5_000;

/**
 * Deletes dedupe claims older than the window once a minute, so the table stays the window's size.
 * Each statement deletes a bounded batch; a round repeats them until the expired backlog is gone
 * (one batch a minute could not keep up with more than ~83 new message ids a second).
 */
@Injectable()
export class DedupePruner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DedupePruner.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    private readonly db: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.prune(), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One round: deletes every claim older than the window at `now`, a bounded batch per statement; returns how many went. */
  async pruneExpired(now: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const removed = await pruneDedupeClaims(this.db, this.config.dedupeWindowMs, now, BATCH);
      total += removed;
      if (removed < BATCH) return total;
    }
  }

  private async prune(): Promise<void> {
    try {
      const removed = await this.pruneExpired(new Date());
      if (removed > 0) this.logger.debug(`pruned ${removed} dedupe claims`);
    } catch (error) {
      this.logger.warn(`dedupe pruning failed, will retry: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
