import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { topicNames } from '@hookline/contracts';
import { findMarker, type EventMarker } from './event-marker';

/** A record the engine has not finished with, reduced to what the ledger needs. */
export interface UnfinishedRecord {
  readonly topic: string;
  readonly marker: EventMarker;
  /** The job's endpoint; undefined for an input event (owed to every endpoint of its type). */
  readonly endpointId: string | undefined;
}

interface Range {
  readonly topic: string;
  readonly partition: number;
  readonly from: string;
  readonly to: string;
}

/**
 * What is still in flight inside the engine, read from Kafka itself: the part
 * of `events` ingest has not committed, and the part of `deliveries` and of
 * every retry tier the dispatcher has not committed. Read with a
 * read-committed consumer (aborted fan-outs are invisible to the engine too).
 * Also every dead letter: input the engine gave up on.
 */
export async function readUnfinishedWork(brokers: readonly string[], prefix: string): Promise<{ inFlight: UnfinishedRecord[]; deadLettered: EventMarker[] }> {
  const kafka = new Kafka({ clientId: 'hookline-bench-ledger', brokers: [...brokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const names = topicNames(prefix);
    const tiers = (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}retry.`));
    const ranges = [
      ...(await uncommitted(admin, `${prefix}ingest`, [names.events])),
      ...(await uncommitted(admin, `${prefix}dispatcher`, [names.deliveries, ...tiers])),
    ];
    const deadLetterRanges = (await admin.fetchTopicOffsets(names.deadLetter))
      .filter((p) => BigInt(p.high) > BigInt(p.low))
      .map((p) => ({ topic: names.deadLetter, partition: p.partition, from: p.low, to: p.high }));
    const records = await readRanges(kafka, [...ranges, ...deadLetterRanges]);
    const inFlight: UnfinishedRecord[] = [];
    const deadLettered: EventMarker[] = [];
    for (const { topic, text } of records) {
      if (topic === names.deadLetter) {
        const original = (JSON.parse(text) as { value: string | null }).value;
        const marker = original === null ? undefined : findMarker(Buffer.from(original, 'base64').toString('utf8'));
        if (marker !== undefined) deadLettered.push(marker);
        continue;
      }
      const marker = findMarker(text);
      if (marker === undefined) continue;
      const endpointId = topic === names.events ? undefined : (JSON.parse(text) as { endpointId: string }).endpointId;
      inFlight.push({ topic, marker, endpointId });
    }
    return { inFlight, deadLettered };
  } finally {
    await admin.disconnect();
  }
}

async function uncommitted(admin: Admin, groupId: string, topics: string[]): Promise<Range[]> {
  const committed = await admin.fetchOffsets({ groupId, topics });
  const ranges: Range[] = [];
  for (const topic of topics) {
    const partitions = committed.find((c) => c.topic === topic)?.partitions ?? [];
    for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
      const offset = partitions.find((p) => p.partition === partition)?.offset ?? '-1';
      // -1: the group never committed here, so everything still in the log is unfinished.
      const from = offset === '-1' ? low : offset;
      if (BigInt(high) > BigInt(from)) ranges.push({ topic, partition, from, to: high });
    }
  }
  return ranges;
}

/** Every record in [from, to) of each range; transaction markers and aborted records are skipped, so a range may yield fewer. */
async function readRanges(kafka: Kafka, ranges: readonly Range[], timeoutMs = 60_000): Promise<Array<{ topic: string; text: string }>> {
  if (ranges.length === 0) return [];
  const groupId = `hookline-bench-ledger-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, readUncommitted: false });
  const open = new Map(ranges.map((r) => [`${r.topic}/${r.partition}`, r]));
  const records: Array<{ topic: string; text: string }> = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...new Set(ranges.map((r) => r.topic))], fromBeginning: true });
    let lastProgress = Date.now();
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const range = open.get(`${batch.topic}/${batch.partition}`);
        if (range === undefined) return;
        lastProgress = Date.now();
        for (const message of batch.messages) {
          if (BigInt(message.offset) >= BigInt(range.to)) break;
          if (BigInt(message.offset) >= BigInt(range.from)) records.push({ topic: batch.topic, text: message.value?.toString('utf8') ?? '' });
        }
        // The last offsets may be transaction markers, which are never delivered; such a range closes on the quiet timeout below.
        if (BigInt(batch.lastOffset()) + 1n >= BigInt(range.to)) open.delete(`${batch.topic}/${batch.partition}`);
      },
    });
    for (const r of ranges) consumer.seek({ topic: r.topic, partition: r.partition, offset: r.from });
    const started = Date.now();
    // A range whose tail is only markers yields no batch; give it a quiet second before calling it read.
    while (open.size > 0 && Date.now() - started < timeoutMs && Date.now() - lastProgress < 3_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch((error: unknown) => process.stderr.write(`[bench] could not delete group ${groupId}: ${String(error)}\n`));
    await admin.disconnect();
  }
  return records;
}
