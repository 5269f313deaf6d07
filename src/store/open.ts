// Opens the snapshot store named by a location and brings its schema up to date.
import { parseStoreLocation, type StoreLocation } from './config.js';
import { migrate } from './migrate.js';
import { openPostgres } from './postgres.js';
import { openSqlite } from './sqlite.js';
import type { SqlDatabase } from './types.js';

export async function openStore(location: string | StoreLocation): Promise<SqlDatabase> {
  const where = typeof location === 'string' ? parseStoreLocation(location) : location;
  const db = where.kind === 'sqlite' ? openSqlite(where.path) : openPostgres(where.url);
  try {
    await migrate(db);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
  return db;
}
