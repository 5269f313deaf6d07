// The directory sync: started by a Temporal Schedule (or `idflow sync --now`), it reads JumpCloud into a
// new snapshot, compares it with the previous one, asks Directory Insights who made the changes, checks
// the compliance rules and starts the playbooks findings name. Directory data never enters this history:
// activities page JumpCloud into the store; the workflow sees snapshot ids, counts and per-rule findings.
//
// Resources run in parallel, each as one long activity that heartbeats per page and resumes from its
// stored cursor on retry; a resource that pages per parent (group members, device associations) starts
// when its parents are stored. The history is a fixed couple of dozen events whatever the directory's
// size; should Temporal still suggest it, the workflow continues as new between phases, carrying the
// snapshot id and what is done.
import {
  continueAsNew,
  proxyActivities,
  setHandler,
  uuid4,
  workflowInfo,
  type ActivityOptions,
} from '@temporalio/workflow';
import { resourcesOf } from '../sync/scope.js';
import {
  RESOURCE_PARENTS,
  type BeginSyncInput,
  type BeginSyncOutput,
  type ChangeCounts,
  type CompleteSyncInput,
  type CompleteSyncOutput,
  type DiffInput,
  type EvaluateInput,
  type InsightsInput,
  type InsightsOutput,
  type RuleSummary,
  type StartPlaybooksInput,
  type StartPlaybooksOutput,
  type SyncResourceInput,
  type SyncResourceOutput,
  type DirectorySyncInput,
  type DirectorySyncResult,
  type SyncPhase,
  type SyncProgress,
  type SyncResource,
  type SyncResume,
} from '../sync/types.js';
import { syncProgressQuery } from './definitions.js';

/** The activities this workflow calls; the worker's createSyncActivities (activities/sync/) implements them. */
export interface SyncActivities {
  'idflow.sync.begin'(input: BeginSyncInput): Promise<BeginSyncOutput>;
  'idflow.sync.resource'(input: SyncResourceInput): Promise<SyncResourceOutput>;
  'idflow.sync.complete'(input: CompleteSyncInput): Promise<CompleteSyncOutput>;
  'idflow.sync.fail'(input: { snapshotId: string }): Promise<void>;
  'idflow.sync.diff'(input: DiffInput): Promise<ChangeCounts>;
  'idflow.sync.insights'(input: InsightsInput): Promise<InsightsOutput>;
  'idflow.sync.evaluate'(input: EvaluateInput): Promise<RuleSummary[]>;
  'idflow.sync.startPlaybooks'(input: StartPlaybooksInput): Promise<StartPlaybooksOutput>;
}

const DAY_MS = 86_400_000;

/** Failures no retry will fix: stop at once and say why. */
const NON_RETRYABLE = ['IdflowNoStore', 'IdflowNoTemporalClient', 'IdflowSyncIncomplete', 'IdflowNoSnapshot'];

function activities(input: DirectorySyncInput): { short: SyncActivities; paging: SyncActivities } {
  const tuning = input.tuning ?? {};
  const retry: ActivityOptions['retry'] = {
    initialInterval: '2s',
    backoffCoefficient: 2,
    maximumInterval: '2m',
    // Finite: a JumpCloud outage of about an hour fails the sync (the next scheduled one starts afresh).
    maximumAttempts: 20,
    nonRetryableErrorTypes: NON_RETRYABLE,
  };
  return {
    short: proxyActivities<SyncActivities>({ startToCloseTimeout: '10m', heartbeatTimeout: '2m', retry }),
    paging: proxyActivities<SyncActivities>({
      startToCloseTimeout: tuning.resourceTimeoutMs ?? 30 * 60_000,
      // A dead worker is noticed within this, and another attempt continues from the stored cursor.
      heartbeatTimeout: tuning.heartbeatTimeoutMs ?? 60_000,
      retry,
    }),
  };
}

