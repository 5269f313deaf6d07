// Where each resource's paging stands within a snapshot. Written in the same transaction as the page of
// rows it describes, so after a crash the cursor never claims a page that was not stored, and a retried
// activity continues from the page after the last one committed.
import type { SqlExecutor } from './types.js';

export interface ResourceCursor<C> {
  /** Resource-specific position (e.g. `{skip}` or `{afterParent, skip}`); undefined before the first page. */
  position: C | undefined;
  done: boolean;
  /** Items stored so far. */
  items: number;
}

export async function readCursor<C>(
  db: SqlExecutor,
  snapshotId: string,
  resource: string,
): Promise<ResourceCursor<C>> {
  const row = await db.get<{ cursor: string; done: number; items: number }>(
    'SELECT cursor, done, items FROM sync_cursors WHERE snapshot_id = ? AND resource = ?',
    [snapshotId, resource],
  );
  if (!row) return { position: undefined, done: false, items: 0 };
  return {
    position: (JSON.parse(row.cursor) as C | null) ?? undefined,
    done: row.done === 1,
    items: row.items,
  };
}

export async function writeCursor<C>(
  db: SqlExecutor,
  snapshotId: string,
  resource: string,
  cursor: ResourceCursor<C>,
): Promise<void> {
  await db.insertMany(
    'sync_cursors',
    ['snapshot_id', 'resource', 'cursor', 'done', 'items'],
    [[snapshotId, resource, JSON.stringify(cursor.position ?? null), cursor.done ? 1 : 0, cursor.items]],
    'replace',
  );
}

/** Every resource's cursor in a snapshot: progress for `idflow sync` and the tests. */
export async function listCursors(
  db: SqlExecutor,
  snapshotId: string,
): Promise<{ resource: string; done: boolean; items: number }[]> {
  const rows = await db.all<{ resource: string; done: number; items: number }>(
    'SELECT resource, done, items FROM sync_cursors WHERE snapshot_id = ? ORDER BY resource',
    [snapshotId],
  );
  return rows.map((r) => ({ resource: r.resource, done: r.done === 1, items: r.items }));
}
