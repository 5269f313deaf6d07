// Changes between consecutive snapshots, as stored by the diff and read by `idflow changes` and reports.
// "Who" comes from the snapshot's Directory Insights events: the latest event about the change's subject
// in the window between the two syncs.
import type { SqlExecutor } from './types.js';

export interface ChangeRecord {
  snapshotId: string;
  seq: number;
  kind: string;
  subjectType: string;
  subjectId: string;
  subjectName: string;
  detail: Record<string, unknown>;
  /** Who made it, when Directory Insights says. */
  actor: { email: string; type: string; eventType: string; at: string } | null;
}

interface Row {
  snapshot_id: string;
  seq: number;
  kind: string;
  subject_type: string;
  subject_id: string;
  subject_name: string;
  detail: string;
  actor_email: string | null;
  actor_type: string | null;
  event_type: string | null;
  at: number | null;
}

/** The latest event about `alias.subject_id` in the same snapshot (portable SQL: a correlated subquery). */
export function latestEventJoin(alias: string): string {
  return `LEFT JOIN events e ON e.snapshot_id = ${alias}.snapshot_id AND e.subject_id = ${alias}.subject_id
    AND e.id = (SELECT e2.id FROM events e2 WHERE e2.snapshot_id = ${alias}.snapshot_id
                AND e2.subject_id = ${alias}.subject_id ORDER BY e2.at DESC, e2.id DESC LIMIT 1)`;
}

export function actorOf(row: {
  actor_email: string | null;
  actor_type: string | null;
  event_type: string | null;
  at: number | null;
}): ChangeRecord['actor'] {
  if (row.actor_email === null || row.at === null) return null;
  return {
    email: row.actor_email,
    type: row.actor_type ?? '',
    eventType: row.event_type ?? '',
    at: new Date(row.at).toISOString(),
  };
}

export async function listChanges(
  db: SqlExecutor,
  snapshotIds: readonly string[],
  options: { kinds?: readonly string[]; limit?: number } = {},
): Promise<ChangeRecord[]> {
  if (snapshotIds.length === 0) return [];
  const params: (string | number)[] = [...snapshotIds];
  let kinds = '';
  if (options.kinds && options.kinds.length > 0) {
    kinds = ` AND c.kind IN (${options.kinds.map(() => '?').join(', ')})`;
    params.push(...options.kinds);
  }
  params.push(options.limit ?? 1_000_000);
  const rows = await db.all<Row>(
    `SELECT c.snapshot_id, c.seq, c.kind, c.subject_type, c.subject_id, c.subject_name, c.detail,
            e.actor_email, e.actor_type, e.event_type, e.at
     FROM changes c ${latestEventJoin('c')}
     WHERE c.snapshot_id IN (${snapshotIds.map(() => '?').join(', ')})${kinds}
     ORDER BY c.snapshot_id, c.seq LIMIT ?`,
    params,
  );
  return rows.map((r) => ({
    snapshotId: r.snapshot_id,
    seq: r.seq,
    kind: r.kind,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    subjectName: r.subject_name,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    actor: actorOf(r),
  }));
}

export async function countChanges(db: SqlExecutor, snapshotId: string): Promise<Record<string, number>> {
  const rows = await db.all<{ kind: string; n: number }>(
    'SELECT kind, COUNT(*) AS n FROM changes WHERE snapshot_id = ? GROUP BY kind ORDER BY kind',
    [snapshotId],
  );
  return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
}
