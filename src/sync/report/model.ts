// What a report says about one sync: the snapshot and its counts, findings by rule (with evidence, who last
// changed the subject, and the run a finding started), and the changes since the previous sync. Built from
// the store alone; renderers (markdown.ts, html.ts) only format it.
import { listChanges, type ChangeRecord } from '../../store/changes.js';
import { listFindings, type FindingRecord } from '../../store/findings.js';
import { getSnapshot, latestComplete, type Snapshot, type SnapshotRule } from '../../store/snapshots.js';
import type { SqlExecutor } from '../../store/types.js';

export interface ReportRule extends SnapshotRule {
  remediation: string;
  /** Findings listed (all, unless the report was capped). */
  items: (FindingRecord & { run: string | null })[];
}

export interface Report {
  generatedAt: string;
  snapshot: Pick<Snapshot, 'id' | 'status' | 'previousId' | 'counts' | 'scope'> & {
    startedAt: string;
    finishedAt: string | null;
  };
  findings: { total: number; rules: ReportRule[] };
  changes: { total: number; counts: Record<string, number>; items: ChangeRecord[] };
  /** Set when a cap left rows out: the JSON format never caps. */
  truncated: boolean;
}

export class NoSnapshotError extends Error {
  constructor(readonly snapshotId?: string) {
    super(
      snapshotId ? `no snapshot ${snapshotId}` : 'no complete snapshot yet: run `idflow sync --now` first',
    );
    this.name = 'NoSnapshotError';
  }
}

export async function buildReport(
  db: SqlExecutor,
  options: { snapshotId?: string; maxRows?: number; now?: Date } = {},
): Promise<Report> {
  const snapshot = options.snapshotId ? await getSnapshot(db, options.snapshotId) : await latestComplete(db);
  if (!snapshot) throw new NoSnapshotError(options.snapshotId);
  const max = options.maxRows ?? Number.MAX_SAFE_INTEGER;
  let truncated = false;
  const runs = new Map(
    (
      await db.all<{ rule_id: string; subject_id: string; workflow_id: string }>(
        'SELECT rule_id, subject_id, workflow_id FROM finding_runs ORDER BY started_at',
      )
    ).map((r) => [`${r.rule_id}|${r.subject_id}`, r.workflow_id]),
  );
  const rules: ReportRule[] = [];
  for (const rule of snapshot.rules) {
    const items = await listFindings(db, snapshot.id, { ruleId: rule.id, limit: Math.min(max, 1_000_000) });
    if (rule.findings > items.length) truncated = true;
    rules.push({
      ...rule,
      remediation: items[0]?.remediation ?? '',
      items: items.map((f) => ({ ...f, run: runs.get(`${f.ruleId}|${f.subjectId}`) ?? null })),
    });
  }
  const changeCounts = Object.fromEntries(
    (
      await db.all<{ kind: string; n: number }>(
        'SELECT kind, COUNT(*) AS n FROM changes WHERE snapshot_id = ? GROUP BY kind ORDER BY kind',
        [snapshot.id],
      )
    ).map((r) => [r.kind, Number(r.n)]),
  );
  const changeTotal = Object.values(changeCounts).reduce((a, b) => a + b, 0);
  const changes = await listChanges(db, [snapshot.id], { limit: max });
  if (changes.length < changeTotal) truncated = true;
  return {
    generatedAt: (options.now ?? new Date()).toISOString(),
    snapshot: {
      id: snapshot.id,
      status: snapshot.status,
      previousId: snapshot.previousId,
      counts: snapshot.counts,
      scope: snapshot.scope,
      startedAt: new Date(snapshot.startedAt).toISOString(),
      finishedAt: snapshot.finishedAt === null ? null : new Date(snapshot.finishedAt).toISOString(),
    },
    findings: { total: rules.reduce((a, r) => a + r.findings, 0), rules },
    changes: { total: changeTotal, counts: changeCounts, items: changes },
    truncated,
  };
}

/** Evidence as short text: `key: value` pairs, lists joined, access paths in parentheses. */
export function describeEvidence(evidence: Record<string, unknown>): string {
  const value = (v: unknown): string => {
    if (v === null || v === undefined) return '—';
    if (Array.isArray(v)) {
      if (v.length === 0) return 'none';
      return v
        .map((item) => {
          if (typeof item === 'object' && item !== null && 'name' in item) {
            const i = item as { name: unknown; via?: unknown };
            return Array.isArray(i.via)
              ? `${String(i.name)} (${i.via.map(String).join('; ')})`
              : String(i.name);
          }
          return value(item);
        })
        .join(', ');
    }
    if (typeof v === 'object') return JSON.stringify(v);
    return text(v);
  };
  return Object.entries(evidence)
    .map(([k, v]) => `${k}: ${value(v)}`)
    .join('; ');
}

/** Any JSON value as short text ('' for none). */
function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** A change's detail as short text. */
export function describeChange(change: ChangeRecord): string {
  const d = change.detail;
  switch (change.kind) {
    case 'user.stateChanged':
      return `${text(d['from'])} → ${text(d['to'])}`;
    case 'user.moved':
      return Object.entries(d)
        .map(([field, v]) => {
          const fv = v as { from?: unknown; to?: unknown };
          return `${field}: ${text(fv.from) || '—'} → ${text(fv.to) || '—'}`;
        })
        .join('; ');
    case 'group.memberAdded':
    case 'group.memberRemoved':
      return `group ${text((d['group'] as { name?: unknown } | undefined)?.name)}`;
    case 'deviceGroup.memberAdded':
    case 'deviceGroup.memberRemoved':
      return `device group ${text((d['group'] as { name?: unknown } | undefined)?.name)}`;
    default:
      return describeEvidence(d);
  }
}
