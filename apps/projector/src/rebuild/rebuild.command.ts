import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { topicNames } from '@hookline/contracts';
import { createKafka, KafkaAdmin, type KafkaClient } from '@hookline/kafka';
import { closeProjectionFence, createDataSource, readCheckpoints } from '@hookline/persistence';
import {
  compareSchemas,
  createSchemaDataSource,
  createShadowSchema,
  pruneHistoryBatch,
  SHADOW_SCHEMA,
  swapInShadow,
  type TableDifference,
} from '@hookline/persistence/projection';
import type { ProjectorConfig } from '../projector.config';
import type { ProjectedTopics } from '../projection/projection-batch';
import { ShadowReplay } from './shadow-replay';

export interface RebuildOutcome {
  readonly tables: string[];
  readonly differences: TableDifference[];
  readonly swapped: boolean;
  readonly replayedFacts: number;
}

/**
 * `projector rebuild` and `projector check`: replay both topics from offset 0
 * into a shadow schema, stop it at exactly the live checkpoints (taken under
 * the projection fence, so the live projector pauses between batches and
 * nothing moves), apply retention to both with one cutoff, compare row for
 * row, and — for rebuild — swap the shadow tables in, all in that one fenced
 * transaction. The live projector keeps running; it resumes on the new tables
 * from their checkpoints, which equal the ones it left.
 */
export async function runRebuild(config: ProjectorConfig, options: { swap: boolean; log: (line: string) => void }): Promise<RebuildOutcome> {
  const { log } = options;
  const names = topicNames(config.topicPrefix);
  const topics: ProjectedTopics = { registry: names.registry, deliveryLog: names.deliveryLog };
  const live = await createDataSource({ databaseUrl: config.databaseUrl, poolSize: 4, applicationName: 'hookline-rebuild' }).initialize();
  let shadow: DataSource | undefined;
  let replay: ShadowReplay | undefined;
  const groupId = `${config.topicPrefix}projector-rebuild-${randomUUID()}`;
  const kafka = createKafka({ brokers: config.kafkaBrokers, clientId: 'hookline-rebuild' });
  try {
    const liveCheckpoints = async (db: EntityManager) => ownCheckpoints(await readCheckpoints(db), topics);
    await liveCheckpoints(live.manager);
    const tables = await createShadowSchema(live.manager, SHADOW_SCHEMA);
    log(`shadow schema ${SHADOW_SCHEMA}: ${tables.join(', ')}`);
    shadow = await createSchemaDataSource(config.databaseUrl, SHADOW_SCHEMA, 'hookline-rebuild-shadow').initialize();
    replay = new ShadowReplay(kafka, shadow, topics, groupId);
    const started = Date.now();
    // Unfenced rounds do the bulk of the work while the live projector runs on.
    let targets = await liveCheckpoints(live.manager);
    await replay.start(targets);
    for (let round = 0; round < 2; round += 1) {
      await replay.waitUntil(targets, (behind) => log(`replaying: ${behind} facts to go`));
      targets = await liveCheckpoints(live.manager);
      replay.setLimits(targets);
    }
    const activeReplay = replay;
    const activeShadow = shadow;
    const outcome = await live.transaction(async (tx) => {
      await closeProjectionFence(tx);
      const final = await liveCheckpoints(tx);
      activeReplay.setLimits(final);
      await activeReplay.waitUntil(final, (behind) => log(`fenced: ${behind} facts to go`));
      await activeReplay.stop();
      const cutoff = new Date(Date.now() - config.historyRetentionMs);
      await pruneAll(tx, cutoff);
      await activeShadow.transaction((shadowTx) => pruneAll(shadowTx, cutoff));
      const differences = await compareSchemas(tx, 'public', SHADOW_SCHEMA, tables);
      if (options.swap) await swapInShadow(tx, tables);
      const replayedFacts = [...final.values()].reduce((sum, next) => sum + Number(next), 0);
      return { tables, differences, swapped: options.swap, replayedFacts };
    });
    log(`replayed up to ${outcome.replayedFacts} offsets in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return outcome;
  } finally {
    await replay?.stop();
    await deleteGroup(kafka, groupId);
    if (shadow?.isInitialized) await shadow.destroy();
    await live.destroy();
  }
}

/** This deployment's checkpoints; a database shared with another topic prefix cannot be rebuilt from our topics alone. */
function ownCheckpoints(all: Map<string, bigint>, topics: ProjectedTopics): Map<string, bigint> {
  const own = [`${topics.registry}:`, `${topics.deliveryLog}:`];
  const foreign = [...all.keys()].filter((key) => !own.some((prefix) => key.startsWith(prefix)));
  if (foreign.length > 0) {
    throw new Error(
      `the database also holds projections of other topics (${foreign.slice(0, 3).join(', ')}…); refusing to rebuild it from ${topics.registry} and ${topics.deliveryLog}`,
    );
  }
  return all;
}

async function pruneAll(db: EntityManager, cutoff: Date): Promise<void> {
  for (;;) {
    const pruned = await pruneHistoryBatch(db, cutoff, 10_000);
    if (pruned.messages === 0 && pruned.attempts === 0) return;
  }
}

async function deleteGroup(kafka: KafkaClient, groupId: string): Promise<void> {
  const admin = new KafkaAdmin(kafka);
  try {
    await admin.deleteGroups([groupId]);
  } catch (error) {
    // A group that never joined does not exist; anything else is worth a line, not a failed rebuild.
    process.stderr.write(`could not delete consumer group ${groupId}: ${error instanceof Error ? error.message : String(error)}\n`);
  } finally {
    await admin.disconnect();
  }
}

export function describeDifferences(differences: readonly TableDifference[]): string[] {
  if (differences.length === 0) return ['no differences: the rebuilt tables equal the live ones row for row'];
  return differences.flatMap((d) => [
    `${d.table}: ${d.onlyInFirstCount} rows only in live, ${d.onlyInSecondCount} only in the rebuild`,
    ...d.onlyInFirst.map((row) => `  live    ${row}`),
    ...d.onlyInSecond.map((row) => `  rebuild ${row}`),
  ]);
}
