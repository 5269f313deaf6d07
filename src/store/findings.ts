// Findings as stored by the compliance evaluation and read by reports, `idflow report` and the activity
// that starts playbooks; with "who last changed this subject" from the snapshot's Directory Insights events.
import { actorOf, latestEventJoin, type ChangeRecord } from './changes.js';
import type { SqlExecutor } from './types.js';

export interface FindingRecord {
  snapshotId: string;
  ruleId: string;
  subjectType: string;
  subjectId: string;
  subjectName: string;
  severity: string;
  evidence: Record<string, unknown>;
  remediation: string;
  actor: ChangeRecord['actor'];
}

interface Row {
  snapshot_id: string;
  rule_id: string;
  subject_type: string;
  subject_id: string;
  subject_name: string;
  severity: string;
  evidence: string;
  remediation: string;
  actor_email: string | null;
  actor_type: string | null;
  event_type: string | null;
  at: number | null;
}

const toRecord = (r: Row): FindingRecord => ({
  snapshotId: r.snapshot_id,
  ruleId: r.rule_id,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  subjectName: r.subject_name,
  severity: r.severity,
  evidence: JSON.parse(r.evidence) as Record<string, unknown>,
  remediation: r.remediation,
  actor: actorOf(r),
});

/**
 * A snapshot's findings in (rule, subject) order, a page at a time: `after` is the last (ruleId, subjectId)
 * of the previous page.
 */
export async function listFindings(
  db: SqlExecutor,
  snapshotId: string,
  options: { ruleId?: string; after?: [string, string]; limit?: number } = {},
): Promise<FindingRecord[]> {
  const [rule, subject] = options.after ?? ['', ''];
  const params: (string | number)[] = [snapshotId, rule, subject];
  let ruleFilter = '';
  if (options.ruleId !== undefined) {
    ruleFilter = ' AND f.rule_id = ?';
    params.push(options.ruleId);
  }
  params.push(options.limit ?? 1_000_000);
  const rows = await db.all<Row>(
    `SELECT f.snapshot_id, f.rule_id, f.subject_type, f.subject_id, f.subject_name, f.severity, f.evidence, f.remediation,
            e.actor_email, e.actor_type, e.event_type, e.at
     FROM findings f ${latestEventJoin('f')}
     WHERE f.snapshot_id = ? AND (f.rule_id, f.subject_id) > (?, ?)${ruleFilter}
     ORDER BY f.rule_id, f.subject_id LIMIT ?`,
    params,
  );
  return rows.map(toRecord);
}

export async function countFindings(db: SqlExecutor, snapshotId: string): Promise<Record<string, number>> {
  const rows = await db.all<{ rule_id: string; n: number }>(
    'SELECT rule_id, COUNT(*) AS n FROM findings WHERE snapshot_id = ? GROUP BY rule_id ORDER BY rule_id',
    [snapshotId],
  );
  return Object.fromEntries(rows.map((r) => [r.rule_id, Number(r.n)]));
}
