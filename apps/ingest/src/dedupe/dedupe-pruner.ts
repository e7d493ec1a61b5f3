import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { pruneDedupeClaims } from '@hookline/persistence';
import { INGEST_CONFIG, type IngestConfig } from '../ingest.config';

const EVERY_MS = 60_000;

/** Deletes dedupe claims older than the window, a bounded batch per minute, so the table stays the window's size. */
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

  private async prune(): Promise<void> {
    try {
      const removed = await pruneDedupeClaims(this.db, this.config.dedupeWindowMs, new Date());
      if (removed > 0) this.logger.debug(`pruned ${removed} dedupe claims`);
    } catch (error) {
      this.logger.warn(`dedupe pruning failed, will retry: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
