import type { ConsumedRecord } from '@hookline/kafka';
import type { EntityManager } from 'typeorm';
import { refusedFactState } from '@hookline/persistence/projection';
import type { ProjectedFact } from './fact-decoding';

export interface Decoded<F extends ProjectedFact> {
  readonly message: ConsumedRecord;
  readonly fact: F;
}

export interface RefusedFact<F extends ProjectedFact> extends Decoded<F> {
  readonly sqlstate: string;
  readonly error: string;
}

/**
 * Projects `records` inside the caller's transaction and returns the facts
 * Postgres refused for their data, each isolated by bisection: a slice is
 * tried under a savepoint; when Postgres refuses it, the slice is rolled back
 * and its halves are tried in log order, down to single facts. A single fact
 * that is refused is returned (for quarantine); everything else is projected.
 * k bad facts in n cost about k·log2(n) extra statements, paid only by a batch
 * that held one. Any other error leaves the transaction and is retried whole.
 *
 * Exactly once still holds: every slice is in the batch's one transaction
 * with its checkpoint, and the projections do not depend on how the log is cut
 * into batches (docs/history.md), so projecting it in slices is the same.
 */
export async function projectIsolatingRefusals<F extends ProjectedFact>(
  tx: EntityManager,
  records: readonly Decoded<F>[],
  project: (tx: EntityManager, facts: readonly F[]) => Promise<void>,
): Promise<RefusedFact<F>[]> {
  if (records.length === 0) return [];
  await tx.query('SAVEPOINT projection_slice');
  try {
    await project(
      tx,
      records.map((r) => r.fact),
    );
    await tx.query('RELEASE SAVEPOINT projection_slice');
    return [];
  } catch (error) {
    const sqlstate = refusedFactState(error);
    if (sqlstate === null) throw error;
    await tx.query('ROLLBACK TO SAVEPOINT projection_slice');
    await tx.query('RELEASE SAVEPOINT projection_slice');
    const [only] = records;
    if (records.length === 1 && only !== undefined) {
      return [{ ...only, sqlstate, error: error instanceof Error ? error.message : String(error) }];
    }
    const middle = Math.ceil(records.length / 2);
    const first = await projectIsolatingRefusals(tx, records.slice(0, middle), project);
    const second = await projectIsolatingRefusals(tx, records.slice(middle), project);
    return [...first, ...second];
  }
}
