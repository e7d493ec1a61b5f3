import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_TOPIC_PREFIX } from '@hookline/contracts';
import { parseDurationList } from '@hookline/config';
import { adminTokenLocation, maskUrlPassword } from './banner';
import { APP_NAMES, DEFAULT_APP_PORTS, type AppName } from './app-processes';
import { watchdogsReaped } from './child-lifetime';
import { generateAdminToken, generateMasterKey, persistentSecret } from './local-secrets';
import { repoRoot } from './repo-root';
import { startSupervisedStack, type SupervisedStack } from './supervised-stack';
import { externalInfrastructure } from './throwaway-infrastructure';

/**
 * `npm start`: the whole engine on one machine. A Kafka broker and Postgres
 * (unless KAFKA_BROKERS / DATABASE_URL point elsewhere), migrations, topics,
 * then the four apps, all supervised: whichever exits is restarted with
 * backoff (supervisor.ts). Ctrl-C stops it all in order. State lives in
 * `.data/` (`--reset` wipes it; HOOKLINE_DATA_DIR moves it) so endpoints and
 * history survive restarts.
 */

/** Longer than the longest endpoint timeout (30 s), so an in-flight delivery can finish. */
const APP_STOP_GRACE_MS = 40_000;

const log = (line: string): void => {
  process.stdout.write(`[stack] ${line}\n`);
};

async function main(): Promise<number> {
  const t0 = Date.now();
  const root = repoRoot();
  const env = process.env;
  const dataDir = env.HOOKLINE_DATA_DIR ? resolve(env.HOOKLINE_DATA_DIR) : join(root, '.data');

  const kafkaPort = portFromEnv('HOOKLINE_KAFKA_PORT', 9092);
  const kafkaControllerPort = portFromEnv('HOOKLINE_KAFKA_CONTROLLER_PORT', 9093);
  const postgresPort = portFromEnv('HOOKLINE_PG_PORT', 5433);
  const appPorts = Object.fromEntries(APP_NAMES.map((name) => [name, portFromEnv(`HOOKLINE_${name.toUpperCase()}_PORT`, DEFAULT_APP_PORTS[name])])) as Record<
    AppName,
    number
  >;

  claimDataDir(dataDir, process.argv.includes('--reset'));

  const masterKey = env.HOOKLINE_MASTER_KEY || persistentSecret(join(dataDir, 'master.key'), generateMasterKey);
  const adminToken = env.HOOKLINE_ADMIN_TOKEN || persistentSecret(join(dataDir, 'admin.token'), generateAdminToken);

  const starting = new AbortController();
  let stack: SupervisedStack | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      log('stopping…');
      starting.abort();
      await stack?.stop();
    })();
    return stopping;
  };

  let signals = 0;
  const stoppedBySignal = new Promise<void>((resolveStopped) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      signals += 1;
      if (signals > 1) {
        // A second Ctrl-C means "now": the exit hooks kill every child.
        process.stderr.write(`[stack] ${signal} again: killing everything\n`);
        process.exit(130);
      }
      void stop().then(resolveStopped);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });

  try {
    stack = await startSupervisedStack({
      infrastructure: {
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
      },
      appPorts,
      appEnv: {
        // Local defaults the caller's environment may override…
        NODE_ENV: 'development',
        HOOKLINE_ALLOW_HTTP: 'true',
        HOOKLINE_ALLOW_PRIVATE_NETWORKS: 'true',
        ...env,
        // …and what this stack decided, which it may not.
        HOOKLINE_MASTER_KEY: masterKey,
        HOOKLINE_ADMIN_TOKEN: adminToken,
      },
      appStopGraceMs: APP_STOP_GRACE_MS,
      abort: starting.signal,
    });
  } catch (error) {
    if (stopping !== undefined) {
      await stopping;
      return finish(dataDir, 0); // Ctrl-C during start-up
    }
    process.stderr.write(`[stack] could not start: ${describe(error)}\n`);
    return finish(dataDir, 1);
  }
  if (stopping !== undefined) {
    await stop(); // Ctrl-C just as the start finished: stop what it started
    return finish(dataDir, 0);
  }

  const url = (port: number, path = ''): string => `http://127.0.0.1:${port}${path}`;
  process.stdout.write(
    [
      '',
      `Hookline is ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      `  registry API   ${url(appPorts.registry)}   (docs ${url(appPorts.registry, '/docs')}, OpenAPI ${url(appPorts.registry, '/openapi.json')})`,
      `  ingest API     ${url(appPorts.ingest, '/v1/events')}`,
      `  console        ${url(appPorts.registry, '/console/')}   (sign in with the admin token or a key; links: POST /v1/portal/sessions)`,
      `  metrics        ${APP_NAMES.map((name) => url(appPorts[name], '/metrics')).join('  ')}`,
      `  admin token    ${adminTokenLocation(Boolean(env.HOOKLINE_ADMIN_TOKEN), join(dataDir, 'admin.token'))}`,
      `  kafka          ${stack.brokers.join(',')}`,
      `  DATABASE_URL   ${maskUrlPassword(stack.databaseUrl)}`,
      'A process that exits is restarted. Ctrl-C stops everything.',
      '',
    ].join('\n') + '\n',
  );
  await stoppedBySignal;
  return finish(dataDir, 0);
}

function finish(dataDir: string, code: number): number {
  releaseDataDir(dataDir);
  log('stopped');
  return code;
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

// Every child has exited by now; their watchdogs must be gone too before we are (child-lifetime.ts).
main().then(
  async (code) => {
    await watchdogsReaped();
    process.exit(code);
  },
  async (error: unknown) => {
    process.stderr.write(`[stack] ${describe(error)}\n`);
    await watchdogsReaped();
    process.exit(1);
  },
);
