/** The dispatcher's Kafka client (kafkajs `Kafka`), shared by its consumer, producer and admin calls. */
export const DISPATCH_KAFKA = Symbol('DISPATCH_KAFKA');
/** The idempotent producer of facts, retry and parked jobs (acks=all); disconnected by the module after the drain. */
export const DELIVERY_PRODUCER = Symbol('DELIVERY_PRODUCER');
