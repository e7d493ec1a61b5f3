import { runKafkaDoorFuzz } from './kafka-door-fuzz';

/**
 * Issue 10: no record stops ingest. A small, fixed-seed fuzz of the Kafka door
 * for CI; `npm run chaos` runs the same with thousands of records.
 */
describe('fault: fuzzing the Kafka door', () => {
  it('delivers every valid event once, dead-letters every malformed record with its reason, and ingest stays up', async () => {
    const summary = await runKafkaDoorFuzz({ seed: 20261202, records: 400 });
    process.stdout.write(`kafka door fuzz: ${JSON.stringify(summary)}\n`);
    expect(summary).toMatchObject({
      recordsTried: 400,
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
      ['NUL', 'deep nesting', 'huge string', 'invalid UTF-8', 'lone surrogate', 'null value', 'random bytes', 'truncated JSON', 'unknown project', 'unknown type', 'wrong types'].sort(),
    );
    expect(summary.validPublished).toBeGreaterThan(100);
  }, 300_000);
});
