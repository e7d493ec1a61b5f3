import { databaseSettings, loadConfigOrExit } from '@hookline/config';
import { runMigrations } from './migrate';

/** `npm run migrate`. */
async function main(): Promise<void> {
  const config = loadConfigOrExit(databaseSettings);
  const applied = await runMigrations(config.databaseUrl);
  process.stdout.write(applied.length === 0 ? 'schema is up to date\n' : `applied: ${applied.join(', ')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`migration failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
