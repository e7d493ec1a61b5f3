import { Logger } from '@nestjs/common';
import { assertNever, type DeliveryJob } from '@hookline/contracts';
import { OffsetTracker, type ParkReason } from '@hookline/domain';
import type { BatchContext, ConsumedRecord, OutgoingRecord, RegistryTail } from '@hookline/kafka';
import type { EndpointLane } from '../lanes/endpoint-lane';
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
  /** Set while the partition is paused until a full lane has room; cancels that wait. */
  cancelRoomWait: (() => void) | null;
}

/** Where one job goes: nowhere (its endpoint is gone), or where its lane's admission decided. */
type Placement =
  | { readonly type: 'drop' }
  | { readonly type: 'enqueue'; readonly lane: EndpointLane }
  | { readonly type: 'wait'; readonly lane: EndpointLane }
  | { readonly type: 'park'; readonly delayMs: number; readonly reason: ParkReason };

export interface IntakeOptions {
  readonly deliveriesTopic: string;
  readonly partitionPendingLimit: number;
  readonly deadLetterTopic: string;
  /** Durably writes a record (a dead letter for a record that is not a job). */
  deadLetter(record: OutgoingRecord): Promise<void>;
  /** Durably parks a job for `delayMs` (one tier's delay). */
  park(job: DeliveryJob, delayMs: number, reason: ParkReason): Promise<void>;
  /** Commits `offset` (next to read) for one partition. */
  commit(topic: string, partition: number, offset: string): Promise<void>;
}

const COMMIT_DELAY_MS = 200;
/** A job due within this is treated as due: a timer this short is not worth a pause. */
const DUE_SLACK_MS = 10;
/**
 * A partition waiting for a full lane looks again this often even without a
 * free slot, so a lane that turns out slow (its rate now known) overflows to
 * the park instead of holding the partition.
 */
const ROOM_RECHECK_MS = 250;

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

  async handle(messages: readonly ConsumedRecord[], context: BatchContext): Promise<string | null> {
    if (this.stopped) return null;
    const state = this.stateOf(context.topic, context.partition);
    const fromTier = context.topic !== this.options.deliveriesTopic;
    let accepted: string | null = null;
    for (const message of messages) {
      if (!context.isActive() || this.stopped) break;
      // Already taken before a pause or a rebalance: its outcome is tracked.
      if (!state.tracker.isNew(message.offset)) {
        accepted = message.offset;
        continue;
      }
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
      const placement = await this.place(job, fromTier);
      if (placement.type === 'wait') {
        // Not taken: fetched again when the partition resumes, and admitted afresh.
        this.waitForRoom(state, context, placement.lane);
        break;
      }
      state.tracker.add(message.offset);
      this.act(job, placement, () => this.complete(state, message.offset));
      accepted = message.offset;
    }
    // The whole batch taken: the markers behind its last record need no handling either.
    if (accepted !== null && accepted === messages[messages.length - 1]?.offset) state.tracker.passed(context.lastOffset);
    this.scheduleCommit();
    return accepted;
  }

  /** A fetched stretch of this partition held no job (only transaction markers): the commit may pass it. */
  passedWithoutMessages(topic: string, partition: number, lastOffset: string): void {
    if (this.stopped) return;
    this.stateOf(topic, partition).tracker.passed(lastOffset);
    this.scheduleCommit();
  }

  /** Which partitions this member owns now; state of the others is dropped (their commits would be refused). */
  assigned(partitions: ReadonlyArray<{ topic: string; partition: number }>): void {
    const keep = new Set(partitions.map((p) => `${p.topic}:${p.partition}`));
    for (const [key, state] of this.partitions) {
      if (keep.has(key)) continue;
      if (state.dueTimer !== null) clearTimeout(state.dueTimer);
      state.cancelRoomWait?.();
      this.partitions.delete(key);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const state of this.partitions.values()) {
      if (state.dueTimer !== null) clearTimeout(state.dueTimer);
      state.cancelRoomWait?.();
    }
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

  private async place(job: DeliveryJob, fromTier: boolean): Promise<Placement> {
    let endpoint = this.registry.view.endpoint(job.endpointId);
    if (endpoint === undefined) {
      // Ingest routed to it, so our view may just be behind; catch up once before concluding it was deleted.
      await this.registry.waitUntilCurrent();
      endpoint = this.registry.view.endpoint(job.endpointId);
    }
    if (endpoint === undefined) return { type: 'drop' };
    const lane = this.lanes.laneFor(endpoint);
    const admission = lane.admission.admit(job.messageId, fromTier ? 'parked' : 'fresh', lane.load(endpoint.status === 'enabled', Date.now()));
    return admission.type === 'park' ? admission : admission.type === 'wait' ? { type: 'wait', lane } : { type: 'enqueue', lane };
  }

  private act(job: DeliveryJob, placement: Exclude<Placement, { type: 'wait' }>, done: () => void): void {
    switch (placement.type) {
      case 'drop':
        this.logger.warn(`endpoint ${job.endpointId} was deleted; dropping job for message ${job.messageId}`);
        return done();
      case 'enqueue':
        return placement.lane.enqueue(job, done);
      case 'park':
        // Not awaited: the writer keeps call order (fifo parks stay in order) and batches the sends.
        void this.options
          .park(job, placement.delayMs, placement.reason)
          .then(done, (error: unknown) => this.logger.error(`parking message ${job.messageId} failed: ${String(error)}`));
        return;
      default:
        return assertNever(placement);
    }
  }

  /** Pauses the partition until the lane has a free slot, or a recheck, whichever comes first. */
  private waitForRoom(state: PartitionState, context: BatchContext, lane: EndpointLane): void {
    state.cancelRoomWait?.();
    const resume = context.pause();
    let finished = false;
    const wake = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      cancelSlot();
      state.cancelRoomWait = null;
      if (!this.stopped) resume();
    };
    const timer = setTimeout(wake, ROOM_RECHECK_MS);
    const cancelSlot = lane.whenRoom(wake);
    state.cancelRoomWait = () => {
      finished = true;
      clearTimeout(timer);
      cancelSlot();
      state.cancelRoomWait = null;
    };
  }

  /** Not a job: to dead-letter, and the partition moves on once that is durable. */
  private deadLetter(state: PartitionState, context: BatchContext, message: ConsumedRecord, why: string): void {
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
      state = { topic, partition, tracker: new OffsetTracker(), committed: null, dueTimer: null, resumeWhenDrained: null, cancelRoomWait: null };
      this.partitions.set(key, state);
    }
    return state;
  }
}
