import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { topicNames } from '@hookline/contracts';
import { provisionTopics } from '@hookline/kafka';
import { spawnApp, waitUntilReady } from '../tools/local-stack/app-processes';
import { freePort } from '../tools/local-stack/free-port';
import { generateAdminToken, generateMasterKey } from '../tools/local-stack/local-secrets';
import { repoRoot } from '../tools/local-stack/repo-root';
import { stopChild } from '../tools/local-stack/stop-child';
import { benchInfrastructure } from './bench-infrastructure';
import { createScratchDatabase, produceFacts, syntheticLog } from '@hookline/testing';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 40_000);

/**
 * Projection throughput of the real projector process over a log of
 * ≥ 200,000 facts (6 delivery-log partitions, like the default topic plan),
 * then `projector rebuild` of that log with the projector running and a
 * `projector check` that it equals the live tables. Prints figures; asserts
 * nothing about timings.
 */
export async function runProjectionBench(): Promise<void> {
  const say = (line: string) => process.stdout.write(`[bench:projection] ${line}\n`);
  const root = repoRoot(__dirname);
  const infrastructure = await benchInfrastructure(say);
  const database = await createScratchDatabase({ serverUrl: infrastructure.databaseUrl, label: 'bench' });
  const sql = new Client({ connectionString: database.url });
  await sql.connect();
  const prefix = `bench${randomBytes(3).toString('hex')}.`;
  const topics = topicNames(prefix);
  const env = {
    ...process.env,
    KAFKA_BROKERS: infrastructure.brokers.join(','),
    DATABASE_URL: database.url,
    HOOKLINE_TOPIC_PREFIX: prefix,
    HOOKLINE_MASTER_KEY: process.env.HOOKLINE_MASTER_KEY ?? generateMasterKey(),
    HOOKLINE_ADMIN_TOKEN: process.env.HOOKLINE_ADMIN_TOKEN ?? generateAdminToken(),
    LOG_LEVEL: 'warn',
  };
  try {
    await provisionTopics({ brokers: infrastructure.brokers, prefix, retryDelays: [] });
    const log = syntheticLog({ messages: MESSAGES, endpoints: 50, fanOut: 2, seed: 2026, now: Date.now(), idPrefix: 'b_' });
    const facts = log.registry.length + log.deliveryLog.length;
    let t = Date.now();
    await produceFacts(infrastructure.brokers, topics.registry, log.registry);
    await produceFacts(infrastructure.brokers, topics.deliveryLog, log.deliveryLog, 5_000);
    say(`produced ${facts} facts (${MESSAGES} messages) in ${seconds(t)} s`);

    const projected = async () => Number((await sql.query(`SELECT coalesce(sum(next_offset), 0) AS n FROM projector_checkpoints`)).rows[0].n);
    const projector = spawnApp(root, 'projector', await freePort(), env);
    t = Date.now();
    await waitUntilReady(projector, 90_000);
    let firstAt = 0;
    for (;;) {
      const n = await projected();
      if (n > 0 && firstAt === 0) firstAt = Date.now();
      if (n >= facts) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const projectSeconds = (Date.now() - t) / 1000;
    const steadySeconds = (Date.now() - firstAt) / 1000;
    say(
      `projected ${facts} facts in ${projectSeconds.toFixed(1)} s from start (${Math.round(facts / projectSeconds)} facts/s); ` +
        `${steadySeconds.toFixed(1)} s from the first commit (${Math.round(facts / steadySeconds)} facts/s)`,
    );
    const rows = (await sql.query(`SELECT (SELECT count(*) FROM messages) AS messages, (SELECT count(*) FROM attempts) AS attempts`)).rows[0];
    say(`read models: ${rows.messages} messages, ${rows.attempts} attempts`);

    t = Date.now();
    const rebuild = await command(root, 'rebuild', env);
    const rebuildSeconds = (Date.now() - t) / 1000;
    say(`rebuild (projector running) exited ${rebuild.code} in ${rebuildSeconds.toFixed(1)} s (${Math.round(facts / rebuildSeconds)} facts/s)`);
    rebuild.output
      .split('\n')
      .filter((l) => l.startsWith('no differences') || l.includes('rows only') || l.startsWith('swapped'))
      .forEach(say);
    t = Date.now();
    const check = await command(root, 'check', env);
    say(`check after the rebuild exited ${check.code} in ${seconds(t)} s: ${check.output.includes('no differences') ? 'equal to live' : 'DIFFERENT'}`);
    await stopChild(projector.child, 'SIGTERM', 30_000);

    const results = {
      facts,
      messages: MESSAGES,
      projectSeconds,
      steadySeconds,
      rebuildSeconds,
      rebuildExit: rebuild.code,
      checkExit: check.code,
      at: new Date().toISOString(),
    };
    mkdirSync(join(root, 'bench', 'results'), { recursive: true });
    writeFileSync(join(root, 'bench', 'results', `projection-${Date.now()}.json`), `${JSON.stringify(results, null, 2)}\n`);
    if (rebuild.code !== 0 || check.code !== 0) throw new Error(`rebuild or check failed:\n${rebuild.output}\n${check.output}`);
  } finally {
    await sql.end();
    await database.drop();
    await infrastructure.stop();
  }
}

function command(root: string, name: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'dist/apps/projector/src/main.js'), name], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

function seconds(since: number): string {
  return ((Date.now() - since) / 1000).toFixed(1);
}
