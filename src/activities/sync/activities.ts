// The directory sync's activities, built from the worker's clients (createSyncActivities(deps)). Each one
// is idempotent: the snapshot id names all of its work, so a retry (or a second worker picking it up after
// the first died) continues or repeats it without duplicating anything.
import { setMaxListeners } from 'node:events';
import { ApplicationFailure } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import type { SubjectPseudonyms } from '../../client/runs.js';
import { cancellationSignal, heartbeat } from '../activityContext.js';
import type { JumpCloudClient } from '../jumpcloud/client.js';
import { JumpCloudApiError } from '../jumpcloud/errors.js';
import { withActivityFailures } from '../jumpcloud/failures.js';
import { listCursors } from '../../store/cursors.js';
import {
  beginSnapshot,
  completeSnapshot,
  failSnapshot,
  getSnapshot,
  pruneSnapshots,
  recordRules,
} from '../../store/snapshots.js';
import type { SqlDatabase } from '../../store/types.js';
import { evaluateRule } from '../../sync/compliance/evaluate.js';
import { diffSnapshots } from '../../sync/diff.js';
import type { InsightsClient } from './insights/client.js';
import { syncEvents } from './insights/events.js';
import { startPlaybooksForFindings } from './playbooks.js';
import { limitedRequester, RateLimiter } from './rateLimit.js';
import { RESOURCES } from './resources.js';
import { syncFanOut, syncList } from './syncResource.js';
import type { SyncActivities } from '../../workflows/directorySync.js';
import type { RuleSummary } from '../../sync/types.js';

export interface SyncDeps {
  /** The snapshot store (IDFLOW_STORE). Without one, every sync activity fails at once, clearly. */
  store?: SqlDatabase | undefined;
  jumpcloud: JumpCloudClient;
  /** Directory Insights; without it, changes and findings carry no "who". */
  insights?: InsightsClient | undefined;
  /** Starts the playbooks findings name. */
  temporal?: Client | undefined;
  /** With payload encryption: how subjects appear in the ids and search attributes of those runs. */
  subjects?: SubjectPseudonyms | undefined;
  /** Parents (groups, devices) paged at once by one fan-out resource. @default 8 */
  concurrency?: number | undefined;
  /** Ceiling on the sync's JumpCloud requests per second for the worker; 0: none. @default 0 */
  requestsPerSecond?: number | undefined;
  /** Read-only worker (IDFLOW_READ_ONLY): findings start no playbooks (every write would be refused). */
  readOnly?: boolean | undefined;
  now?: (() => number) | undefined;
  warn?: ((message: string) => void) | undefined;
}

/** Tables counted into a complete snapshot's counts, with a finer split where one table holds several kinds. */
const COUNTS: readonly { name: string; sql: string }[] = [
  { name: 'users', sql: 'SELECT COUNT(*) AS n FROM users WHERE snapshot_id = ?' },
  { name: 'userGroups', sql: 'SELECT COUNT(*) AS n FROM user_groups WHERE snapshot_id = ?' },
  { name: 'userGroupMembers', sql: 'SELECT COUNT(*) AS n FROM user_group_members WHERE snapshot_id = ?' },
  { name: 'systems', sql: 'SELECT COUNT(*) AS n FROM systems WHERE snapshot_id = ?' },
  { name: 'systemGroups', sql: 'SELECT COUNT(*) AS n FROM system_groups WHERE snapshot_id = ?' },
  { name: 'systemGroupMembers', sql: 'SELECT COUNT(*) AS n FROM system_group_members WHERE snapshot_id = ?' },
  { name: 'associations', sql: 'SELECT COUNT(*) AS n FROM associations WHERE snapshot_id = ?' },
  { name: 'applications', sql: 'SELECT COUNT(*) AS n FROM applications WHERE snapshot_id = ?' },
  { name: 'policies', sql: 'SELECT COUNT(*) AS n FROM policies WHERE snapshot_id = ?' },
  { name: 'policyResults', sql: 'SELECT COUNT(*) AS n FROM policy_results WHERE snapshot_id = ?' },
  { name: 'software', sql: 'SELECT COUNT(*) AS n FROM software WHERE snapshot_id = ?' },
];

function need<T>(value: T | undefined, what: string, type: string): T {
  if (value === undefined) {
    throw ApplicationFailure.nonRetryable(`the worker has no ${what} configured`, type);
  }
  return value;
}

/** Directory Insights refused for this key or org (not enabled: 402; not an admin: 403). */
function insightsUnavailable(err: unknown): boolean {
  return err instanceof JumpCloudApiError && (err.status === 402 || err.status === 403);
}

