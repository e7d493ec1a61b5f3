import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { DataSource } from 'typeorm';
import { topicNames, type TopicNames } from '@hookline/contracts';
import { createKafka, RegistryTail, TransactionalUnit } from '@hookline/kafka';
import { claimForDoor, confirmDedupeClaims, releaseDedupeClaims, type DoorClaimAnswer } from '@hookline/persistence/dedupe';
import { tracedFanOut } from '../events/traced-fan-out';
import { INGEST_CONFIG, type IngestConfig } from '../ingest.config';
import { doorBatchOutput, failedBatch, planDoorClaims, settleFollowers, type DoorOutcome } from './door-batch';
import { UnconfirmedClaims } from './door-confirms';
import { settleOnCurrentView, viewError, type DoorDecisionSteps, type EarlyDecision } from './door-decision';
import type { DoorEvent } from './publish-event';

/** A request the controller decided early (door-decision.ts), with what it takes to decide it again. */
export interface DoorRequest {
  readonly event: DoorEvent;
  readonly early: EarlyDecision;
  readonly steps: DoorDecisionSteps;
  readonly traceparent: string | null;
}

interface Waiting {
  readonly event: DoorEvent & { readonly traceparent: string | null };
  readonly request: DoorRequest;
  resolve(outcome: DoorOutcome): void;
}

/** A batch claims in one statement; more waiting than this goes in the next. */
const MAX_BATCH = 500;

/**
 * The HTTP door writes an accepted event's fan-out itself: its jobs and its
 * MessageAccepted fact in one Kafka transaction, with no hop through the
 * `events` topic (issue 14: that hop cost a produce, a fetch and a consumer
 * cycle per event, and 10–12 ms). Requests that arrive while a batch claims
 * its ids form the next batch; batches' transactions join in the
 * TransactionalUnit. A producer-given id is claimed *pending* first: a crash
 * before the commit leaves a claim that no record will come back for, so it
 * holds the id only briefly (PENDING_CLAIM_MS) and is confirmed once the
 * transaction committed, by the next batch's claim statement when one is
 * claiming (door-confirms.ts). docs/ingest.md has the whole protocol.
 */
