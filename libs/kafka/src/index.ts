// The public API of libs/kafka. Nothing here names a kafkajs type: apps and
// the other libs reach Kafka only through these ports (kafkajs-boundary.spec.ts).
export { createKafka, type KafkaClient, type KafkaConnection } from './kafka-client';
export type { ConsumedRecord, OutgoingRecord, PartitionOffset, RecordHeaders, RecordPosition } from './records';
export { headerText } from './record-headers';
export { kafkaRequestCount } from './kafka-request-metrics';
export * from './topic-plan';
export { ensureTopics, provisionTopics, type ProvisionOptions } from './provision';
export {
  DEFAULT_MAX_HANDLER_FAILURES,
  openBatchConsumer,
  type BatchConsumer,
  type BatchConsumerOptions,
  type BatchContext,
  type BatchEnd,
  type BatchHandler,
  type TopicPartition,
} from './batch-consumer';
export { KafkaAdmin, type GroupOffsets } from './admin-port';
export { OrderedRecordWriter, type RecordWriterOptions, type WriteOptions } from './record-writer';
export { TransactionalUnit, type TransactionalBatch, type TransactionalUnitOptions } from './transactional-unit';
export * from './fact-producer';
export * from './registry-tail';
export * from './size-chunks';
export * from './topic-messages';
export * from './consumer-stalls';
export * from './consumer-liveness';
export {
  consumerLivenessLimits,
  onConsumerLivenessChange,
  setConsumerLivenessLimits,
  type LivenessChange,
  type LivenessListener,
  type LivenessWatch,
} from './consumer-liveness-watch';
export * from './transport';
