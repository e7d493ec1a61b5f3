import { metrics } from '@opentelemetry/api';
import type { QuarantinedRecord } from '@hookline/persistence/projection';
import type { JsonLogger } from '@hookline/telemetry';

// Prometheus adds the `_total`: hookline_projector_quarantined_total{topic,reason}.
const quarantined = metrics.getMeter('hookline-projector').createCounter('hookline_projector_quarantined', {
  description: 'Facts set aside in projector_quarantine instead of projected, by topic and reason',
});

/** After the batch committed: one counted metric and one log line per quarantined record, naming where it is. */
export function reportQuarantined(logger: JsonLogger, records: readonly QuarantinedRecord[]): void {
  for (const record of records) {
    quarantined.add(1, { topic: record.topic, reason: record.reason });
    logger.event('warn', 'fact quarantined', {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      factType: record.factType,
      reason: record.reason,
      sqlstate: record.sqlstate,
      error: record.error.slice(0, 300),
    });
  }
}
