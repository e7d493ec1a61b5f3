import { metrics } from '@opentelemetry/api';

const meter = metrics.getMeter('hookline-ingest');

/** Input events by outcome: accepted, rejected (with reason), duplicate. */
export const ingestedEvents = meter.createCounter('hookline_ingest_events', {
  description: 'Input events by outcome',
});

/** Delivery jobs written by fan-out. */
export const fannedOutJobs = meter.createCounter('hookline_ingest_jobs', {
  description: 'Delivery jobs written by fan-out',
});
