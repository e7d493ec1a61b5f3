import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A migration's statements, each run in order (TypeORM runs each migration in its own transaction). */
export interface SqlSteps {
  readonly up: readonly string[];
  /** Empty for a migration that cannot be undone (say why beside it). */
  readonly down: readonly string[];
}

/**
 * Every Hookline migration is SQL (STYLE.md): a name, the statements up and
 * the statements down. This makes the class TypeORM expects from them, named
 * after the migration (TypeORM reads the timestamp from the name's end), so a
 * migration file holds its SQL and nothing else.
 */
export function sqlMigration(name: string, steps: SqlSteps): new () => MigrationInterface {
  const run = async (db: QueryRunner, statements: readonly string[]) => {
    for (const statement of statements) await db.query(statement);
  };
  // A computed key gives the class the migration's own name (stack traces, TypeORM's fallback to constructor.name).
  const named = {
    [name]: class implements MigrationInterface {
      readonly name = name;
      up(db: QueryRunner): Promise<void> {
        return run(db, steps.up);
      }
      down(db: QueryRunner): Promise<void> {
        return run(db, steps.down);
      }
    },
  };
  return named[name] as new () => MigrationInterface;
}
