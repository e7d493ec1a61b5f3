import { Logger } from '@nestjs/common';
import type { KafkaMessage } from 'kafkajs';
import type { DeliveryJob } from '@hookline/contracts';
import { OffsetTracker } from '@hookline/domain';
import type { BatchContext, RegistryTail, TopicRecord } from '@hookline/kafka';
import type { EndpointLanes } from '../lanes/endpoint-lanes';
import { decodeJob, undecodableJobRecord } from './undecodable-job';

interface PartitionState {
  readonly topic: string;
  readonly partition: number;
  readonly tracker: OffsetTracker;
  committed: string | null;
  dueTimer: NodeJS.Timeout | null;
  /** Set while the partition is paused because too many of its jobs are unfinished. */
  resumeWhenDrained: (() => void) | null;
}

export interface IntakeOptions {
  readonly deliveriesTopic: string;
  readonly partitionPendingLimit: number;
  readonly deadLetterTopic: string;
  /** Durably writes a record (a dead letter for a record that is not a job). */
  deadLetter(record: TopicRecord): Promise<void>;
  /** Durably parks a job in the park tier. */
  park(job: DeliveryJob): Promise<void>;
  /** Commits `offset` (next to read) for one partition. */
  commit(topic: string, partition: number, offset: string): Promise<void>;
}

const COMMIT_DELAY_MS = 200;
/** A job due within this is treated as due: a timer this short is not worth a pause. */
const DUE_SLACK_MS = 10;

/**
 * The batch handler of `deliveries` and the retry tiers. It hands each job to
 * its endpoint's lane (or parks it) and returns at once, so one partition's
 * endpoints proceed independently; offsets are committed separately, only up
 * to the lowest job whose outcome is not yet durable (OffsetTracker).
 *
 * In a tier every job has the same delay, so the head is the next due: when
 * it is not due yet the partition is paused until it is (a timer, no polling)
 * and the messages behind it are fetched again on resume.
 */
