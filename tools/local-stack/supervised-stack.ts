import { APP_NAMES, supervisedApp, type AppName } from './app-processes';
import { startInfrastructure, type Infrastructure, type InfrastructureOptions } from './infrastructure';
import type { RestartPolicy } from './restart-policy';
import { Supervisor, type SupervisorOptions } from './supervisor';

export interface SupervisedStackOptions {
  readonly infrastructure: InfrastructureOptions;
  readonly appPorts: Readonly<Record<AppName, number>>;
  /** The apps' environment; KAFKA_BROKERS and DATABASE_URL are set by the stack. */
  readonly appEnv: NodeJS.ProcessEnv;
  readonly appReadyTimeoutMs?: number;
  /** Longer than the longest endpoint timeout (30 s), so an in-flight delivery can finish. */
  readonly appStopGraceMs?: number;
  readonly policy?: RestartPolicy;
  /** See SupervisorOptions.onExit. */
  readonly onExit?: SupervisorOptions['onExit'];
  /** Stops whatever has started and rejects the start (a Ctrl-C during start-up). */
  readonly abort?: AbortSignal;
}

export interface SupervisedStack {
  readonly brokers: string[];
  readonly databaseUrl: string;
  readonly appUrls: Readonly<Record<AppName, string>>;
  readonly infrastructure: Infrastructure;
  readonly supervisor: Supervisor;
  /** Apps first (they drain into Kafka and Postgres), then the broker and Postgres. */
  stop(): Promise<void>;
}

/** The order of a clean stop; the names are those of the supervised processes. */
export const STOP_ORDER: readonly (readonly string[])[] = [APP_NAMES, ['kafka', 'postgres']];

/**
 * The whole engine under one supervisor: the broker and Postgres (unless
 * external), migrated and provisioned, then the four apps. From then on any of
 * them that exits is restarted with backoff (restart-policy.ts) on the same
 * ports and data dirs, until stop(). `npm start` and the fault suite run this.
 */
export async function startSupervisedStack(options: SupervisedStackOptions): Promise<SupervisedStack> {
  const { log } = options.infrastructure;
  const infrastructure = await startInfrastructure({ ...options.infrastructure, abort: options.abort });
  const supervisor = new Supervisor({ log, policy: options.policy, onExit: options.onExit });
  const stop = async (): Promise<void> => {
    await supervisor.stop(STOP_ORDER);
    await infrastructure.stop();
  };
  if (options.abort?.aborted) {
    await stop();
    throw new Error('stopped during start-up');
  }
  for (const server of infrastructure.servers) {
    if (server.current !== undefined) supervisor.adopt(server, server.current);
  }
  const onAbort = (): void => void supervisor.stop(STOP_ORDER);
  options.abort?.addEventListener('abort', onAbort, { once: true });

  const env: NodeJS.ProcessEnv = {
    ...options.appEnv,
    KAFKA_BROKERS: infrastructure.brokers.join(','),
    DATABASE_URL: infrastructure.databaseUrl,
  };
  const started = await Promise.allSettled(
    APP_NAMES.map((name) =>
      supervisor.start(
        supervisedApp({
          root: options.infrastructure.root,
          name,
          port: options.appPorts[name],
          env,
          readyTimeoutMs: options.appReadyTimeoutMs ?? 120_000,
          stopGraceMs: options.appStopGraceMs ?? 40_000,
        }),
      ),
    ),
  );
  options.abort?.removeEventListener('abort', onAbort);
  const failed = started.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed.length > 0 || options.abort?.aborted) {
    await stop();
    throw failed[0]?.reason ?? new Error('stopped during start-up');
  }
  const appUrls = Object.fromEntries(APP_NAMES.map((name) => [name, `http://127.0.0.1:${options.appPorts[name]}`])) as Record<AppName, string>;
  return { brokers: infrastructure.brokers, databaseUrl: infrastructure.databaseUrl, appUrls, infrastructure, supervisor, stop };
}