/** `20250101T120000Z-1a2b3c4d`: sortable by time, unique, readable in a report. */
function newSnapshotId(startedAt: number): string {
  const stamp = new Date(startedAt)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${uuid4().slice(0, 8)}`;
}

export async function directorySync(input: DirectorySyncInput): Promise<DirectorySyncResult> {
  const { short, paging } = activities(input);
  const info = workflowInfo();
  const startedAt = input.resume?.startedAt ?? Date.now();
  const state: SyncResume = input.resume ?? {
    snapshotId: newSnapshotId(startedAt),
    startedAt,
    previousSnapshotId: null,
    previousStartedAt: null,
    done: [],
    counts: {},
    changes: {},
    findings: [],
    playbookRuns: { started: 0, existing: 0, failed: 0 },
  };
  const progress: SyncProgress = { snapshotId: state.snapshotId, phase: 'starting', resources: {} };
  setHandler(syncProgressQuery, () => progress);

  const phase = async (name: SyncPhase, run: () => Promise<void>): Promise<void> => {
    if (state.done.includes(name)) return;
    progress.phase = name;
    await run();
    state.done.push(name);
    // Between phases, so a resumed run never repeats half a phase's bookkeeping.
    if (workflowInfo().continueAsNewSuggested)
      await continueAsNew<typeof directorySync>({ ...input, resume: state });
  };

  await phase('snapshot', async () => {
    const begun = await short['idflow.sync.begin']({
      snapshotId: state.snapshotId,
      startedAt: state.startedAt,
      workflowId: info.workflowId,
      scope: input.scope,
    });
    state.previousSnapshotId = begun.previousSnapshotId;
    state.previousStartedAt = begun.previousStartedAt;
    try {
      const wanted = resourcesOf(input.scope);
      const syncOne = async (resource: SyncResource): Promise<void> => {
        const out = await paging['idflow.sync.resource']({
          snapshotId: state.snapshotId,
          resource,
          scope: input.scope,
        });
        progress.resources[resource] = out.items;
        const children = wanted.filter((r) => RESOURCE_PARENTS[r] === resource);
        await Promise.all(children.map(syncOne));
      };
      await Promise.all(wanted.filter((r) => RESOURCE_PARENTS[r] === undefined).map(syncOne));
      const completed = await short['idflow.sync.complete']({
        snapshotId: state.snapshotId,
        finishedAt: Date.now(),
        retain: input.retainSnapshots ?? 10,
      });
      state.counts = completed.counts;
    } catch (err) {
      // A half-read snapshot is never compared or reported on; mark it so, then fail the run.
      await short['idflow.sync.fail']({ snapshotId: state.snapshotId });
      throw err;
    }
  });

  await phase('diff', async () => {
    state.changes = await short['idflow.sync.diff']({
      snapshotId: state.snapshotId,
      previousSnapshotId: state.previousSnapshotId,
    });
  });

  await phase('insights', async () => {
    if (input.insights?.enabled === false) return;
    const from = state.previousStartedAt ?? state.startedAt - (input.insights?.lookbackDays ?? 7) * DAY_MS;
    await paging['idflow.sync.insights']({ snapshotId: state.snapshotId, from, to: state.startedAt });
  });

  await phase('evaluate', async () => {
    state.findings = await short['idflow.sync.evaluate']({
      snapshotId: state.snapshotId,
      rules: input.rules,
    });
  });

  await phase('playbooks', async () => {
    state.playbookRuns = await paging['idflow.sync.startPlaybooks']({
      snapshotId: state.snapshotId,
      rules: input.rules,
      playbooks: input.playbooks,
      taskQueue: info.taskQueue,
    });
  });

  progress.phase = 'done';
  return {
    snapshotId: state.snapshotId,
    previousSnapshotId: state.previousSnapshotId,
    startedAt: state.startedAt,
    counts: state.counts,
    changes: state.changes,
    findings: state.findings,
    playbookRuns: state.playbookRuns,
  };
}
