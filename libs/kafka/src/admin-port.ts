import type { Admin } from 'kafkajs';
import { clusterOf, kafkajsOf, type KafkaClient } from './kafka-client';
import { ensureTopicsWith } from './provision';
import type { TopicSpec } from './topic-plan';

/** Committed offsets of a group in one topic: partition → next offset to read ('-1' when none). */
export type GroupOffsets = Map<number, string>;

/**
 * The admin port: what the apps ask of the cluster besides reading and
 * writing records. End offsets take ONE ListOffsets request per leader
 * (kafkajs' `fetchTopicOffsets` sends two, latest and earliest, and the
 * earliest is never used here).
 */
export class KafkaAdmin {
  private readonly admin: Admin;
  private connected: Promise<void> | undefined;

  constructor(client: KafkaClient) {
    this.admin = kafkajsOf(client).admin();
  }

  connect(): Promise<void> {
    this.connected ??= this.admin.connect();
    return this.connected;
  }

  async disconnect(): Promise<void> {
    if (this.connected === undefined) return;
    this.connected = undefined;
    await this.admin.disconnect();
  }

  /** partition → end offset (the next offset to be written; for read-committed readers the last stable one). */
  async endOffsets(topic: string): Promise<Map<number, bigint>> {
    await this.connect();
    const cluster = clusterOf(this.admin);
    for (let attempt = 0; ; attempt += 1) {
      try {
        await cluster.addTargetTopic(topic);
        await cluster.refreshMetadataIfNecessary();
        const partitions = cluster.findTopicPartitionMetadata(topic).map((p) => ({ partition: p.partitionId }));
        const [answer] = await cluster.fetchTopicsOffset([{ topic, fromBeginning: false, partitions }]);
        return new Map((answer?.partitions ?? []).map(({ partition, offset }) => [partition, BigInt(offset)]));
      } catch (error) {
        // A topic just created may not be in this broker's metadata yet (KRaft propagates it); as kafkajs does, refresh and retry.
        const type = typeof error === 'object' && error !== null && 'type' in error ? error.type : undefined;
        if (type !== 'UNKNOWN_TOPIC_OR_PARTITION' || attempt >= 5) throw error;
        await cluster.refreshMetadata();
        await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
      }
    }
  }

  /** The group's committed offsets, per topic asked for. */
  async groupOffsets(groupId: string, topics: readonly string[]): Promise<Map<string, GroupOffsets>> {
    await this.connect();
    const answer = await this.admin.fetchOffsets({ groupId, topics: [...topics] });
    return new Map(answer.map(({ topic, partitions }) => [topic, new Map(partitions.map((p) => [p.partition, p.offset]))]));
  }

  async listTopics(): Promise<string[]> {
    await this.connect();
    return this.admin.listTopics();
  }

  /** Partition count of each topic asked for (a topic that does not exist is absent). */
  async partitionCounts(topics: readonly string[]): Promise<Map<string, number>> {
    await this.connect();
    const metadata = await this.admin.fetchTopicMetadata({ topics: [...topics] });
    return new Map(metadata.topics.map((t) => [t.name, t.partitions.length]));
  }

  async deleteGroups(groupIds: readonly string[]): Promise<void> {
    await this.connect();
    await this.admin.deleteGroups([...groupIds]);
  }

  /** Creates missing topics and aligns retention and partitions (provision.ts). */
  async ensureTopics(specs: readonly TopicSpec[]): Promise<void> {
    await this.connect();
    await ensureTopicsWith(this.admin, specs);
  }
}
