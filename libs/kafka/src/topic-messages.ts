/** A record bound for some topic, as the apps build their output before sending it. */
export interface TopicRecord {
  readonly topic: string;
  readonly key: string;
  readonly value: Buffer;
}

/** Groups records by topic, keeping their order, in the shape kafkajs `sendBatch` takes. */
export function toTopicMessages(records: readonly TopicRecord[]): Array<{ topic: string; messages: Array<{ key: string; value: Buffer }> }> {
  const topics = new Map<string, Array<{ key: string; value: Buffer }>>();
  for (const record of records) {
    const list = topics.get(record.topic) ?? [];
    list.push({ key: record.key, value: record.value });
    topics.set(record.topic, list);
  }
  return [...topics].map(([topic, messages]) => ({ topic, messages }));
}
