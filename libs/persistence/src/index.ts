// The database itself: the data source, the read models' entities, the SQL
// migrations and their runner, and the projection checkpoints. What is written
// and read lives behind its own entry, imported by the app that needs it:
// @hookline/persistence/projection (projector), @hookline/persistence/queries
// (registry), @hookline/persistence/dedupe (ingest).
export * from './data-source';
export * from './migrate';
export * from './migrations';
export * from './checkpoints';
export * from './entities';