export function createSyncActivities(deps: SyncDeps): SyncActivities {
  const now = deps.now ?? Date.now;
  const store = (): SqlDatabase => need(deps.store, 'snapshot store (IDFLOW_STORE)', 'IdflowNoStore');
  const limiter = new RateLimiter(deps.requestsPerSecond ?? 0);
  const warn = deps.warn ?? ((m: string) => console.warn(`[idflow sync] ${m}`));

  return {
    async 'idflow.sync.begin'(input) {
      const snapshot = await beginSnapshot(store(), {
        id: input.snapshotId,
        workflowId: input.workflowId,
        startedAt: input.startedAt,
        scope: input.scope,
      });
      const previous =
        snapshot.previousId === null ? undefined : await getSnapshot(store(), snapshot.previousId);
      return {
        snapshotId: snapshot.id,
        previousSnapshotId: snapshot.previousId,
        previousStartedAt: previous?.startedAt ?? null,
      };
    },

    async 'idflow.sync.resource'(input) {
      const db = store();
      const requester = limitedRequester(deps.jumpcloud, limiter);
      const spec = RESOURCES[input.resource];
      const signal = cancellationSignal();
      // Every request in flight (pages of parents, a prefetched page) listens on the one signal.
      if (signal) setMaxListeners(0, signal);
      const ctx = {
        db,
        requester,
        snapshotId: input.snapshotId,
        resource: input.resource,
        scope: input.scope,
        concurrency: deps.concurrency ?? 8,
        signal,
      };
      const items = await withActivityFailures(() =>
        spec.kind === 'list' ? syncList(ctx, spec) : syncFanOut(ctx, spec),
      );
      return { resource: input.resource, items, requests: requester.sent() };
    },

    async 'idflow.sync.complete'(input) {
      const db = store();
      const counts: Record<string, number> = {};
      for (const { name, sql } of COUNTS)
        counts[name] = Number((await db.get<{ n: number }>(sql, [input.snapshotId]))?.n ?? 0);
      for (const cursor of await listCursors(db, input.snapshotId)) {
        if (!cursor.done)
          throw ApplicationFailure.nonRetryable(
            `resource ${cursor.resource} is not complete`,
            'IdflowSyncIncomplete',
          );
      }
      await completeSnapshot(db, input.snapshotId, counts, input.finishedAt);
      const pruned = await pruneSnapshots(db, input.retain);
      return { counts, pruned };
    },

    async 'idflow.sync.fail'(input) {
      await failSnapshot(store(), input.snapshotId, now());
    },

    async 'idflow.sync.diff'(input) {
      return diffSnapshots(store(), input.snapshotId, input.previousSnapshotId, () =>
        heartbeat({ phase: 'diff' }),
      );
    },

    async 'idflow.sync.insights'(input) {
      const db = store();
      if (!deps.insights) return { events: 0, attributed: 0, available: false };
      const client = deps.insights;
      const events = await withActivityFailures(async () => {
        try {
          return await syncEvents({
            db,
            client,
            snapshotId: input.snapshotId,
            from: input.from,
            to: input.to,
            signal: cancellationSignal(),
          });
        } catch (err) {
          // Not enabled for the org (402) or not an admin key (403): the sync goes on without "who".
          if (insightsUnavailable(err)) return undefined;
          throw err;
        }
      });
      if (events === undefined) {
        warn('Directory Insights is not available to this API key: changes and findings carry no "who"');
        return { events: 0, attributed: 0, available: false };
      }
      const attributed = await db.get<{ n: number }>(
        `SELECT COUNT(*) AS n FROM (
           SELECT c.subject_id FROM changes c WHERE c.snapshot_id = ?
             AND EXISTS (SELECT 1 FROM events e WHERE e.snapshot_id = c.snapshot_id AND e.subject_id = c.subject_id)
           UNION ALL
           SELECT f.subject_id FROM findings f WHERE f.snapshot_id = ?
             AND EXISTS (SELECT 1 FROM events e WHERE e.snapshot_id = f.snapshot_id AND e.subject_id = f.subject_id)
         ) x`,
        [input.snapshotId, input.snapshotId],
      );
      return { events, attributed: Number(attributed?.n ?? 0), available: true };
    },

    async 'idflow.sync.evaluate'(input) {
      const db = store();
      const snapshot = await db.get<{ started_at: number }>('SELECT started_at FROM snapshots WHERE id = ?', [
        input.snapshotId,
      ]);
      if (!snapshot)
        throw ApplicationFailure.nonRetryable(`no snapshot ${input.snapshotId}`, 'IdflowNoSnapshot');
      const out: RuleSummary[] = [];
      for (const rule of input.rules) {
        const findings = await evaluateRule(db, input.snapshotId, snapshot.started_at, rule, () =>
          heartbeat({ rule: rule.id }),
        );
        out.push({ rule: rule.id, title: rule.title, severity: rule.severity, findings });
        heartbeat({ rule: rule.id, findings });
      }
      await recordRules(
        db,
        input.snapshotId,
        input.rules.map((r, i) => ({
          id: r.id,
          title: r.title,
          severity: r.severity,
          description: r.description,
          check: r.check,
          findings: out[i]?.findings ?? 0,
        })),
      );
      return out;
    },

    async 'idflow.sync.startPlaybooks'(input) {
      if (!input.rules.some((r) => r.playbook)) return { started: 0, existing: 0, failed: 0 };
      if (deps.readOnly) {
        warn('read-only worker: findings start no playbooks');
        return { started: 0, existing: 0, failed: 0 };
      }
      const temporal = need(
        deps.temporal,
        'Temporal client for starting playbooks',
        'IdflowNoTemporalClient',
      );
      return startPlaybooksForFindings(
        { db: store(), temporal, now, warn, ...(deps.subjects ? { subjects: deps.subjects } : {}) },
        input,
      );
    },
  };
}
