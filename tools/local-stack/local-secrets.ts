import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * A secret that must stay the same across `npm start` runs: the master key
 * encrypts endpoint secrets already written to Kafka, and the admin token is
 * what the developer pasted into curl yesterday. Read from `file`, or
 * generated into it (owner-only) on first use.
 */
export function persistentSecret(file: string, generate: () => string): string {
  try {
    writeFileSync(file, `${generate()}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const value = readFileSync(file, 'utf8').trim();
  if (value === '') throw new Error(`${file} is empty; delete it to generate a new one`);
  return value;
}

/** 32 random bytes, base64: the AES-256 master key format HOOKLINE_MASTER_KEY expects. */
export const generateMasterKey = (): string => randomBytes(32).toString('base64');

/** `adm_` and 32 hex characters. */
export const generateAdminToken = (): string => `adm_${randomBytes(16).toString('hex')}`;
