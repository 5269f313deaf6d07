// The default store: one SQLite file through better-sqlite3 (synchronous, in-process, no server to run).
// WAL mode lets `idflow report` and `idflow changes` read while a worker writes; NORMAL synchronous is
// durable across process crashes (a killed worker loses nothing committed), which is the failure the sync
// is built to survive; only a power loss may roll back the last transactions, and those pages are re-read.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database, { type Database as Db, type Statement } from 'better-sqlite3';
import { Mutex } from './mutex.js';
import { conflictClause } from './schema.js';
import type { OnConflict, SqlDatabase, SqlExecutor, SqlValue } from './types.js';

/** Rows per INSERT statement: SQLite allows 32766 parameters; a few hundred rows amortise the call well. */
const MAX_PARAMS = 30_000;

class SqliteExecutor implements SqlExecutor {
  readonly #statements = new Map<string, Statement>();

  constructor(readonly db: Db) {}

  prepare(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    return Promise.resolve({ changes: this.prepare(sql).run(...params).changes });
  }

  all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return Promise.resolve(this.prepare(sql).all(...params) as T[]);
  }

  get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return Promise.resolve(this.prepare(sql).get(...params) as T | undefined);
  }

  insertMany(
    table: string,
    columns: readonly string[],
    rows: readonly SqlValue[][],
    onConflict: OnConflict,
  ): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
    const one = `(${columns.map(() => '?').join(', ')})`;
    const head = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
    const tail = ` ${conflictClause(table, columns, onConflict)}`;
    for (let i = 0; i < rows.length; i += perStatement) {
      const chunk = rows.slice(i, i + perStatement);
      const statement = this.prepare(head + Array.from(chunk, () => one).join(', ') + tail);
      statement.run(...chunk.flat());
    }
    return Promise.resolve();
  }
}

class SqliteDatabase implements SqlDatabase {
  readonly dialect = 'sqlite' as const;
  readonly #executor: SqliteExecutor;
  readonly #mutex = new Mutex();
  #closed = false;

  constructor(
    readonly description: string,
    db: Db,
  ) {
    this.#executor = new SqliteExecutor(db);
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
    return this.#mutex.run(() => this.#executor.run(sql, params));
  }

  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.#mutex.run(() => this.#executor.all<T>(sql, params));
  }

  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.#mutex.run(() => this.#executor.get<T>(sql, params));
  }

  insertMany(
    table: string,
    columns: readonly string[],
    rows: readonly SqlValue[][],
    onConflict: OnConflict,
  ): Promise<void> {
    return this.#mutex.run(() => this.#executor.insertMany(table, columns, rows, onConflict));
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.#mutex.run(async () => {
      const db = this.#executor.db;
      // IMMEDIATE takes the write lock now, so a reader process never makes us fail half-way.
      db.prepare('BEGIN IMMEDIATE').run();
      try {
        const result = await fn(this.#executor);
        db.prepare('COMMIT').run();
        return result;
      } catch (err) {
        if (db.inTransaction) db.prepare('ROLLBACK').run();
        throw err;
      }
    });
  }

  close(): Promise<void> {
    return this.#mutex.run(() => {
      if (this.#closed) return;
      this.#closed = true;
      this.#executor.db.close();
    });
  }
}

/** Opens (creating the file and its folder) a SQLite database; `:memory:` for a throwaway one. */
export function openSqlite(path: string): SqlDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Another process (the CLI, a second worker) holding the write lock: wait, don't fail.
  db.pragma('busy_timeout = 10000');
  db.pragma('foreign_keys = OFF');
  return new SqliteDatabase(`sqlite:${path}`, db);
}
