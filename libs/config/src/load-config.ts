import { ConfigProblem, type EnvReader } from './env-readers';

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

export type ConfigSpec<T> = { readonly [K in keyof T]: EnvReader<T[K]> };

/**
 * Reads every setting once, reports every bad variable at once (not just the
 * first), and returns a frozen object so nothing changes config after boot.
 */
export function loadConfig<T>(spec: ConfigSpec<T>, env: NodeJS.ProcessEnv = process.env): Readonly<T> {
  const problems: string[] = [];
  const result = {} as T;
  for (const key of Object.keys(spec) as Array<keyof T>) {
    try {
      result[key] = spec[key](env);
    } catch (error) {
      if (!(error instanceof ConfigProblem)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(result);
}

/** Each spec's config as this process read it from its own environment (loadConfigOrExit). */
const loadedFromProcessEnv = new WeakMap<object, unknown>();

/**
 * For main.ts and the app's module: a bad variable stops the process with a
 * message naming it. Read from `process.env`, each spec is read and validated
 * once per process, so main.ts (ports, the transport's brokers) and the
 * module's config provider share one frozen object instead of reading twice.
 */
export function loadConfigOrExit<T>(spec: ConfigSpec<T>, env: NodeJS.ProcessEnv = process.env): Readonly<T> {
  const fromProcessEnv = env === process.env;
  if (fromProcessEnv && loadedFromProcessEnv.has(spec)) return loadedFromProcessEnv.get(spec) as Readonly<T>;
  try {
    const config = loadConfig(spec, env);
    if (fromProcessEnv) loadedFromProcessEnv.set(spec, config);
    return config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
}
