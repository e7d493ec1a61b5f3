export * from './telemetry';
export * from './trace-context';
export * from './json-logger';
export * from './readiness';
export * from './ops-server';
