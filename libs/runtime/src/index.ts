export * from './api-error.dto';
export * from './api-document';
export * from './api-error.filter';
export * from './boot';
export * from './method-not-allowed';
export * from './health.controller';
export * from './registry-view.provider';
export * from './consumer-supervision';
