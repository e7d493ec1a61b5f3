export * from './boot';
export * from './health.controller';
export * from './registry-view.provider';
export * from './consumer-supervision';
