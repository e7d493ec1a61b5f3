// What the projector writes: the read models folded from registry and delivery-log
// facts (raw SQL bulk upserts), history retention, quarantine, and the shadow schema
// a rebuild projects into.
export * from './registry.projection';
export * from './history.projection';
export * from './history-deletion';
export * from './history-retention';
export * from './fact-refusal';
export * from './quarantine.store';
export * from './projection-schema';
export * from './schema-diff';
