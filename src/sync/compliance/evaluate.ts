// Runs compiled rules over a snapshot and stores their findings. Each rule's findings are replaced in one
// transaction, so a retried evaluation writes the same set, and a finding's key (rule, subject) makes it
// the same finding from one sync to the next.
import type { SqlDatabase } from '../../store/types.js';
import type { CheckContext, Findings } from './context.js';
import {
  missingSoftware,
  osBelowFloor,
  policyFailing,
  stale,
  unencrypted,
  ungrouped,
} from './deviceChecks.js';
import type { CheckKind, CheckParams, CompiledRule } from './types.js';
import { criticalUnauthorised, inactiveWithAccess, mfaMissing } from './userChecks.js';

type CheckFn<K extends CheckKind> = (ctx: CheckContext, params: CheckParams[K]) => Findings;

const CHECKS: { [K in CheckKind]: CheckFn<K> } = {
  'user.mfaMissing': mfaMissing,
  'user.inactiveWithAccess': inactiveWithAccess,
  'access.criticalUnauthorised': criticalUnauthorised,
  'device.unencrypted': unencrypted,
  'device.osBelowFloor': osBelowFloor,
  'device.ungrouped': ungrouped,
  'device.stale': stale,
  'device.missingSoftware': missingSoftware,
  'device.policyFailing': policyFailing,
};

function run(ctx: CheckContext, rule: CompiledRule): Findings {
  // The union is correlated (rule.check picks rule.params' type); TypeScript cannot see that through an index.
  const check = CHECKS[rule.check] as CheckFn<typeof rule.check>;
  return check(ctx, rule.params);
}

const FINDING_COLUMNS = [
  'snapshot_id',
  'rule_id',
  'subject_type',
  'subject_id',
  'subject_name',
  'severity',
  'evidence',
  'remediation',
] as const;

/** Evaluates one rule and stores its findings; returns how many. */
export async function evaluateRule(
  db: SqlDatabase,
  snapshotId: string,
  asOf: number,
  rule: CompiledRule,
  onChunk: () => void = () => undefined,
): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.run('DELETE FROM findings WHERE snapshot_id = ? AND rule_id = ?', [snapshotId, rule.id]);
    let count = 0;
    for await (const chunk of run({ db: tx, snapshotId, asOf }, rule)) {
      await tx.insertMany(
        'findings',
        FINDING_COLUMNS,
        chunk.map((f) => [
          snapshotId,
          rule.id,
          f.subject.type,
          f.subject.id,
          f.subject.name,
          rule.severity,
          JSON.stringify(f.evidence),
          rule.remediation,
        ]),
        'replace',
      );
      count += chunk.length;
      onChunk();
    }
    return count;
  });
}
