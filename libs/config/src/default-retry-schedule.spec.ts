import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_RETRY_DELAYS_MS, DEFAULT_RETRY_SCHEDULE } from '@hookline/contracts';
import { parseDurationList } from './duration';
import { loadConfig } from './load-config';
import { retryScheduleSettings } from './shared-settings';

const ROOT = join(__dirname, '..', '..', '..');

/** The one line of `file` that `pattern` matches, its first group: the test fails if the line moved or went. */
function literalIn(file: string, pattern: RegExp): string {
  const match = pattern.exec(readFileSync(join(ROOT, file), 'utf8'));
  if (match?.[1] === undefined) throw new Error(`${file} no longer states the default retry schedule as ${pattern}`);
  return match[1];
}

describe('the default retry schedule', () => {
  it('is what HOOKLINE_RETRY_SCHEDULE means when unset, and is overridden when set', () => {
    expect(loadConfig(retryScheduleSettings, {}).retrySchedule).toEqual(DEFAULT_RETRY_DELAYS_MS);
    expect(loadConfig(retryScheduleSettings, { HOOKLINE_RETRY_SCHEDULE: '1s,2s' }).retrySchedule).toEqual([1_000, 2_000]);
  });

  it('reads back as the delays it was written from', () => {
    expect(parseDurationList(DEFAULT_RETRY_SCHEDULE)).toEqual(DEFAULT_RETRY_DELAYS_MS);
  });

  // The chart and the README cannot import the constant: they keep a literal, held to it here.
  it('is the Helm chart default', () => {
    expect(parseDurationList(literalIn('deploy/hookline/values.yaml', /^\s*retrySchedule:\s*"([^"]*)"/m))).toEqual(DEFAULT_RETRY_DELAYS_MS);
  });

  it('is the default the README documents', () => {
    expect(parseDurationList(literalIn('README.md', /^\| `HOOKLINE_RETRY_SCHEDULE` \| `([^`]*)`/m))).toEqual(DEFAULT_RETRY_DELAYS_MS);
  });
});
