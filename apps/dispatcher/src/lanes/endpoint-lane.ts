import type { Logger } from '@nestjs/common';
import { assertNever, type DeliveryJob } from '@hookline/contracts';
import { CompletionRate, LaneAdmission, type AdmissionPolicy, type RateLimit, type EndpointState, type LaneLoad } from '@hookline/domain';
import type { AttemptOutcome } from '../attempt/attempt-handler';

interface LaneItem {
  readonly job: DeliveryJob;
  /** Releases the job's source offset; called once its outcome is durable. */
  readonly done: () => void;
  /** Not to be attempted before this time (ms), for fifo retries and holds. */
  readonly notBefore: number | null;
}

export interface LaneDeps {
  endpoint(endpointId: string): EndpointState | undefined;
  /** Sends and decides; resolves when the response is read, its `recorded` when the outcome is durable. */
  attempt(job: DeliveryJob, endpoint: EndpointState, fifo: boolean, startedAt: Date): Promise<AttemptOutcome>;
  /** Writes the job to the park tier durably. */
  park(job: DeliveryJob, delayMs: number): Promise<void>;
  onIdle(lane: EndpointLane): void;
  /** The endpoint's limiter, shared with the lanes before and after this one (null: no limit). */
  rateLimit(endpointId: string, rate: number | null): RateLimit | null;
  /** The lane waits on what it is recording (its bound of sent and not yet recorded): write what lingers now. */
  hurryRecording(): void;
  readonly admission: AdmissionPolicy;
  readonly concurrency: number;
  readonly queueLimit: number;
  /** How often a held (disabled) fifo head looks at its endpoint again. */
  readonly recheckMs: number;
  readonly logger: Logger;
}

const WRITE_FAILURE_BACKOFF_MS = 1000;
/** The lane's rate is measured over the last 10 s (longer than most responses take), and not trusted before 1 s after its first answer. */
const RATE_WINDOW_MS = 10_000;
const RATE_MIN_OBSERVED_MS = 1000;

/**
 * One endpoint's work in this process: a bounded queue, a concurrency cap
 * (one for fifo), a rate limit for `rateLimitPerSecond`, and timers instead
 * of waiting, so a slow or limited endpoint never blocks another one's lane.
 */
export class EndpointLane {
  readonly admission: LaneAdmission;
  private readonly queue: LaneItem[] = [];
  private inFlight = 0;
  /**
   * Attempts answered whose outcome is still being written: no slot, but still this lane's jobs. A crash
   * loses the attempt rows of what was open and what was being written, so a new attempt starts only
   * while those two together are under twice the concurrency: that bounds a crash's hole in the history
   * per endpoint. Unbounded, a fast endpoint catching up had dozens of answered attempts in the writer.
   */
  private recording = 0;
  private bucket: RateLimit | null | undefined;
  private rate: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private timerAt = 0;
  private stopped = false;
  private readonly running = new Set<Promise<void>>();
  private readonly completions = new CompletionRate(RATE_WINDOW_MS, RATE_MIN_OBSERVED_MS);
  /**
   * The first answer of this busy stretch. The rate is trusted only a while after it, not after a
   * while of work: the first answers of a cold lane (new connections) are slow, and a rate taken
   * from them alone made a healthy endpoint with a backlog look many times slower than it is, so
   * admission parked its overflow in a tier minutes long (the dispatch bench's "never delivered"
   * jobs). A lane slower than that first second still shows it as soon as it is trusted.
   */
  private firstAnswerAt: number | null = null;
  /**
   * The latest answer: the rate is taken up to it, not up to now, so the silence after a burst of
   * answers (a slow endpoint answers its whole concurrency at once, then nothing for a response
   * time) does not sink it between bursts. A lane silent for a whole window is measured up to now.
   */
  private lastAnswerAt = 0;
  /** Partitions waiting for this lane to have room (their intake paused them). */
  private readonly roomWaiters = new Set<() => void>();
  /** Since when partitions have been waiting for this lane without it draining to half its limit. */
  private holdingSince: number | null = null;

  constructor(
    readonly endpointId: string,
    readonly fifo: boolean,
    rate: number | null,
    private readonly deps: LaneDeps,
  ) {
    this.admission = new LaneAdmission(fifo, deps.admission);
    this.setRate(rate);
  }

  hasRoom(): boolean {
    return this.held() < this.deps.queueLimit;
  }

  isIdle(): boolean {
    return this.held() === 0;
  }

  private held(): number {
    return this.queue.length + this.inFlight + this.recording;
  }

  /** What admission needs to know about this lane now. */
  load(enabled: boolean, now: number): LaneLoad {
    return {
      enabled,
      hasRoom: this.hasRoom(),
      held: this.held(),
      perSecond: this.perSecond(now),
      holdingForMs: this.holdingSince === null ? 0 : now - this.holdingSince,
    };
  }

  private perSecond(now: number): number | null {
    if (this.firstAnswerAt === null || now - this.firstAnswerAt < RATE_MIN_OBSERVED_MS) return null;
    return this.completions.perSecond(now - this.lastAnswerAt > RATE_WINDOW_MS ? now : this.lastAnswerAt);
  }

