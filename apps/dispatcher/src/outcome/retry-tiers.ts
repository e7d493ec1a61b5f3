import { encodeJson, topicNames, type DeliveryJob, type TopicNames } from '@hookline/contracts';
import { tierFor, type TierRecord } from '@hookline/domain';
import type { OutgoingRecord } from '@hookline/kafka';

/**
 * The retry tier topics this dispatcher consumes, and how a job is written to
 * one. The shortest tier doubles as the park: jobs that may not be attempted
 * yet (disabled endpoint, full lane) wait there and are looked at again.
 */
export class RetryTiers {
  readonly delays: readonly number[];
  readonly parkDelayMs: number;
  private readonly names: TopicNames;

  constructor(prefix: string, delays: readonly number[]) {
    this.delays = [...new Set(delays)].sort((a, b) => a - b);
    if (this.delays.length === 0) throw new Error('at least one retry tier is needed');
    this.parkDelayMs = this.delays[0] as number;
    this.names = topicNames(prefix);
  }

  get topics(): string[] {
    return this.delays.map((delay) => this.names.retry(delay));
  }

  isTier(topic: string): boolean {
    return this.topics.includes(topic);
  }

  /** The job waiting `delayMs` from `now` in the tier that fits it. */
  delayed(job: DeliveryJob, delayMs: number, now: number): OutgoingRecord {
    const tier = tierFor(delayMs, this.delays);
    return { topic: this.names.retry(tier), key: job.endpointId, value: encodeJson({ ...job, dueAt: now + delayMs }) };
  }

  /** A retry or parked job as `decideOutcome` decided it (tier chosen, `dueAt` set). */
  record(record: TierRecord): OutgoingRecord {
    return { topic: this.names.retry(record.tierDelayMs), key: record.job.endpointId, value: encodeJson(record.job) };
  }
}
