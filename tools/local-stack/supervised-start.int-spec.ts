import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTenant,
  eventually,
  isAlive,
  processesMentioning,
  RegistryClient,
  StackProcess,
  startWebhookReceiver,
  type WebhookReceiver,
} from '@hookline/testing';
import { freePorts } from './free-port';
import { repoRoot } from './repo-root';

/**
 * `npm start` survives crashes (issue 10, finding 5): the compiled start.js
 * runs its own broker, Postgres and four apps in a temp dir on free ports;
 * the test SIGKILLs the dispatcher, the broker and Postgres, sees each come
 * back under the same name and the engine deliver again, then Ctrl-Cs it and
 * finds no process left. Needs `npm run build` (as the e2e tier does).
 */
describe('npm start under supervision', () => {
  const root = repoRoot(__dirname);
  let dataDir: string;
  let stack: StackProcess;
  let receiver: WebhookReceiver;
  let ingestUrl: string;
  let projectKey: string;
  let sent = 0;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hookline-supervised-'));
    receiver = await startWebhookReceiver();
    const [kafka, controller, pg, registry, ingest, dispatcher, projector] = (await freePorts(7)) as number[];
    const env: NodeJS.ProcessEnv = { ...process.env };
    // Its own broker and Postgres, not the run's shared ones: this test kills them.
    delete env.KAFKA_BROKERS;
    delete env.DATABASE_URL;
    delete env.HOOKLINE_TOPIC_PREFIX;
    Object.assign(env, {
      HOOKLINE_DATA_DIR: dataDir,
      HOOKLINE_KAFKA_PORT: String(kafka),
      HOOKLINE_KAFKA_CONTROLLER_PORT: String(controller),
      HOOKLINE_PG_PORT: String(pg),
      HOOKLINE_REGISTRY_PORT: String(registry),
      HOOKLINE_INGEST_PORT: String(ingest),
      HOOKLINE_DISPATCHER_PORT: String(dispatcher),
      HOOKLINE_PROJECTOR_PORT: String(projector),
      LOG_LEVEL: 'warn',
    });
    ingestUrl = `http://127.0.0.1:${ingest}`;
    stack = new StackProcess(root, env);
    await stack.waitForLine(/Hookline is ready/, 240_000);

    const admin = new RegistryClient(`http://127.0.0.1:${registry}`, env.HOOKLINE_ADMIN_TOKEN ?? '');
    const tenant = await createTenant(admin, 'Supervised Co');
    projectKey = tenant.projectKeys[0] as string;
    const endpoint = await new RegistryClient(`http://127.0.0.1:${registry}`, projectKey).post('/v1/endpoints', {
      url: receiver.url,
      description: 'supervision probe',
      eventTypes: ['message.*'],
    });
    expect(endpoint.status).toBe(201);
  }, 300_000);

  afterAll(async () => {
    if (stack !== undefined) {
      stack.signal('SIGKILL'); // no-op if the test already stopped it; its watchdogs take the children down
      await stack.exited;
    }
    await receiver?.close();
    await eventually(
      async () => processesMentioning(dataDir),
      (left) => left.length === 0,
      { timeoutMs: 20_000, what: 'children gone' },
    ).catch((error: unknown) => process.stderr.write(`${String(error)}\n`));
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  /** Posts fresh events until one reaches the receiver: the engine delivers end to end. */
  const deliversAgain = async (what: string): Promise<void> => {
    const before = receiver.requests.length;
    await eventually(
      async () => {
        sent += 1;
        const answer = await fetch(`${ingestUrl}/v1/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${projectKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ id: `probe_${sent}`, type: 'message.sent', data: { n: sent } }),
          signal: AbortSignal.timeout(5_000),
        }).then(
          async (response) => `${response.status} ${await response.text()}`,
          (error: unknown) => String(error), // ingest may be down or not ready yet: the next round tries again
        );
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        return { received: receiver.requests.length, lastAnswer: answer };
      },
      ({ received }) => received > before,
      { timeoutMs: 150_000, intervalMs: 0, what },
    );
  };

  it('delivers once it is up', async () => {
    await deliversAgain('a first delivery');
  }, 180_000);

  it.each([['dispatcher'], ['kafka'], ['postgres']])(
    'restarts %s after a SIGKILL with a log line naming it, and delivers again',
    async (name) => {
      const from = stack.lines.length;
      const pid = stack.current(name);
      process.kill(pid, 'SIGKILL');
      const died = await stack.waitForLine(new RegExp(`^\\[stack\\] ${name} was killed by SIGKILL after [\\d.]+ s; restarting in \\d+ s`), 30_000, from);
      expect(died).toMatch(/restarting in 1 s/); // its first exit after a stable run
      await stack.waitForLine(new RegExp(`^\\[stack\\] ${name} running again \\(pid \\d+, restart 1\\)`), 150_000, from);
      expect(stack.current(name)).not.toBe(pid);
      expect(isAlive(stack.current(name))).toBe(true);
      await deliversAgain(`a delivery after ${name} came back`);
    },
    300_000,
  );

  it('stops everything on SIGINT, exits 0 and leaves no process behind', async () => {
    const everyPid = [...stack.pids.values()].flat();
    expect(everyPid.length).toBeGreaterThanOrEqual(9); // 6 first lives, 3 restarts
    stack.signal('SIGINT');
    await expect(stack.exited).resolves.toEqual({ code: 0, signal: null });
    expect(everyPid.filter(isAlive)).toEqual([]);
    expect(processesMentioning(dataDir)).toEqual([]); // java and postgres name the data dir
    expect(processesMentioning('hookline-watchdog').filter((line) => line.includes(` ${stack.pid} `))).toEqual([]);
  }, 120_000);
});
