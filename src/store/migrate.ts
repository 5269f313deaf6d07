// Brings a database to the newest schema: each migration runs once, in order, inside a transaction with its
// version row, so a crash half-way leaves the previous version intact. A database newer than this code is
// refused rather than written with the wrong idea of its tables.
import { MIGRATIONS, SCHEMA_VERSION } from './schema.js';
import type { SqlDatabase } from './types.js';

export class SchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `snapshot store schema is version ${found}, newer than this idflow knows (${known}): upgrade idflow`,
    );
    this.name = 'SchemaTooNewError';
  }
}

/** Applies the missing migrations; returns the versions applied (empty when up to date). */
export async function migrate(db: SqlDatabase, now: () => number = Date.now): Promise<number[]> {
  await db.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
  );
  const row = await db.get<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
  const current = row?.v ?? 0;
  if (current > SCHEMA_VERSION) throw new SchemaTooNewError(current, SCHEMA_VERSION);
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    await db.transaction(async (tx) => {
      // Two workers starting together: the second waits for the first (SQLite's write lock; an advisory
      // lock in PostgreSQL, whose DDL does not wait by itself), then finds the version row and skips.
      if (db.dialect === 'postgres') await tx.get('SELECT pg_advisory_xact_lock(7341011) AS locked');
      const done = await tx.get('SELECT version FROM schema_migrations WHERE version = ?', [
        migration.version,
      ]);
      if (done) return;
      for (const statement of migration.statements) await tx.run(statement);
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        migration.version,
        migration.name,
        now(),
      ]);
      applied.push(migration.version);
    });
  }
  return applied;
}

export async function schemaVersion(db: SqlDatabase): Promise<number> {
  const row = await db.get<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
  return row?.v ?? 0;
}
