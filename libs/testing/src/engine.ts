import { randomBytes } from 'node:crypto';
import { topicNames, type TopicNames } from '@hookline/contracts';
import { provisionTopics } from '@hookline/kafka';
import { APP_NAMES, spawnApp, waitUntilReady, type AppName, type AppProcess } from '../../../tools/local-stack/app-processes';
import { freePorts } from '../../../tools/local-stack/free-port';
import { stopChild } from '../../../tools/local-stack/stop-child';
import { repoRoot } from '../../../tools/local-stack/repo-root';

export interface RunningEngine {
  readonly prefix: string;
  readonly topics: TopicNames;
  readonly brokers: string[];
  readonly registryUrl: string;
  readonly adminToken: string;
  readonly apps: Map<AppName, AppProcess>;
  /** SIGTERM every app and wait for it (a clean drain). */
  stop(): Promise<void>;
  /** SIGKILL one app (a crash at whatever it was doing) and wait until it is gone. */
  crash(name: AppName): Promise<void>;
  /** Starts a stopped or crashed app again on its port, with the same environment, and waits until ready. */
  restart(name: AppName): Promise<void>;
}

/**
 * Runs the four compiled apps as real processes against the run's broker and
 * Postgres. Each engine gets its own topic prefix, so test files never see
 * each other's events, consumer groups or checkpoints.
 */
export async function startEngine(
  extraEnv: Record<string, string> = {},
  apps: readonly AppName[] = APP_NAMES,
  /** Tier topics to provision before the apps start (a tier the dispatcher creates itself may miss its first assignment). */
  retryDelays: readonly number[] = [1000, 2000, 4000],
): Promise<RunningEngine> {
  const brokers = requiredEnv('KAFKA_BROKERS').split(',');
  const prefix = `t${randomBytes(4).toString('hex')}.`;
  await provisionTopics({ brokers, prefix, partitions: 3, registryPartitions: 2, retryDelays: [...retryDelays] });
  const ports = await freePorts(apps.length);
  const root = repoRoot(__dirname); // libs/testing/src under jest, dist/libs/testing/src under npm run chaos
  const env = { ...process.env, HOOKLINE_TOPIC_PREFIX: prefix, LOG_LEVEL: 'warn', ...extraEnv };
  const running = new Map<AppName, AppProcess>();
  apps.forEach((name, i) => running.set(name, spawnApp(root, name, ports[i] as number, env)));
  try {
    await Promise.all([...running.values()].map((app) => waitUntilReady(app, 90_000)));
  } catch (error) {
    await Promise.all([...running.values()].map((app) => stopChild(app.child, 'SIGKILL', 5_000)));
    throw error;
  }
  const registry = running.get('registry');
  return {
    prefix,
    topics: topicNames(prefix),
    brokers,
    registryUrl: registry === undefined ? '' : `http://127.0.0.1:${registry.port}`,
    adminToken: requiredEnv('HOOKLINE_ADMIN_TOKEN'),
    apps: running,
    stop: async () => {
      await Promise.all([...running.values()].map((app) => stopChild(app.child, 'SIGTERM', 30_000)));
    },
    crash: async (name) => {
      const app = running.get(name);
      if (app === undefined) throw new Error(`${name} is not part of this engine`);
      await stopChild(app.child, 'SIGKILL', 10_000);
    },
    restart: async (name) => {
      const app = running.get(name);
      if (app === undefined) throw new Error(`${name} is not part of this engine`);
      if (app.child.exitCode === null && app.child.signalCode === null) await stopChild(app.child, 'SIGTERM', 30_000);
      const again = spawnApp(root, name, app.port, env);
      running.set(name, again);
      await waitUntilReady(again, 120_000);
    },
  };
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set; run through jest's global setup`);
  return value;
}