  /** Calls `wake` once, when a slot frees; the returned function cancels that. */
  whenRoom(wake: () => void): () => void {
    this.holdingSince ??= Date.now();
    const once = () => {
      this.roomWaiters.delete(once);
      wake();
    };
    this.roomWaiters.add(once);
    return () => this.roomWaiters.delete(once);
  }

  setRate(rate: number | null): void {
    if (rate === this.rate && this.bucket !== undefined) return;
    this.rate = rate;
    this.bucket = this.deps.rateLimit(this.endpointId, rate);
  }

  enqueue(job: DeliveryJob, done: () => void): void {
    this.completions.busy(Date.now());
    this.queue.push({ job, done, notBefore: null });
    this.pump();
  }

  /** Starts nothing new; attempts in flight finish and record their outcome. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  async settled(): Promise<void> {
    await Promise.all([...this.running]);
  }

  private pump(): void {
    if (this.stopped) return;
    const cap = this.fifo ? 1 : this.deps.concurrency;
    // Recording is bounded by the concurrency, so the writer's linger could cap this endpoint's rate: when that
    // bound is what stops the next start, the writer is told to send now; below it, writes gather.
    if (this.inFlight < cap && this.inFlight + this.recording >= 2 * cap && this.queue.length > 0) this.deps.hurryRecording();
    while (this.inFlight < cap && this.inFlight + this.recording < 2 * cap && this.queue.length > 0) {
      const now = Date.now();
      const head = this.queue[0] as LaneItem;
      if (head.notBefore !== null && head.notBefore > now) return this.wakeAt(head.notBefore);
      const wait = this.bucket?.take(now) ?? 0;
      if (wait > 0) return this.wakeAt(now + wait);
      this.queue.shift();
      this.inFlight += 1;
      let slotHeld = true;
      let early = false;
      const release = (beforeRecorded: boolean) => {
        if (!slotHeld) return;
        slotHeld = false;
        early = beforeRecorded;
        this.inFlight -= 1;
        if (early) this.recording += 1;
        const at = Date.now();
        this.firstAnswerAt ??= at;
        this.lastAnswerAt = at;
        this.completions.completed(at);
        this.afterProgress();
      };
      const run: Promise<void> = this.attempt(head, now, () => release(true)).finally(() => {
        this.running.delete(run);
        if (early) this.recording -= 1;
        if (slotHeld) release(false);
        else this.afterProgress();
      });
      this.running.add(run);
    }
  }

  /** A slot freed or a job finished: start what may start, wake waiting partitions, and let an idle lane go. */
  private afterProgress(): void {
    if (this.held() <= this.deps.queueLimit / 2) this.holdingSince = null;
    this.pump();
    if (this.hasRoom()) for (const wake of [...this.roomWaiters]) wake();
    if (this.isIdle()) {
      this.completions.idle();
      this.firstAnswerAt = null;
      this.deps.onIdle(this);
    }
  }

  private wakeAt(at: number): void {
    if (this.timer !== null && this.timerAt <= at) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.pump();
      },
      Math.max(0, at - Date.now()),
    );
  }

  /**
   * `releaseSlot` frees the concurrency slot before the outcome is durable:
   * for unordered endpoints as soon as the response is read (the write of the
   * attempt fact no longer caps the endpoint's rate); a fifo lane and a
   * decided disable keep the slot until the outcome is durable, so nothing
   * overtakes the head and nothing more is sent to an endpoint being disabled.
   * The job's `done` (its source offset) waits for the durable outcome either way.
   */
  private async attempt(item: LaneItem, startedAt: number, releaseSlot: () => void): Promise<void> {
    const endpoint = this.deps.endpoint(this.endpointId);
    if (endpoint === undefined) {
      this.deps.logger.warn(`endpoint ${this.endpointId} was deleted; dropping job for message ${item.job.messageId}`);
      return item.done();
    }
    try {
      if (endpoint.status === 'disabled') return await this.holdOrPark(item);
      // The start the rate limit admitted is the start recorded, so the history shows the limit as it was kept.
      const outcome = await this.deps.attempt(item.job, endpoint, this.fifo, new Date(startedAt));
      if (!this.fifo && !outcome.keepsSlot) releaseSlot();
      await outcome.recorded;
      const { followup } = outcome;
      switch (followup.type) {
        case 'finished':
          return item.done();
        case 'retry_in_place':
          this.queue.unshift({ job: followup.job, done: item.done, notBefore: followup.dueAt });
          return;
        case 'hold':
          this.queue.unshift({ job: followup.job, done: item.done, notBefore: Date.now() + this.deps.recheckMs });
          return;
        default:
          return assertNever(followup);
      }
    } catch (error) {
      // The outcome is not durable, so the job is not done: try it again shortly, never drop it.
      this.deps.logger.error(`recording job for message ${item.job.messageId} failed; trying again: ${String(error)}`);
      const retry = { ...item, notBefore: Date.now() + WRITE_FAILURE_BACKOFF_MS };
      if (this.fifo) this.queue.unshift(retry);
      else this.queue.push(retry);
    }
  }

  /** FIFO keeps its held jobs in memory to keep their order; unordered ones go to the park. */
  private async holdOrPark(item: LaneItem): Promise<void> {
    if (this.fifo) {
      this.queue.unshift({ ...item, notBefore: Date.now() + this.deps.recheckMs });
      return;
    }
    await this.deps.park(item.job, this.admission.parkDelayMs);
    item.done();
  }
}
