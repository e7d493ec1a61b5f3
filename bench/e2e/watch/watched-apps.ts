import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { APP_NAMES, type AppName } from '../../../tools/local-stack/app-processes';

/** `--watch`: every app of the main engine runs with service-watch.js preloaded, one file per app. */
export interface WatchedApps {
  readonly dir: string;
  /** The environment an app adds for its watch (merged with --profile's NODE_OPTIONS by `appEnvironments`). */
  envOf(app: AppName): Record<string, string>;
  /** Writes one of the bench's own lines into every app's file, so its samples line up with the steps. */
  mark(line: string): void;
}

export function watchApps(resultsDir: string, compiledDir: string, startedAt: Date): WatchedApps {
  const dir = join(resultsDir, 'watch', startedAt.toISOString().replace(/[:.]/g, '-'));
  mkdirSync(dir, { recursive: true });
  const fileOf = (app: AppName) => join(dir, `${app}.log`);
  const preload = join(compiledDir, 'service-watch.js');
  return {
    dir,
    envOf: (app) => ({ NODE_OPTIONS: `--require ${preload}`, HOOKLINE_WATCH_FILE: fileOf(app) }),
    mark: (line) => {
      for (const app of APP_NAMES) appendFileSync(fileOf(app), `${new Date().toISOString()} [bench] ${line}\n`);
    },
  };
}

/** Each app's added environment: NODE_OPTIONS from every source joined, the rest merged. */
export function appEnvironments(
  apps: readonly AppName[],
  sources: ReadonlyArray<(app: AppName) => Record<string, string> | undefined>,
): Partial<Record<AppName, Record<string, string>>> {
  const result: Partial<Record<AppName, Record<string, string>>> = {};
  for (const app of apps) {
    const parts = sources.map((source) => source(app)).filter((env): env is Record<string, string> => env !== undefined);
    if (parts.length === 0) continue;
    const nodeOptions = parts.map((env) => env.NODE_OPTIONS).filter((options) => options !== undefined && options !== '');
    result[app] = Object.assign({}, ...parts, nodeOptions.length === 0 ? {} : { NODE_OPTIONS: nodeOptions.join(' ') });
  }
  return result;
}
