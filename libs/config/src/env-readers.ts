import { parseDuration, parseDurationList } from './duration';

/** Reads one setting from the environment; throws a message (without the name) when it is invalid. */
export type EnvReader<T> = (env: NodeJS.ProcessEnv) => T;

export class ConfigProblem extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

function raw(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function required<T>(name: string, fallback: T | undefined, value: string | undefined, parse: (v: string) => T): T {
  if (value === undefined) {
    if (fallback === undefined) throw new ConfigProblem(name, 'is required');
    return fallback;
  }
  try {
    return parse(value);
  } catch (error) {
    throw new ConfigProblem(name, error instanceof Error ? error.message : String(error));
  }
}

export const envString =
  (name: string, fallback?: string): EnvReader<string> =>
  (env) =>
    required(name, fallback, raw(env, name), (v) => v);

export const envOptionalString =
  (name: string): EnvReader<string | null> =>
  (env) =>
    raw(env, name) ?? null;

export const envInt =
  (name: string, fallback: number | undefined, range: { min?: number; max?: number } = {}): EnvReader<number> =>
  (env) =>
    required(name, fallback, raw(env, name), (v) => {
      const n = Number(v);
      if (!Number.isInteger(n)) throw new Error(`"${v}" is not a whole number`);
      if (range.min !== undefined && n < range.min) throw new Error(`must be at least ${range.min}`);
      if (range.max !== undefined && n > range.max) throw new Error(`must be at most ${range.max}`);
      return n;
    });

export const envBool =
  (name: string, fallback: boolean): EnvReader<boolean> =>
  (env) =>
    required(name, fallback, raw(env, name), (v) => {
      if (['true', '1', 'yes'].includes(v.toLowerCase())) return true;
      if (['false', '0', 'no'].includes(v.toLowerCase())) return false;
      throw new Error(`"${v}" is not true or false`);
    });

export const envList =
  (name: string, fallback?: string[]): EnvReader<string[]> =>
  (env) =>
    required(name, fallback, raw(env, name), (v) => {
      const items = v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      if (items.length === 0) throw new Error('must list at least one value');
      return items;
    });

export const envDuration =
  (name: string, fallback?: string): EnvReader<number> =>
  (env) =>
    required(name, fallback === undefined ? undefined : parseDuration(fallback), raw(env, name), parseDuration);

export const envDurationList =
  (name: string, fallback?: string): EnvReader<number[]> =>
  (env) =>
    required(name, fallback === undefined ? undefined : parseDurationList(fallback), raw(env, name), parseDurationList);
