// Temporal Schedules for the directory sync: create or update them from a schedules file (`idflow schedule
// apply`), trigger one now (`idflow sync --now`), and find the run a trigger started. Overlap is SKIP: a
// sync still running when the next is due makes the next one skip, never run twice at once.
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleOptionsAction,
  type ScheduleSpec,
  type WorkflowHandle,
} from '@temporalio/client';
import type { ScheduleDefinition } from '../sync/config/schedules.js';
import type { DirectorySyncResult } from '../sync/types.js';

export const SYNC_WORKFLOW_TYPE = 'directorySync';

function specOf(def: ScheduleDefinition): ScheduleSpec {
  return 'everyMs' in def.spec
    ? { intervals: [{ every: def.spec.everyMs, offset: def.spec.offsetMs }] }
    : { cronExpressions: [def.spec.cron], timezone: def.spec.timezone };
}

function actionOf(def: ScheduleDefinition, taskQueue: string): ScheduleOptionsAction {
  return {
    type: 'startWorkflow',
    workflowType: SYNC_WORKFLOW_TYPE,
    // The Schedule appends the scheduled time, so every sync has an id of its own: directory-sync:<id>-<time>.
    workflowId: `directory-sync:${def.id}`,
    args: [def.input],
    taskQueue,
  };
}

export interface AppliedSchedule {
  id: string;
  action: 'created' | 'updated';
}

/** Creates each schedule, or updates it in place when it exists (same id). */
export async function applySchedules(
  client: Client,
  defs: readonly ScheduleDefinition[],
  taskQueue: string,
): Promise<AppliedSchedule[]> {
  const out: AppliedSchedule[] = [];
  for (const def of defs) {
    const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1h' } as const;
    try {
      await client.schedule.create({
        scheduleId: def.id,
        spec: specOf(def),
        action: actionOf(def, taskQueue),
        policies,
        state: { paused: def.paused, ...(def.description ? { note: def.description } : {}) },
      });
      out.push({ id: def.id, action: 'created' });
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await client.schedule.getHandle(def.id).update((previous) => ({
        ...previous,
        spec: specOf(def),
        action: actionOf(def, taskQueue),
        policies: { ...previous.policies, ...policies },
        state: {
          ...previous.state,
          paused: def.paused,
          ...(def.description ? { note: def.description } : {}),
        },
      }));
      out.push({ id: def.id, action: 'updated' });
    }
  }
  return out;
}

export class NoSuchScheduleError extends Error {
  constructor(readonly scheduleId: string) {
    super(`no schedule ${scheduleId} (create it with \`idflow schedule apply\`)`);
    this.name = 'NoSuchScheduleError';
  }
}

/**
 * Triggers a schedule now (overlap SKIP, like a scheduled start) and returns the run it started, or the
 * one already running when the trigger was skipped.
 */
export async function triggerSchedule(
  client: Client,
  scheduleId: string,
  timeoutMs = 30_000,
): Promise<WorkflowHandle & { skipped: boolean }> {
  const handle = client.schedule.getHandle(scheduleId);
  let before;
  try {
    before = await handle.describe();
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) throw new NoSuchScheduleError(scheduleId);
    throw err;
  }
  // A sync still running: the trigger is not taken (overlap SKIP), and that run is handed back. The check
  // is ours, against the runs themselves: the schedule learns that a run ended only when it next wakes,
  // and would skip a trigger in the meantime; so the trigger itself allows the overlap it cannot see.
  for (const running of before.info.runningActions) {
    const run = client.workflow.getHandle(running.workflow.workflowId);
    if ((await run.describe()).status.name === 'RUNNING') return Object.assign(run, { skipped: true });
  }
  // The run's workflow id is the schedule's id plus the trigger time in whole seconds: a second trigger in
  // the second of the last action would collide with it (and be started only later), so wait that out.
  const last = before.info.recentActions[before.info.recentActions.length - 1];
  if (last) {
    const wait = (Math.floor(last.scheduledAt.getTime() / 1000) + 1) * 1000 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait + 20));
  }
  const deadline = Date.now() + timeoutMs;
  const seen = new Set(before.info.recentActions.map((a) => a.action.workflow.workflowId));
  await handle.trigger(ScheduleOverlapPolicy.ALLOW_ALL);
  for (;;) {
    const d = await handle.describe();
    const fresh = d.info.recentActions.find((a) => !seen.has(a.action.workflow.workflowId));
    if (fresh)
      return Object.assign(client.workflow.getHandle(fresh.action.workflow.workflowId), { skipped: false });
    if (Date.now() > deadline)
      throw new Error(`schedule ${scheduleId} did not start a sync within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export type SyncResultHandle = WorkflowHandle;
export type { DirectorySyncResult };
