import type { Admin } from 'kafkajs';
import { clusterOf, kafkajsOf, type KafkaClient } from './kafka-client';
import { ensureTopicsWith } from './provision';
import type { TopicSpec } from './topic-plan';

const METADATA_MAX_AGE_MS = 300_000;
/** Errors after which the metadata is refreshed and the request retried. */
const METADATA_ERRORS = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'NOT_LEADER_FOR_PARTITION', 'LEADER_NOT_AVAILABLE', 'KafkaJSTopicMetadataNotLoaded']);

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
  /** When this admin's metadata was last refreshed by endOffsets (0: refresh before the next request). */
  private metadataAt = 0;

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
        await this.ensureMetadata(cluster, topic);
        const partitions = cluster.findTopicPartitionMetadata(topic).map((p) => ({ partition: p.partitionId }));
        const [answer] = await cluster.fetchTopicsOffset([{ topic, fromBeginning: false, partitions }]);
        return new Map((answer?.partitions ?? []).map(({ partition, offset }) => [partition, BigInt(offset)]));
      } catch (error) {
        // A topic just created may not be in this broker's metadata yet (KRaft propagates it), or a leader moved:
        // as kafkajs does, refresh and retry.
        const type = typeof error === 'object' && error !== null && 'type' in error ? error.type : undefined;
        const name = error instanceof Error ? error.name : undefined;
        if (!(METADATA_ERRORS.has(String(type)) || METADATA_ERRORS.has(String(name))) || attempt >= 5) throw error;
        this.metadataAt = 0;
        await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
      }
    }
  }

  /**
   * kafkajs' admin has no metadata max age, so its `refreshMetadataIfNecessary`
   * refreshes on every call: one Metadata request beside every ListOffsets,
   * 0.35 Kafka requests per delivered event at 200 events/s (issue 14). Here
   * metadata is refreshed when the topic is unknown, after a failed request,
   * and at most every five minutes otherwise (the consumers' default age).
   */
  private async ensureMetadata(cluster: ReturnType<typeof clusterOf>, topic: string): Promise<void> {
    await cluster.addTargetTopic(topic); // fetches metadata only when the topic is new to this client
    const stale = Date.now() - this.metadataAt > METADATA_MAX_AGE_MS || cluster.findTopicPartitionMetadata(topic).length === 0;
    if (!stale) return;
    await cluster.refreshMetadata();
    this.metadataAt = Date.now();
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
