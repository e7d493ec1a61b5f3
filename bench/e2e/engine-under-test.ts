import { randomBytes } from 'node:crypto';
import { provisionTopics } from '@hookline/kafka';
import { APP_NAMES, spawnApp, waitUntilReady, type AppName, type AppProcess } from '../../tools/local-stack/app-processes';
import { freePorts } from '../../tools/local-stack/free-port';
import { stopChild } from '../../tools/local-stack/stop-child';
import type { BenchStack } from './bench-stack';

export interface EngineUnderTest {
  readonly prefix: string;
  readonly registryUrl: string;
  readonly adminToken: string;
  readonly apps: ReadonlyMap<AppName, AppProcess>;
  /** Resolves with a description if an app dies before stop(). */
  readonly crashed: Promise<string>;
  stop(): Promise<void>;
}

export interface EngineOptions {
  /** Added to every app's environment (tracing switches). */
  readonly env?: Record<string, string>;
  /** Added to one app's environment only (NODE_OPTIONS=--cpu-prof for the profiled one). */
  readonly appEnv?: Partial<Record<AppName, Record<string, string>>>;
}

/**
 * The four compiled apps as separate processes, exactly as deployed, on a
 * fresh topic prefix (fresh consumer groups, checkpoints and endpoints) so two
 * engines started by one run never see each other's work.
 */
export async function startEngine(stack: BenchStack, options: EngineOptions = {}): Promise<EngineUnderTest> {
  const prefix = `bench${randomBytes(3).toString('hex')}.`;
  await provisionTopics({ brokers: stack.brokers, prefix });
  const adminToken = `adm_${randomBytes(16).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KAFKA_BROKERS: stack.brokers.join(','),
    DATABASE_URL: stack.databaseUrl,
    HOOKLINE_TOPIC_PREFIX: prefix,
    HOOKLINE_MASTER_KEY: randomBytes(32).toString('base64'),
    HOOKLINE_ADMIN_TOKEN: adminToken,
    HOOKLINE_ALLOW_HTTP: 'true',
    HOOKLINE_ALLOW_PRIVATE_NETWORKS: 'true',
    // The lag gauges we read at the end of each step should be at most a second old.
    HOOKLINE_PROJECTOR_LAG_POLL_INTERVAL: '1s',
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  const ports = await freePorts(APP_NAMES.length);
  const apps = new Map<AppName, AppProcess>();
  APP_NAMES.forEach((name, i) => apps.set(name, spawnApp(stack.root, name, ports[i] as number, { ...env, ...options.appEnv?.[name] })));
  let stopping = false;
  const stop = async (): Promise<void> => {
    stopping = true;
    await Promise.all([...apps.values()].map((app) => stopChild(app.child, 'SIGTERM', 40_000)));
  };
  try {
    await Promise.all([...apps.values()].map((app) => waitUntilReady(app, 120_000)));
  } catch (error) {
    await stop();
    throw error;
  }
  const crashed = new Promise<string>((resolve) => {
    for (const app of apps.values()) {
      void app.exited.then((how) => {
        if (!stopping) resolve(`${app.name} ${how}`);
      });
    }
  });
  const registry = apps.get('registry') as AppProcess;
  return { prefix, registryUrl: `http://127.0.0.1:${registry.port}`, adminToken, apps, crashed, stop };
}
