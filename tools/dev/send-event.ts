import { Kafka, logLevel } from 'kafkajs';

/**
 * `npm run send-event -- '{"type":"message.delivered","projectId":"proj_demo","data":{…}}'`:
 * produces one event to `<prefix>events` the way a platform team's service
 * would, with a plain Kafka producer. Uses KAFKA_BROKERS (default the local
 * broker of `npm start`).
 */
async function main(): Promise<void> {
  const json = process.argv[2];
  if (json === undefined) {
    process.stderr.write(`usage: npm run send-event -- '{"id":"evt_1","type":"message.delivered","projectId":"proj_demo","data":{}}'\n`);
    process.exit(2);
  }
  const event = JSON.parse(json) as { projectId?: string };
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const topic = `${process.env.HOOKLINE_TOPIC_PREFIX ?? 'hookline.'}events`;
  const producer = new Kafka({ clientId: 'hookline-send-event', brokers, logLevel: logLevel.ERROR }).producer();
  await producer.connect();
  const [meta] = await producer.send({ topic, acks: -1, messages: [{ key: event.projectId ?? null, value: json }] });
  await producer.disconnect();
  process.stdout.write(`sent to ${topic} partition ${meta?.partition} offset ${meta?.baseOffset}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
