// Starts the playbook a rule names, once per finding. The run's key is rendered from the rule's key
// template (by default `<rule>:<subject id>`), and an explicit key makes the run's workflow id name one
// run forever (src/client/runs.ts): a finding seen by every sync for a month starts one run. The
// `finding_runs` table remembers what was started, so later syncs skip the Temporal round trip, and the
// report can show the run a finding started.
import type { Client } from '@temporalio/client';
import { heartbeat } from '../activityContext.js';
import { InvalidInputsError, startRun, type SubjectPseudonyms } from '../../client/runs.js';
import type { Plan } from '../../dsl/plan.js';
import { listFindings } from '../../store/findings.js';
import { getSnapshot } from '../../store/snapshots.js';
import type { SqlDatabase } from '../../store/types.js';
import type { CompiledRule } from '../../sync/compliance/types.js';
import { toText } from '../../expr/values.js';
import { findingScope, renderTemplate } from '../../sync/templates.js';
import type { StartPlaybooksOutput } from '../../sync/types.js';

const PAGE = 500;

export interface StartPlaybooksDeps {
  db: SqlDatabase;
  temporal: Client;
  now: () => number;
  /** Told about a finding whose run could not be started (bad inputs): the sync goes on. */
  warn: (message: string) => void;
  /** With payload encryption: subjects appear as pseudonyms in run ids and search attributes. */
  subjects?: SubjectPseudonyms;
}

export async function startPlaybooksForFindings(
  deps: StartPlaybooksDeps,
  input: { snapshotId: string; rules: CompiledRule[]; playbooks: Record<string, Plan>; taskQueue: string },
): Promise<StartPlaybooksOutput> {
  const out: StartPlaybooksOutput = { started: 0, existing: 0, failed: 0 };
  const snapshot = await getSnapshot(deps.db, input.snapshotId);
  if (!snapshot) throw new Error(`no snapshot ${input.snapshotId}`);
  for (const rule of input.rules) {
    if (!rule.playbook) continue;
    const plan = input.playbooks[rule.playbook.name];
    if (!plan) throw new Error(`rule ${rule.id}: playbook ${rule.playbook.name} is not in the sync's input`);
    let after: [string, string] | undefined;
    for (;;) {
      const page = await listFindings(deps.db, input.snapshotId, {
        ruleId: rule.id,
        limit: PAGE,
        ...(after ? { after } : {}),
      });
      for (const finding of page) {
        const scope = findingScope(rule, finding, snapshot);
        let key: string;
        let inputs: Record<string, unknown>;
        try {
          key = toText(renderTemplate(rule.playbook.key, scope));
          inputs = Object.fromEntries(
            Object.entries(rule.playbook.inputs).map(([k, v]) => [k, renderTemplate(v, scope)]),
          );
        } catch (err) {
          out.failed += 1;
          deps.warn(
            `rule ${rule.id}, ${finding.subjectName}: ${err instanceof Error ? err.message : String(err)}`,
          );
          continue;
        }
        const known = await deps.db.get<{ workflow_id: string }>(
          'SELECT workflow_id FROM finding_runs WHERE rule_id = ? AND run_key = ?',
          [rule.id, key],
        );
        if (known) {
          out.existing += 1;
          continue;
        }
        try {
          const run = await startRun(deps.temporal, {
            plan,
            inputs,
            trigger: { kind: 'finding', source: rule.id },
            key,
            taskQueue: input.taskQueue,
            ...(deps.subjects ? { subjects: deps.subjects } : {}),
          });
          if (run.started) out.started += 1;
          else out.existing += 1;
          await deps.db.insertMany(
            'finding_runs',
            ['rule_id', 'run_key', 'subject_id', 'workflow_id', 'first_snapshot_id', 'started_at'],
            [[rule.id, key, finding.subjectId, run.workflowId, input.snapshotId, deps.now()]],
            'ignore',
          );
        } catch (err) {
          if (!(err instanceof InvalidInputsError)) throw err;
          out.failed += 1;
          deps.warn(`rule ${rule.id}, ${finding.subjectName}: ${err.message}`);
        }
        heartbeat({ rule: rule.id, ...out });
      }
      const last = page[page.length - 1];
      if (!last || page.length < PAGE) break;
      after = [last.ruleId, last.subjectId];
    }
  }
  return out;
}
