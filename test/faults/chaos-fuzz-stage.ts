import { parseDurationList } from '@hookline/config';
import { startThrowawayInfrastructure } from '../../tools/local-stack/throwaway-infrastructure';
import { exportTestEnvironment, TEST_RETRY_SCHEDULE } from '@hookline/testing';
import type { ChaosStage, StageResult } from './chaos-stage';
import { runKafkaDoorFuzz, type KafkaDoorFuzzSummary } from './kafka-door-fuzz';

/**
 * The Kafka-door fuzz as a stage of `npm run chaos`: the same runner CI uses
 * with 300 records (kafka-door-fuzz.e2e-spec.ts), here with thousands, on a
 * broker and Postgres of its own (what jest's global setup gives the CI run).
 */
export function fuzzStage(options: { readonly records: number; readonly seed: number }): ChaosStage {
  return {
    name: 'Kafka-door fuzz',
    run: async (log) => {
      const env = process.env;
      env.HOOKLINE_RETRY_SCHEDULE ??= TEST_RETRY_SCHEDULE;
      const infrastructure = await startThrowawayInfrastructure({ label: 'chaos-fuzz', retryDelaysMs: parseDurationList(env.HOOKLINE_RETRY_SCHEDULE), log });
      try {
        exportTestEnvironment(infrastructure, env);
        return fuzzResult(await runKafkaDoorFuzz(options));
      } finally {
        await infrastructure.stop();
      }
    },
  };
}

function fuzzResult(s: KafkaDoorFuzzSummary): StageResult {
  const violations = [
    s.validDelivered === s.validPublished ? null : `${s.validPublished - s.validDelivered} valid events not delivered`,
    s.duplicateDeliveries === 0 ? null : `${s.duplicateDeliveries} duplicate deliveries`,
    s.malformedMissing === 0 ? null : `${s.malformedMissing} malformed records with no dead letter`,
    s.misreasoned.length === 0 ? null : `${s.misreasoned.length} dead letters whose reason does not explain the record`,
    s.consumerCrashes === 0 ? null : `${s.consumerCrashes} consumer crashes`,
    s.readinessFailures === 0 ? null : `${s.readinessFailures} readiness failures: ${s.readinessFailureSamples.join('; ')}`,
    s.ingestPidUnchanged ? null : 'ingest restarted',
  ].filter((v): v is string => v !== null);
  const byReason = Object.entries(s.deadLetteredByReason)
    .sort(([, a], [, b]) => (b ?? 0) - (a ?? 0))
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
  return {
    rows: [
      ['seed', String(s.seed)],
      ['records tried', String(s.recordsTried)],
      ['valid published / delivered / duplicates', `${s.validPublished} / ${s.validDelivered} / ${s.duplicateDeliveries}`],
      ['dead-lettered by reason', byReason],
      ['malformed without a dead letter', String(s.malformedMissing)],
      ['consumer crashes / readiness failures', `${s.consumerCrashes} / ${s.readinessFailures}`],
      ['ingest process unchanged', s.ingestPidUnchanged ? 'yes' : 'no'],
    ],
    violations,
    details: s,
  };
}
