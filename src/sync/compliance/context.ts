// What every check gets, and the keyset paging the big ones use to stay memory-bounded.
import type { SqlExecutor, SqlValue } from '../../store/types.js';
import type { Finding } from './types.js';

export interface CheckContext {
  db: SqlExecutor;
  snapshotId: string;
  /** The snapshot's time: findings are as of when the directory was read, not when they are evaluated. */
  asOf: number;
}

/** Findings in chunks (a check over 50k users never holds them all). */
export type Findings = AsyncGenerator<Finding[], void, undefined>;

export const CHUNK = 2_000;

/**
 * Pages `SELECT … WHERE <where> AND <idColumn> > ? ORDER BY <idColumn> LIMIT ?` and yields each chunk
 * mapped through `map` (which may drop rows, or look things up for the chunk).
 */
export async function* keyset<R extends Record<string, unknown>>(
  db: SqlExecutor,
  sql: { select: string; where: string; params: SqlValue[]; idColumn: string },
  map: (rows: R[]) => Promise<Finding[]> | Finding[],
): Findings {
  let after = '';
  for (;;) {
    const rows = await db.all<R>(
      `${sql.select} WHERE ${sql.where} AND ${sql.idColumn} > ? ORDER BY ${sql.idColumn} LIMIT ?`,
      [...sql.params, after, CHUNK],
    );
    const findings = await map(rows);
    if (findings.length > 0) yield findings;
    const last = rows[rows.length - 1];
    if (!last || rows.length < CHUNK) return;
    after = String(last[sql.idColumn.split('.').pop() ?? 'id']);
  }
}

/** id → name of the snapshot's user groups, device groups, devices or applications (all small tables but devices). */
export async function namesOf(
  db: SqlExecutor,
  snapshotId: string,
  table: 'user_groups' | 'system_groups' | 'applications',
): Promise<Map<string, string>> {
  const column = table === 'applications' ? 'display_label' : 'name';
  const rows = await db.all<{ id: string; name: string }>(
    `SELECT id, ${column} AS name FROM ${table} WHERE snapshot_id = ?`,
    [snapshotId],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
