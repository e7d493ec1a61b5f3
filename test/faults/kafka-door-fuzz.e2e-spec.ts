import { runKafkaDoorFuzz } from './kafka-door-fuzz';

// CI runs a small, fixed-seed fuzz; a longer run sets the count (and seed) in the environment,
// e.g. HOOKLINE_FUZZ_RECORDS=5000 npx jest test/faults/kafka-door-fuzz.e2e-spec.ts
const records = Number(process.env.HOOKLINE_FUZZ_RECORDS ?? 300);
const seed = Number(process.env.HOOKLINE_FUZZ_SEED ?? 20261202);

/** Issue 10: no record stops ingest. */
describe('fault: fuzzing the Kafka door', () => {
  it(
    'delivers every valid event once, dead-letters every malformed record with its reason, and ingest stays up',
    async () => {
      const summary = await runKafkaDoorFuzz({ seed, records });
      process.stdout.write(`kafka door fuzz: ${JSON.stringify(summary)}\n`);
      expect(summary).toMatchObject({
        recordsTried: records,
        validDelivered: summary.validPublished,
        duplicateDeliveries: 0,
        malformedMissing: 0,
        misreasoned: [],
        consumerCrashes: 0,
        readinessFailures: 0,
        ingestPidUnchanged: true,
      });
      // The generator must actually have produced each kind of malformation.
      expect(Object.keys(summary.malformedByCategory).sort()).toEqual(
        [
          'NUL',
          'deep nesting',
          'huge string',
          'invalid UTF-8',
          'lone surrogate',
          'null value',
          'random bytes',
          'truncated JSON',
          'unknown project',
          'unknown type',
          'wrong types',
        ].sort(),
      );
      expect(summary.validPublished).toBeGreaterThan(records / 4);
    },
    240_000 + 100 * records,
  );
});
