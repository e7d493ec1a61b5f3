// The one test harness: tests (test/, *.int-spec.ts) and benches import it as
// @hookline/testing. npm run chaos runs parts of it compiled (dist/libs/testing).
export * from './app-control';
export * from './delivery-story';
export * from './domain-error-code';
export * from './dispatcher-under-test';
export * from './endpoint-facts';
export * from './engine';
export * from './event-producer';
export * from './eventually';
export * from './history-expectations';
export * from './int-kafka';
export * from './log-producer';
export * from './message-accepted';
export * from './process-table';
export * from './projector-command';
export * from './registry-client';
export * from './scratch-database';
export * from './stack-process';
export * from './synthetic-delivery-log';
export * from './table-snapshot';
export * from './tenant-fixture';
export * from './test-environment';
export * from './topic-reader';
export * from './webhook-receiver';
