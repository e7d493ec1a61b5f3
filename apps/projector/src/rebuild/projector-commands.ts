import { stopTelemetry } from '@hookline/telemetry';
import type { ProjectorConfig } from '../projector.config';
import { describeDifferences, runRebuild } from './rebuild.command';

const USAGE = `usage: npm run projector -- [rebuild | check]
  (none)   run the projector
  rebuild  replay both topics from offset 0 into fresh tables, compare, and swap them in
  check    the same replay and comparison, without the swap; exits 1 on any difference`;

/** Exit codes: 0 done (check: equal), 1 check found differences, 2 usage, 3 failed. */
export async function runProjectorCommand(command: string, config: ProjectorConfig): Promise<void> {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  if (command !== 'rebuild' && command !== 'check') {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  let code = 3;
  try {
    const outcome = await runRebuild(config, { swap: command === 'rebuild', log });
    describeDifferences(outcome.differences).forEach(log);
    if (outcome.swapped) log(`swapped ${outcome.tables.length} rebuilt tables in; the old ones are in schema hookline_retired`);
    code = command === 'check' && outcome.differences.length > 0 ? 1 : 0;
  } catch (error) {
    process.stderr.write(`${command} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  await stopTelemetry();
  process.exit(code);
}
