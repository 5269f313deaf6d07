// The store in PostgreSQL (node-postgres), for deployments with several workers or a database the team
// already runs. Statements arrive with `?` placeholders and are numbered here; BIGINT columns (times,
// counts) are parsed to numbers, which holds for epoch milliseconds and row counts.
import pg from 'pg';
import { conflictClause } from './schema.js';
import type { OnConflict, SqlDatabase, SqlExecutor, SqlValue } from './types.js';

const INT8_OID = 20;
/** PostgreSQL takes at most 65535 parameters per statement. */
const MAX_PARAMS = 60_000;

const parseInt8 = (value: string): number => Number(value);
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === INT8_OID
      ? parseInt8
      : (pg.types.getTypeParser(oid, format ?? 'text') as unknown)) as typeof pg.types.getTypeParser,
};

/** `?` → `$1, $2, …` (our statements never carry a literal question mark). */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

interface Queryable {
  query(text: string, values?: unknown[]): Promise<pg.QueryResult>;
}

class PgExecutor implements SqlExecutor {
  constructor(private readonly target: Queryable) {}

  async run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    const result = await this.target.query(numberPlaceholders(sql), [...params]);
    return { changes: result.rowCount ?? 0 };
  }

  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return (await this.target.query(numberPlaceholders(sql), [...params])).rows as T[];
  }

  async get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async insertMany(
    table: string,
    columns: readonly string[],
    rows: readonly SqlValue[][],
    onConflict: OnConflict,
  ): Promise<void> {
    const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
    const tail = ` ${conflictClause(table, columns, onConflict)}`;
    for (let i = 0; i < rows.length; i += perStatement) {
      const chunk = rows.slice(i, i + perStatement);
      let n = 0;
      const values = chunk.map(() => `(${columns.map(() => `$${++n}`).join(', ')})`).join(', ');
      await this.target.query(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}${tail}`,
        chunk.flat(),
      );
    }
  }
}

class PgDatabase extends PgExecutor implements SqlDatabase {
  readonly dialect = 'postgres' as const;

  constructor(
    readonly description: string,
    private readonly pool: pg.Pool,
  ) {
    super(pool);
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(new PgExecutor(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/** A pool on a `postgres://user:pass@host:port/db` URL. Connects lazily; the first query proves it. */
export function openPostgres(url: string, options: { max?: number } = {}): SqlDatabase {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 8, types });
  // An idle client losing its server (a restart) must not crash the worker; the next query reconnects.
  pool.on('error', () => undefined);
  const safe = new URL(url);
  if (safe.password) safe.password = '***';
  return new PgDatabase(safe.toString(), pool);
}
