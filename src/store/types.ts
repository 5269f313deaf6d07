// The SQL the snapshot store speaks, whichever database holds it. Statements use `?` placeholders and the
// subset of SQL that SQLite and PostgreSQL share (ON CONFLICT upserts, LIMIT, keyset paging), so every
// repository above this interface is written once. Booleans are stored as 0/1 integers and times as epoch
// milliseconds (BIGINT), which both databases compare and index the same way.

export type SqlValue = string | number | null;

export type Dialect = 'sqlite' | 'postgres';

/** How `insertMany` treats a row whose key is already there. */
export type OnConflict = 'ignore' | 'replace';

export interface SqlExecutor {
  /** Runs a statement; `changes` is the number of rows it touched. */
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /**
   * Inserts rows (values in `columns` order) into a table of {@link import('./schema.js').TABLES}, batched.
   * 'ignore' keeps the row already there (re-inserting a page after a retry is a no-op); 'replace'
   * overwrites its non-key columns.
   */
  insertMany(
    table: string,
    columns: readonly string[],
    rows: readonly SqlValue[][],
    onConflict: OnConflict,
  ): Promise<void>;
}

export interface SqlDatabase extends SqlExecutor {
  readonly dialect: Dialect;
  /** A description safe to print (no password). */
  readonly description: string;
  /**
   * Runs `fn` in one transaction: everything it wrote is committed together or not at all. This is what
   * makes a page of rows and the cursor that says "this page is stored" agree after a crash.
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
