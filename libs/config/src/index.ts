export * from './duration';
export * from './env-readers';
export * from './load-config';
export * from './shared-settings';
