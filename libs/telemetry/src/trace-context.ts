import { context, propagation, type Context } from '@opentelemetry/api';

/** Continues the producer's trace from a `traceparent` string (Kafka header or job field). */
export function contextFromTraceparent(traceparent: string | null | undefined): Context {
  if (traceparent === null || traceparent === undefined) return context.active();
  return propagation.extract(context.active(), { traceparent });
}

/** The `traceparent` of the given context (default: the active one), or null when there is no span. */
export function traceparentOf(ctx: Context = context.active()): string | null {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier.traceparent ?? null;
}
