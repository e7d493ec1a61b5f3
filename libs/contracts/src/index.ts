export * from './topics';
export * from './input-event';
export * from './registry-facts';
export * from './delivery-facts';
export * from './delivery-job';
export * from './webhook-envelope';
export * from './decode';
export * from './dead-letter';