@Injectable()
export class DoorFanOut implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DoorFanOut.name);
  private readonly tracer = trace.getTracer('hookline-ingest');
  private readonly topics: TopicNames;
  private readonly unit: TransactionalUnit;
  private readonly waiting: Waiting[] = [];
  private claiming = false;
  private readonly batches = new Set<Promise<void>>();
  private readonly unconfirmed = new UnconfirmedClaims();

  constructor(
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    private readonly registry: RegistryTail,
    private readonly db: DataSource,
  ) {
    this.topics = topicNames(config.topicPrefix);
    this.unit = new TransactionalUnit({
      kafka: createKafka({ brokers: config.kafkaBrokers, clientId: 'hookline-ingest-http' }),
      transactionalId: `${config.topicPrefix}ingest-http-${hostname()}-${process.pid}`,
      onAbortError: (error) => this.logger.error(error),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.unit.connect();
  }

  /** After the HTTP server closed: the batches it started finish, then the producer goes. */
  async onApplicationShutdown(): Promise<void> {
    while (this.batches.size > 0) await Promise.all([...this.batches]);
    // A confirmation that fails here only expires (PENDING_CLAIM_MS); the producer must still close.
    await this.confirmAlone().catch((error: unknown) =>
      this.logger.warn(`confirming door dedupe claims at shutdown failed; they expire instead: ${errorText(error)}`),
    );
    await this.unit.close();
  }

  /** Resolves with what the request gets; never rejects. */
  publish(request: DoorRequest): Promise<DoorOutcome> {
    return new Promise((resolve) => {
      this.waiting.push({ event: { ...request.event, traceparent: request.traceparent }, request, resolve });
      this.next();
    });
  }

  private next(): void {
    if (this.claiming) return;
    if (this.waiting.length === 0) {
      this.confirmIfIdle();
      return;
    }
    this.claiming = true;
    const batch = this.waiting.splice(0, MAX_BATCH);
    let claimed = false;
    // The next batch claims while this one commits.
    const onClaimed = () => {
      if (claimed) return;
      claimed = true;
      this.claiming = false;
      this.next();
    };
    const run = this.process(batch, onClaimed)
      .catch((error: unknown) => {
        // A bug met by this batch: its callers get an answer (a resolved promise ignores a second one), never a hang.
        this.logger.error(`door batch failed: ${errorText(error)}`);
        const failed: DoorOutcome = { kind: 'failed', message: `internal error: ${errorText(error)}` };
        for (const waiting of batch) waiting.resolve(failed);
      })
      .finally(() => {
        onClaimed();
        this.batches.delete(run);
      });
    this.batches.add(run);
  }

  private async process(batch: readonly Waiting[], onClaimed: () => void): Promise<void> {
    const events = batch.map((waiting) => waiting.event);
    const plan = planDoorClaims(events, claimToken);
    const now = new Date();
    // Each request's registry wait began when it arrived and runs beside the claim (door-decision.ts).
    const notCurrent = Promise.all(batch.map((waiting) => viewError(waiting.request.steps.viewCurrent)));
    const claims = [...plan.claims.values()];
    const confirms = this.unconfirmed.takeFor(new Set(claims.map((claim) => claim.messageId)));
    let answers: Map<string, DoorClaimAnswer>;
    try {
      await confirmDedupeClaims(this.db, confirms.ahead);
      answers = await claimForDoor(this.db, claims, this.config.dedupeWindowMs, now, confirms.riding);
    } catch (error) {
      // The confirmations did not happen with the claim (a statement is all or nothing): they go again alone.
      this.unconfirmed.add([...confirms.ahead, ...confirms.riding]);
      this.afterwards(this.confirmAlone(), 'confirming');
      const failed: DoorOutcome = { kind: 'failed', message: `the dedupe claim failed: ${errorText(error)}` };
      for (const waiting of batch) waiting.resolve(failed);
      return;
    }
    onClaimed();
    const viewErrors = await notCurrent;
    const view = this.registry.view;
    const output = doorBatchOutput(events, plan, answers, (early, index) => {
      const { request } = batch[index] as Waiting;
      const verdict = settleOnCurrentView(request.early, viewErrors[index] ?? null, request.steps);
      if (verdict.kind !== 'event') return verdict;
      const event = verdict.event === request.event ? early : { ...verdict.event, traceparent: request.traceparent };
      return tracedFanOut(this.tracer, event, view, this.topics, now);
    });
    let outcomes = output.outcomes;
    try {
      if (output.records.length > 0) await this.unit.commit({ records: output.records, offsets: [] });
      // Before the answers go out: a caller's retry after its 202 must find the claim at least queued for confirmation.
      this.unconfirmed.add(output.fannedOut);
      this.confirmIfIdle();
    } catch (error) {
      outcomes = failedBatch(output, `Kafka did not take the event: ${errorText(error)}`);
      output.rejected.push(...output.fannedOut);
    }
    this.afterwards(releaseDedupeClaims(this.db, output.rejected), 'releasing');
    settleFollowers(outcomes, plan);
    batch.forEach((waiting, index) => waiting.resolve(outcomes.get(index) as DoorOutcome));
  }

  /** No batch is claiming, so no statement will carry the confirmations: they go on their own now. */
  private confirmIfIdle(): void {
    if (!this.claiming && this.waiting.length === 0 && this.unconfirmed.size > 0) this.afterwards(this.confirmAlone(), 'confirming');
  }

  private confirmAlone(): Promise<void> {
    return confirmDedupeClaims(this.db, this.unconfirmed.takeAll());
  }

  /** Claims are confirmed and released behind the answers; one that fails only expires (PENDING_CLAIM_MS). */
  private afterwards(step: Promise<void>, what: string): void {
    const run = step.catch((error: unknown) => this.logger.warn(`${what} door dedupe claims failed; they expire instead: ${errorText(error)}`));
    this.batches.add(run);
    void run.finally(() => this.batches.delete(run));
  }
}

/** A 62-bit random number: names one request's claim (its "offset"), so only that request confirms or releases it. */
function claimToken(): string {
  return (randomBytes(8).readBigUInt64BE() >> 2n).toString();
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
