export * from './kafka-client';
export * from './record-headers';
export * from './topic-plan';
export * from './provision';
export * from './batch-consumer';
export * from './fact-producer';
export * from './registry-tail';
export * from './size-chunks';
