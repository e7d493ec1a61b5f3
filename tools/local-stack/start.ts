import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_TOPIC_PREFIX } from '@hookline/contracts';
import { parseDurationList } from '@hookline/config';
import { APP_NAMES, DEFAULT_APP_PORTS, spawnApp, waitUntilReady, type AppProcess } from './app-processes';
import { startInfrastructure, type Infrastructure } from './infrastructure';
import { generateAdminToken, generateMasterKey, persistentSecret } from './local-secrets';
import { repoRoot } from './repo-root';
import { stopChild } from './stop-child';
import { externalInfrastructure } from './throwaway-infrastructure';

/**
 * `npm start`: the whole engine on one machine. A Kafka broker and Postgres
 * (unless KAFKA_BROKERS / DATABASE_URL point elsewhere), migrations, topics,
 * then the four apps; Ctrl-C stops it all in order. State lives in `.data/`
 * (`--reset` wipes it) so endpoints and history survive restarts.
 */

const APP_READY_TIMEOUT_MS = 120_000;
/** Longer than the longest endpoint timeout (30 s), so an in-flight delivery can finish. */
const APP_STOP_GRACE_MS = 40_000;

const log = (line: string): void => {
  process.stdout.write(`[stack] ${line}\n`);
};

async function main(): Promise<number> {
  const t0 = Date.now();
  const root = repoRoot();
  const dataDir = join(root, '.data');
  const env = process.env;

  const kafkaPort = portFromEnv('HOOKLINE_KAFKA_PORT', 9092);
  const kafkaControllerPort = portFromEnv('HOOKLINE_KAFKA_CONTROLLER_PORT', 9093);
  const postgresPort = portFromEnv('HOOKLINE_PG_PORT', 5433);
  const appPorts = APP_NAMES.map((name) => portFromEnv(`HOOKLINE_${name.toUpperCase()}_PORT`, DEFAULT_APP_PORTS[name]));

  claimDataDir(dataDir, process.argv.includes('--reset'));

  const masterKey = env.HOOKLINE_MASTER_KEY || persistentSecret(join(dataDir, 'master.key'), generateMasterKey);
  const adminToken = env.HOOKLINE_ADMIN_TOKEN || persistentSecret(join(dataDir, 'admin.token'), generateAdminToken);

  let infrastructure: Promise<Infrastructure> | undefined;
  const apps: AppProcess[] = [];
  let shuttingDown: Promise<number> | undefined;
  let finish!: (code: number) => void;
  const finished = new Promise<number>((resolve) => {
    finish = resolve;
  });

  const shutdown = (exitCode: number, why?: string): Promise<number> => {
    shuttingDown ??= (async () => {
      if (why !== undefined) process.stderr.write(`[stack] ${why}\n`);
      log('stopping…');
      // Apps first, so they drain into a Kafka and Postgres that are still there.
      await Promise.all(apps.map(async (app) => {
        if ((await stopChild(app.child, 'SIGTERM', APP_STOP_GRACE_MS)) === 'killed') log(`${app.name} did not stop in time and was killed`);
      }));
      // If Kafka is still starting, let it finish so it can be stopped cleanly.
      await (await infrastructure?.catch(() => undefined))?.stop();
      releaseDataDir(dataDir);
      log('stopped');
      return exitCode;
    })();
    void shuttingDown.then(finish);
    return shuttingDown;
  };

  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals += 1;
    if (signals > 1) {
      // A second Ctrl-C means "now": the exit hooks kill every child.
      process.stderr.write(`[stack] ${signal} again: killing everything\n`);
      process.exit(130);
    }
    void shutdown(0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  infrastructure = startInfrastructure({
    root,
    dataDir,
    ...externalInfrastructure(env),
    kafkaPort,
    kafkaControllerPort,
    postgresPort,
    durable: true,
    topicPrefix: env.HOOKLINE_TOPIC_PREFIX || DEFAULT_TOPIC_PREFIX,
    retryDelaysMs: env.HOOKLINE_RETRY_SCHEDULE ? parseDurationList(env.HOOKLINE_RETRY_SCHEDULE) : [],
    log,
  });
  let brokers: string[];
  let databaseUrl: string;
  try {
    const ready = await infrastructure;
    ({ brokers, databaseUrl } = ready);
    void ready.crashed.then((what) => shutdown(1, what));
  } catch (error) {
    return shutdown(1, `could not start the infrastructure: ${describe(error)}`);
  }
  if (shuttingDown) return finished; // Ctrl-C while Kafka was starting

  const appEnv: NodeJS.ProcessEnv = {
    // Local defaults the caller's environment may override…
    NODE_ENV: 'development',
    HOOKLINE_ALLOW_HTTP: 'true',
    HOOKLINE_ALLOW_PRIVATE_NETWORKS: 'true',
    ...env,
    // …and what this stack decided, which it may not.
    KAFKA_BROKERS: brokers.join(','),
    DATABASE_URL: databaseUrl,
    HOOKLINE_MASTER_KEY: masterKey,
    HOOKLINE_ADMIN_TOKEN: adminToken,
  };
  try {
    APP_NAMES.forEach((name, i) => apps.push(spawnApp(root, name, appPorts[i] as number, appEnv)));
  } catch (error) {
    return shutdown(1, describe(error));
  }
  for (const app of apps) {
    void app.exited.then((how) => {
      if (shuttingDown) log(`${app.name} ${how}`);
      else void shutdown(1, `${app.name} ${how}; stopping everything`);
    });
  }

  try {
    await Promise.all(apps.map((app) => waitUntilReady(app, APP_READY_TIMEOUT_MS)));
  } catch (error) {
    return shutdown(1, describe(error));
  }
  if (shuttingDown) return finished;

  const url = (port: number, path = ''): string => `http://127.0.0.1:${port}${path}`;
  const [registry, ingest] = appPorts as [number, number, number, number];
  process.stdout.write(
    [
      '',
      `Hookline is ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      `  registry API   ${url(registry)}   (docs ${url(registry, '/docs')}, OpenAPI ${url(registry, '/openapi.json')})`,
      `  ingest API     ${url(ingest, '/v1/events')}`,
      `  console        ${url(registry, '/console/')}   (sign in with the admin token or a key; links: POST /v1/portal/sessions)`,
      `  metrics        ${apps.map((app) => url(app.port, '/metrics')).join('  ')}`,
      `  admin token    ${adminToken}`,
      `  kafka          ${brokers.join(',')}`,
      `  DATABASE_URL   ${databaseUrl}`,
      'Ctrl-C stops everything.',
      '',
    ].join('\n') + '\n',
  );
  return finished; // settles when a signal or a crash has stopped everything
}

/**
 * `.data/` belongs to one running stack at a time: two would fight over the
 * broker's and Postgres's data directories. The pid file says who owns it.
 */
function claimDataDir(dataDir: string, reset: boolean): void {
  const pidFile = join(dataDir, 'stack.pid');
  const owner = Number(readIfExists(pidFile).trim());
  if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isOurStack(owner)) {
    throw new StackProblem(`Hookline is already running from ${dataDir} (pid ${owner}); stop it first`);
  }
  if (reset) {
    log(`--reset: deleting ${dataDir}`);
    rmSync(dataDir, { recursive: true, force: true });
  }
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(pidFile, `${process.pid}\n`);
}

function releaseDataDir(dataDir: string): void {
  rmSync(join(dataDir, 'stack.pid'), { force: true });
}

function isOurStack(pid: number): boolean {
  // The pid may have been recycled since a crash: only a live start.js counts.
  return readIfExists(`/proc/${pid}/cmdline`).includes('local-stack/start');
}

function readIfExists(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return ''; // absent: nothing to read
  }
}

function portFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new StackProblem(`${name}: "${text}" is not a TCP port`);
  return port;
}

/** A problem the user can fix from its message alone; printed without a stack trace. */
class StackProblem extends Error {}

function describe(error: unknown): string {
  if (error instanceof StackProblem) return error.message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`[stack] ${describe(error)}\n`);
    process.exit(1);
  },
);
