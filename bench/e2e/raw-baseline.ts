import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createKafka, ensureTopics } from '@hookline/kafka';
import { Kafka, logLevel } from 'kafkajs';
import { tieChildToOurLifetime } from '../../tools/local-stack/child-lifetime';
import { stopChild } from '../../tools/local-stack/stop-child';
import { markerValue } from './event-marker';
import type { LoopbackReceiver } from './loopback-receiver';
import { sampleProcess, usageBetween, type ProcessUsage } from './process-stats';

export interface RawBaselineResult {
  readonly records: number;
  readonly payloadBytes: number;
  readonly concurrency: number;
  /** First deliveries per second at the receiver, between the first and the last. */
  readonly deliveriesPerSecond: number;
  readonly duplicates: number;
  readonly delivered: number;
  /** The worker's CPU and memory (undefined if it was gone before it could be sampled). */
  readonly process: ProcessUsage | undefined;
}

/**
 * The ceiling a Node process reaches on this machine consuming Kafka and
 * POSTing to the same receiver with no engine logic. The topic is filled
 * first, then the worker drains it as fast as it can (closed loop): a rate,
 * not a latency. `concurrency` is the engine's default in-flight cap per
 * endpoint (HOOKLINE_ENDPOINT_CONCURRENCY), so the two are compared at the
 * same concurrency towards one endpoint.
 */
export async function runRawBaseline(options: {
  readonly root: string;
  readonly brokers: readonly string[];
  readonly prefix: string;
  readonly receiver: LoopbackReceiver;
  readonly records: number;
  readonly payloadBytes: number;
  readonly concurrency: number;
  readonly timeoutMs: number;
}): Promise<RawBaselineResult> {
  const topic = `${options.prefix}raw-baseline-${randomUUID().slice(0, 8)}`;
  const step = `raw${randomUUID().slice(0, 6)}`;
  await options.receiver.record(step);
  const kafka = new Kafka({ clientId: 'hookline-bench-raw-fill', brokers: [...options.brokers], logLevel: logLevel.ERROR });
  // kafkajs's own waitForLeaders gives up while KRaft propagates a new topic; ensureTopics waits it out.
  await ensureTopics(createKafka({ brokers: options.brokers, clientId: 'hookline-bench-raw-admin', quiet: true }), [
    { topic, numPartitions: 6, retentionMs: 3_600_000 },
  ]);

  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const value = (seq: number, pad: string) =>
    JSON.stringify({ id: `${step}-${seq}`, type: 'message.sent', data: { bench: markerValue({ step, seq, dueAt: 0 }), pad } });
  const pad = 'x'.repeat(Math.max(0, options.payloadBytes - Buffer.byteLength(value(0, ''))));
  for (let start = 0; start < options.records; start += 1_000) {
    const seqs = Array.from({ length: Math.min(1_000, options.records - start) }, (_, i) => start + i);
    await producer.send({ topic, acks: -1, messages: seqs.map((seq) => ({ key: String(seq), value: value(seq, pad) })) });
  }
  await producer.disconnect();

  const child = spawn(process.execPath, [join(__dirname, 'raw-baseline.worker.js')], {
    cwd: options.root,
    env: {
      ...process.env,
      RAW_BROKERS: options.brokers.join(','),
      RAW_TOPIC: topic,
      RAW_GROUP: `${topic}-group`,
      RAW_TARGET_URL: `${options.receiver.baseUrl}/raw/0`,
      RAW_CONCURRENCY: String(options.concurrency),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  tieChildToOurLifetime(child, 'SIGKILL');
  try {
    const pid = child.pid;
    if (pid === undefined) throw new Error('the raw baseline worker did not start');
    const before = sampleProcess(pid);
    const t0 = Date.now();
    while ((await options.receiver.delivered(step)) < options.records && Date.now() - t0 < options.timeoutMs) {
      if (child.exitCode !== null) throw new Error(`the raw baseline worker exited with ${child.exitCode}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const after = sampleProcess(pid);
    const recorder = await options.receiver.arrivals(step);
    const span = recorder.span();
    const seconds = span === undefined ? 0 : (span.last - span.first) / 1000;
    return {
      records: options.records,
      payloadBytes: options.payloadBytes,
      concurrency: options.concurrency,
      deliveriesPerSecond: seconds > 0 ? (recorder.delivered.size - 1) / seconds : 0,
      duplicates: recorder.duplicates,
      delivered: recorder.delivered.size,
      process: before === undefined || after === undefined ? undefined : usageBetween(before, after, Date.now() - t0),
    };
  } finally {
    await stopChild(child, 'SIGTERM', 10_000);
  }
}
