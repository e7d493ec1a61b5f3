import { SpanKind, trace, type Tracer } from '@opentelemetry/api';
import type { TopicNames } from '@hookline/contracts';
import type { RegistryView } from '@hookline/domain';
import type { OutgoingRecord } from '@hookline/kafka';
import { contextFromTraceparent, traceparentOf } from '@hookline/telemetry';
import { fanOutRecords, type FanOutSource } from './event-batch';

/** Fan-out inside an `ingest.event` span that continues the producer's trace; the jobs carry this span's context. */
export function tracedFanOut(
  tracer: Tracer,
  item: FanOutSource & { readonly traceparent: string | null },
  view: RegistryView,
  topics: TopicNames,
  now: Date,
): OutgoingRecord[] {
  const parent = contextFromTraceparent(item.traceparent);
  const span = tracer.startSpan(
    'ingest.event',
    {
      kind: SpanKind.CONSUMER,
      attributes: { 'hookline.message.id': item.messageId, 'hookline.project.id': item.event.projectId, 'hookline.event.type': item.event.type },
    },
    parent,
  );
  try {
    return fanOutRecords(item, view, topics, now, traceparentOf(trace.setSpan(parent, span)));
  } finally {
    span.end();
  }
}
