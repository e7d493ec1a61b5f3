import { metrics } from '@opentelemetry/api';
import type { DoorOutcome } from '../http/door-batch';
import type { RecordOutcome } from './event-batch';

const meter = metrics.getMeter('hookline-ingest');

/** Input events by outcome: accepted, rejected (with reason), duplicate. */
export const ingestedEvents = meter.createCounter('hookline_ingest_events', {
  description: 'Input events by outcome',
});

/** Delivery jobs written by fan-out. */
export const fannedOutJobs = meter.createCounter('hookline_ingest_jobs', {
  description: 'Delivery jobs written by fan-out',
});

/** Counts one Kafka input record's outcome. */
export function countOutcome(outcome: RecordOutcome): void {
  switch (outcome.kind) {
    case 'accepted':
      ingestedEvents.add(1, { outcome: 'accepted' });
      fannedOutJobs.add(outcome.jobs);
      return;
    case 'rejected':
      ingestedEvents.add(1, { outcome: 'rejected', reason: outcome.reason });
      return;
    case 'duplicate':
      ingestedEvents.add(1, { outcome: 'duplicate' });
      return;
    default: {
      const unreachable: never = outcome;
      throw new Error(`unknown outcome ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Counts one HTTP door request's outcome (its refusals before fan-out are counted where they are answered). */
export function countDoorOutcome(outcome: DoorOutcome): void {
  switch (outcome.kind) {
    case 'accepted':
      ingestedEvents.add(1, { outcome: 'accepted', door: 'http' });
      fannedOutJobs.add(outcome.jobs);
      return;
    case 'rejected':
      ingestedEvents.add(1, { outcome: 'rejected', reason: outcome.reason, door: 'http' });
      return;
    case 'duplicate':
    case 'in_progress':
    case 'failed':
      ingestedEvents.add(1, { outcome: outcome.kind, door: 'http' });
      return;
    default: {
      const unreachable: never = outcome;
      throw new Error(`unknown outcome ${JSON.stringify(unreachable)}`);
    }
  }
}
