/** A record bound for some topic, as the apps build their output before sending it. */
export interface TopicRecord {
  readonly topic: string;
  readonly key: string;
  readonly value: Buffer;
}

interface Message<V> {
  key: string;
  value: V;
  headers?: Readonly<Record<string, string | Buffer>>;
}

/** Groups records by topic, keeping their order, in the shape kafkajs `sendBatch` takes. */
export function toTopicMessages<V extends Buffer | string>(
  records: ReadonlyArray<{ readonly topic: string; readonly key: string; readonly value: V; readonly headers?: Readonly<Record<string, string | Buffer>> }>,
): Array<{ topic: string; messages: Array<Message<V>> }> {
  const topics = new Map<string, Array<Message<V>>>();
  for (const record of records) {
    const list = topics.get(record.topic) ?? [];
    list.push(record.headers === undefined ? { key: record.key, value: record.value } : { key: record.key, value: record.value, headers: record.headers });
    topics.set(record.topic, list);
  }
  return [...topics].map(([topic, messages]) => ({ topic, messages }));
}
