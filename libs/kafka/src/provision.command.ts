import { envDuration, envInt, kafkaSettings, loadConfigOrExit, retryScheduleSettings } from '@hookline/config';
import { provisionTopics } from './provision';
import { DEFAULT_TOPIC_PLAN } from './topic-plan';

/** `npm run topics`: creates or updates every topic; a Helm hook Job runs the same. */
async function main(): Promise<void> {
  const config = loadConfigOrExit({
    ...kafkaSettings,
    partitions: envInt('HOOKLINE_PARTITIONS', 6, { min: 1, max: 1000 }),
    registryPartitions: envInt('HOOKLINE_REGISTRY_PARTITIONS', 3, { min: 1, max: 1000 }),
    ...retryScheduleSettings,
    historyRetentionMs: envDuration('HOOKLINE_HISTORY_RETENTION', '30d'),
  });
  const specs = await provisionTopics({
    brokers: config.kafkaBrokers,
    prefix: config.topicPrefix,
    partitions: config.partitions,
    registryPartitions: config.registryPartitions,
    retryDelays: config.retrySchedule,
    // delivery-log must outlive the read models' history, or a rebuild could not restore it.
    deliveryLogRetentionMs: Math.max(DEFAULT_TOPIC_PLAN.deliveryLogRetentionMs, config.historyRetentionMs + 5 * 86_400_000),
  });
  for (const spec of specs) {
    process.stdout.write(`${spec.topic}  partitions=${spec.numPartitions}  retention.ms=${spec.retentionMs}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`topic provisioning failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
