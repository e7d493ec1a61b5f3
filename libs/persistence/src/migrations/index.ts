import { InitialReadModels1763700000000 } from './1763700000000-initial-read-models';

/** Every migration, in order. Listed explicitly: no glob, no `synchronize`. */
export const MIGRATIONS = [InitialReadModels1763700000000];
