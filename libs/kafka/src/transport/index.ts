export { BatchErrorFilter } from './batch-error.filter';
export { KafkaSubscriptions, Subscription, type ConsumedBatch, type SubscriptionSpec } from './batch-subscriptions';
export { KafkaBatchContext, KafkaBatchTransport, type KafkaBatchTransportOptions } from './kafka-batch-transport';
