import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import type { DeliveryJob } from '@hookline/contracts';
import type { ParkReason } from '@hookline/domain';
import { OrderedRecordWriter, type OutgoingRecord } from '@hookline/kafka';
import { recordParked } from '../dispatcher-metrics';
import { RetryTiers } from './retry-tiers';

const WRITE_RETRY_MS = 1000;

/**
 * Writes a job that may not be attempted now to a tier (parks it), or a
 * record that is not a job to the dead letter, retrying until the write is
 * durable: a job whose write never lands is never released, so never lost.
 * Once the dispatcher stops, a failed write fails instead of retrying, and
 * the job is repeated after restart.
 */
@Injectable()
export class JobParker {
  private readonly logger = new Logger(JobParker.name);
  private stopping = false;

  constructor(
    private readonly writer: OrderedRecordWriter,
    private readonly tiers: RetryTiers,
  ) {}

  park(job: DeliveryJob, delayMs: number, reason: ParkReason): Promise<void> {
    return this.durably(`parking message ${job.messageId}`, () => this.writer.write([this.tiers.delayed(job, delayMs, Date.now())]).then(() => undefined)).then(
      () => recordParked(reason),
    );
  }

  deadLetter(record: OutgoingRecord): Promise<void> {
    return this.durably(`dead-lettering ${record.key}`, () => this.writer.write([record]).then(() => undefined));
  }

  stopRetrying(): void {
    this.stopping = true;
  }

  private async durably(what: string, write: () => Promise<void>): Promise<void> {
    for (;;) {
      try {
        return await write();
      } catch (error) {
        if (this.stopping) throw error;
        this.logger.error(`${what} failed; retrying: ${String(error)}`);
        await sleep(WRITE_RETRY_MS);
      }
    }
  }
}
