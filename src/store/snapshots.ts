// A snapshot's life: begun by the sync workflow (idempotently: a retried or resumed activity finds its own
// row), filled by the resource activities, completed with its counts, and eventually pruned. Only complete
// snapshots are compared, reported on and looked up: a half-synced directory would report every missing
// user as a leaver.
import { SNAPSHOT_TABLES } from './schema.js';
import type { SqlExecutor } from './types.js';

export type SnapshotStatus = 'running' | 'complete' | 'failed';

export interface Snapshot {
  id: string;
  workflowId: string;
  /** Epoch ms: when the sync began (the workflow's clock). Findings are evaluated as of this time. */
  startedAt: number;
  finishedAt: number | null;
  status: SnapshotStatus;
  scope: unknown;
  /** Items stored, per resource (and after completion, per table). */
  counts: Record<string, number>;
  /** The complete snapshot this one is compared with, if any. */
  previousId: string | null;
  /** The rules evaluated on it, with their findings count (what reports list, in order). */
  rules: SnapshotRule[];
}

export interface SnapshotRule {
  id: string;
  title: string;
  severity: string;
  description: string;
  check: string;
  findings: number;
}

interface SnapshotRow {
  id: string;
  workflow_id: string;
  started_at: number;
  finished_at: number | null;
  status: SnapshotStatus;
  scope: string;
  counts: string;
  previous_id: string | null;
  rules: string;
}

const COLUMNS = 'id, workflow_id, started_at, finished_at, status, scope, counts, previous_id, rules';

function fromRow(row: SnapshotRow): Snapshot {
  return {
    id: row.id,
    workflowId: row.workflow_id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    status: row.status,
    scope: JSON.parse(row.scope) as unknown,
    counts: JSON.parse(row.counts) as Record<string, number>,
    previousId: row.previous_id,
    rules: JSON.parse(row.rules) as SnapshotRule[],
  };
}

export async function getSnapshot(db: SqlExecutor, id: string): Promise<Snapshot | undefined> {
  const row = await db.get<SnapshotRow>(`SELECT ${COLUMNS} FROM snapshots WHERE id = ?`, [id]);
  return row && fromRow(row);
}

/** The newest complete snapshot (optionally: begun before `before`). */
export async function latestComplete(db: SqlExecutor, before?: number): Promise<Snapshot | undefined> {
  const row = await db.get<SnapshotRow>(
    `SELECT ${COLUMNS} FROM snapshots WHERE status = 'complete'${before === undefined ? '' : ' AND started_at < ?'}
     ORDER BY started_at DESC, id DESC LIMIT 1`,
    before === undefined ? [] : [before],
  );
  return row && fromRow(row);
}

export interface BeginSnapshot {
  id: string;
  workflowId: string;
  startedAt: number;
  scope: unknown;
}

/**
 * Creates the snapshot row, or returns the existing one with this id (a retried activity, a workflow that
 * continued as new). Its `previousId` is fixed at creation: the newest complete snapshot begun before it.
 */
export async function beginSnapshot(db: SqlExecutor, input: BeginSnapshot): Promise<Snapshot> {
  const existing = await getSnapshot(db, input.id);
  if (existing) return existing;
  const previous = await latestComplete(db, input.startedAt);
  await db.run(
    `INSERT INTO snapshots (${COLUMNS}) VALUES (?, ?, ?, NULL, 'running', ?, '{}', ?, '[]') ON CONFLICT (id) DO NOTHING`,
    [input.id, input.workflowId, input.startedAt, JSON.stringify(input.scope), previous?.id ?? null],
  );
  const created = await getSnapshot(db, input.id);
  if (!created) throw new Error(`store: snapshot ${input.id} vanished after insert`);
  return created;
}

export async function completeSnapshot(
  db: SqlExecutor,
  id: string,
  counts: Record<string, number>,
  finishedAt: number,
): Promise<void> {
  await db.run(`UPDATE snapshots SET status = 'complete', counts = ?, finished_at = ? WHERE id = ?`, [
    JSON.stringify(counts),
    finishedAt,
    id,
  ]);
}

export async function failSnapshot(db: SqlExecutor, id: string, finishedAt: number): Promise<void> {
  await db.run(
    `UPDATE snapshots SET status = 'failed', finished_at = ? WHERE id = ? AND status = 'running'`,
    [finishedAt, id],
  );
}

export async function listSnapshots(
  db: SqlExecutor,
  options: { since?: number; status?: SnapshotStatus; limit?: number } = {},
): Promise<Snapshot[]> {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (options.since !== undefined) {
    where.push('started_at >= ?');
    params.push(options.since);
  }
  if (options.status) {
    where.push('status = ?');
    params.push(options.status);
  }
  params.push(options.limit ?? 1000);
  const rows = await db.all<SnapshotRow>(
    `SELECT ${COLUMNS} FROM snapshots ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY started_at DESC, id DESC LIMIT ?`,
    params,
  );
  return rows.map(fromRow);
}

/**
 * Deletes the data of all but the newest `keep` complete snapshots (and of failed or abandoned ones older
 * than the oldest kept). Changes and findings go with their snapshot; `finding_runs` stays, since it is
 * the record of which runs findings started.
 */
export async function pruneSnapshots(db: SqlExecutor, keep: number): Promise<string[]> {
  const kept = await db.all<{ id: string; started_at: number }>(
    `SELECT id, started_at FROM snapshots WHERE status = 'complete' ORDER BY started_at DESC, id DESC LIMIT ?`,
    [keep],
  );
  const oldest = kept[kept.length - 1];
  if (!oldest || kept.length < keep) return [];
  const doomed = await db.all<{ id: string }>(
    `SELECT id FROM snapshots WHERE started_at < ? ORDER BY started_at`,
    [oldest.started_at],
  );
  for (const { id } of doomed) {
    for (const table of SNAPSHOT_TABLES) await db.run(`DELETE FROM ${table} WHERE snapshot_id = ?`, [id]);
    await db.run('DELETE FROM snapshots WHERE id = ?', [id]);
  }
  return doomed.map((d) => d.id);
}

export async function recordRules(db: SqlExecutor, id: string, rules: SnapshotRule[]): Promise<void> {
  await db.run('UPDATE snapshots SET rules = ? WHERE id = ?', [JSON.stringify(rules), id]);
}