export class JobIntake {
  private readonly logger = new Logger(JobIntake.name);
  private readonly partitions = new Map<string, PartitionState>();
  private commitTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly registry: RegistryTail,
    private readonly lanes: EndpointLanes,
    private readonly options: IntakeOptions,
  ) {}

  async handle(messages: KafkaMessage[], context: BatchContext): Promise<string | null> {
    if (this.stopped) return null;
    const state = this.stateOf(context.topic, context.partition);
    const fromTier = context.topic !== this.options.deliveriesTopic;
    let accepted: string | null = null;
    for (const message of messages) {
      if (!context.isActive() || this.stopped) break;
      const decoded = decodeJob(message.value);
      if (decoded.kind === 'undecodable') {
        this.deadLetter(state, context, message, decoded.why);
        accepted = message.offset;
        continue;
      }
      const job = decoded.job;
      const now = Date.now();
      if (fromTier && job.dueAt !== null && job.dueAt > now + DUE_SLACK_MS) {
        this.pauseUntil(state, context, job.dueAt);
        break;
      }
      if (state.tracker.pendingCount >= this.options.partitionPendingLimit) {
        state.resumeWhenDrained = context.pause();
        break;
      }
      if (state.tracker.add(message.offset)) await this.route(job, fromTier, () => this.complete(state, message.offset));
      accepted = message.offset;
    }
    this.scheduleCommit();
    return accepted;
  }

  /** Which partitions this member owns now; state of the others is dropped (their commits would be refused). */
  assigned(partitions: ReadonlyArray<{ topic: string; partition: number }>): void {
    const keep = new Set(partitions.map((p) => `${p.topic}:${p.partition}`));
    for (const [key, state] of this.partitions) {
      if (keep.has(key)) continue;
      if (state.dueTimer !== null) clearTimeout(state.dueTimer);
      this.partitions.delete(key);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const state of this.partitions.values()) if (state.dueTimer !== null) clearTimeout(state.dueTimer);
    if (this.commitTimer !== null) clearTimeout(this.commitTimer);
    this.commitTimer = null;
  }

  /** Commits every partition's watermark now (SIGTERM, after the lanes drained). */
  async commitNow(): Promise<void> {
    await Promise.all(
      [...this.partitions.values()].map(async (state) => {
        const offset = state.tracker.committable();
        if (offset === null || offset === state.committed) return;
        try {
          await this.options.commit(state.topic, state.partition, offset);
          state.committed = offset;
        } catch (error) {
          // Usually a rebalance took the partition; its next owner re-reads from the last commit.
          this.logger.warn(`commit of ${state.topic}[${state.partition}]@${offset} failed: ${String(error)}`);
        }
      }),
    );
  }

  private async route(job: DeliveryJob, fromTier: boolean, done: () => void): Promise<void> {
    let endpoint = this.registry.view.endpoint(job.endpointId);
    if (endpoint === undefined) {
      // Ingest routed to it, so our view may just be behind; catch up once before concluding it was deleted.
      await this.registry.waitUntilCurrent();
      endpoint = this.registry.view.endpoint(job.endpointId);
    }
    if (endpoint === undefined) {
      this.logger.warn(`endpoint ${job.endpointId} was deleted; dropping job for message ${job.messageId}`);
      return done();
    }
    const lane = this.lanes.laneFor(endpoint);
    const admission = lane.admission.admit(job.messageId, fromTier ? 'parked' : 'fresh', lane.hasRoom(), endpoint.status === 'enabled');
    if (admission === 'enqueue') return lane.enqueue(job, done);
    // Not awaited: the writer keeps call order (fifo parks stay in order) and batches the sends.
    void this.options.park(job).then(done, (error: unknown) => this.logger.error(`parking message ${job.messageId} failed: ${String(error)}`));
  }

  /** Not a job: to dead-letter, and the partition moves on once that is durable. */
  private deadLetter(state: PartitionState, context: BatchContext, message: KafkaMessage, why: string): void {
    if (!state.tracker.add(message.offset)) return;
    this.logger.warn(`${context.topic}[${context.partition}]@${message.offset} is not a delivery job (${why.slice(0, 200)}); dead-lettered`);
    const source = { topic: context.topic, partition: context.partition };
    const record = undecodableJobRecord(this.options.deadLetterTopic, source, message, why, new Date());
    void this.options.deadLetter(record).then(
      () => this.complete(state, message.offset),
      (error: unknown) => this.logger.error(`dead-lettering ${context.topic}[${context.partition}]@${message.offset} failed: ${String(error)}`),
    );
  }

  private complete(state: PartitionState, offset: string): void {
    state.tracker.complete(offset);
    if (state.resumeWhenDrained !== null && state.tracker.pendingCount <= this.options.partitionPendingLimit / 2) {
      const resume = state.resumeWhenDrained;
      state.resumeWhenDrained = null;
      resume();
    }
    this.scheduleCommit();
  }

  private pauseUntil(state: PartitionState, context: BatchContext, dueAt: number): void {
    if (state.dueTimer !== null) clearTimeout(state.dueTimer);
    const resume = context.pause();
    state.dueTimer = setTimeout(() => {
      state.dueTimer = null;
      if (!this.stopped) resume();
    }, dueAt - Date.now());
  }

  private scheduleCommit(): void {
    if (this.commitTimer !== null || this.stopped) return;
    this.commitTimer = setTimeout(() => {
      this.commitTimer = null;
      void this.commitNow();
    }, COMMIT_DELAY_MS);
  }

  private stateOf(topic: string, partition: number): PartitionState {
    const key = `${topic}:${partition}`;
    let state = this.partitions.get(key);
    if (state === undefined) {
      state = { topic, partition, tracker: new OffsetTracker(), committed: null, dueTimer: null, resumeWhenDrained: null };
      this.partitions.set(key, state);
    }
    return state;
  }
}
