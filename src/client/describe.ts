// A run as an operator wants to see it: the workflow's own state query (steps, approvals, compensation)
// joined with what only the server knows (activity attempts, last failures, the close status).
import type { Client } from '@temporalio/client';
import { decodeOptionalFailureToOptionalError } from '@temporalio/common/lib/internal-non-workflow/index.js';
import { GUARDRAIL_FAILURE_TYPE } from '../guardrails/violation.js';
import { stateQuery } from '../workflows/definitions.js';
import type { RunState, StepRecord } from '../workflows/types.js';

export interface PendingAttempt {
  attempt: number;
  maximumAttempts: number;
  lastFailure?: string;
  nextAttemptAt?: string;
}

export interface StepView extends StepRecord {
  /** Present while the step's activity is running or waiting to retry. */
  pending?: PendingAttempt;
}

export interface RunDescription {
  workflowId: string;
  runId: string;
  /** Temporal's execution status: RUNNING, COMPLETED, FAILED, CANCELLED, TERMINATED, TIMED_OUT… */
  executionStatus: string;
  startTime: string;
  closeTime?: string;
  /** The workflow's own view; absent when no worker could answer the query. */
  state?: Omit<RunState, 'steps'> & { steps: StepView[] };
  queryError?: string;
  /** Steps a guardrail refused: the rule, the limit and the count are in the message. */
  guardrailViolations: { step: string; message: string }[];
  /** A dry run's would-be changes, in step order. */
  dryRunMutations: { step: string; text: string }[];
}

function iso(d: Date | undefined | null): string | undefined {
  return d ? d.toISOString() : undefined;
}

/** The failure's message, decoded (with encryption on, the raw message is only "Encoded failure"). */
async function failureMessage(client: Client, f: unknown): Promise<string | undefined> {
  if (!f) return undefined;
  try {
    const err = await decodeOptionalFailureToOptionalError(client.options.loadedDataConverter, f);
    if (err?.message) return err.message;
  } catch {
    // A key this client does not have: say what the server holds.
  }
  const m = (f as { message?: unknown }).message;
  return typeof m === 'string' ? m : undefined;
}

export async function describeRun(client: Client, workflowId: string): Promise<RunDescription> {
  const handle = client.workflow.getHandle(workflowId);
  const description = await handle.describe();
  const pending = new Map<string, PendingAttempt>();
  for (const a of description.raw.pendingActivities ?? []) {
    if (!a.activityId) continue;
    const lastFailure = await failureMessage(client, a.lastFailure);
    const next = a.nextAttemptScheduleTime?.seconds;
    pending.set(a.activityId, {
      attempt: a.attempt ?? 1,
      maximumAttempts: a.maximumAttempts ?? 0,
      ...(lastFailure ? { lastFailure } : {}),
      ...(next ? { nextAttemptAt: new Date(Number(next) * 1000).toISOString() } : {}),
    });
  }
  const out: RunDescription = {
    workflowId,
    runId: description.runId,
    executionStatus: description.status.name,
    startTime: description.startTime.toISOString(),
    guardrailViolations: [],
    dryRunMutations: [],
  };
  const closeTime = iso(description.closeTime);
  if (closeTime) out.closeTime = closeTime;
  try {
    const state = await handle.query(stateQuery);
    out.state = {
      ...state,
      steps: state.steps.map((s) => {
        const p = pending.get(s.key);
        return p ? { ...s, pending: p } : s;
      }),
    };
    for (const step of state.steps) {
      if (step.error?.type === GUARDRAIL_FAILURE_TYPE)
        out.guardrailViolations.push({ step: step.key, message: step.error.message });
      for (const text of step.wouldDo ?? []) out.dryRunMutations.push({ step: step.key, text });
    }
  } catch (err) {
    out.queryError = err instanceof Error ? err.message : String(err);
  }
  return out;
}

const STATUS_MARK: Record<string, string> = {
  pending: '·',
  running: '▶',
  waiting: '⏸',
  succeeded: '✓',
  failed: '✗',
  skipped: '−',
  compensated: '↺',
  cancelled: '✗',
};

/** Plain text for a terminal: one line per step, then who is being waited on. */
export function renderRunDescription(d: RunDescription): string {
  const lines = [
    `${d.workflowId}  ${d.executionStatus}${d.state ? ` (${d.state.status})` : ''}${d.state?.dryRun ? '  DRY RUN: nothing was changed' : ''}`,
    `  started ${d.startTime}${d.closeTime ? `, closed ${d.closeTime}` : ''}`,
  ];
  if (!d.state) {
    lines.push(`  state unavailable: ${d.queryError ?? 'no answer'}`);
    return lines.join('\n');
  }
  lines.push(
    `  playbook ${d.state.playbook} (plan ${d.state.planHash.slice(0, 12)}), subject ${d.state.subject}`,
  );
  for (const s of d.state.steps) {
    const mark = STATUS_MARK[s.status] ?? '?';
    let line = `  ${mark} ${s.key.padEnd(28)} ${s.status.padEnd(11)} ${s.action ?? s.kind}`;
    if (s.pending && s.pending.attempt > 1) {
      line += `  attempt ${s.pending.attempt}${s.pending.maximumAttempts ? `/${s.pending.maximumAttempts}` : ''}`;
      if (s.pending.lastFailure) line += ` — last error: ${s.pending.lastFailure}`;
    }
    if (s.until && s.status === 'waiting') line += `  until ${s.until}`;
    if (s.error) line += `  — ${s.error.message}`;
    if (s.compensation)
      line += `  [undo ${s.compensation.status}${s.compensation.error ? `: ${s.compensation.error.message}` : ''}]`;
    lines.push(line);
    for (const text of s.wouldDo ?? []) lines.push(`      → ${text}`);
  }
  for (const a of d.state.approvals.filter((x) => x.status === 'pending')) {
    lines.push(
      `  waiting on ${a.approvers.join(', ') || '(nobody resolved)'} for "${a.title}" (${a.stage}, expires ${a.expiresAt})`,
    );
    if (a.unresolved.length) lines.push(`    unresolved approver entries: ${a.unresolved.join(', ')}`);
  }
  for (const v of d.guardrailViolations) lines.push(`  refused by a guardrail at ${v.step}: ${v.message}`);
  if (d.state.failure) lines.push(`  failed at ${d.state.failure.step}: ${d.state.failure.message}`);
  if (d.state.dryRun)
    lines.push(
      d.dryRunMutations.length > 0
        ? `  a real run would make ${d.dryRunMutations.length} change(s) (→ above)`
        : '  a real run would change nothing',
    );
  if (d.state.compensated.length) lines.push(`  undone (newest first): ${d.state.compensated.join(', ')}`);
  const notUndone = d.state.steps.filter((s) => s.compensation?.status === 'failed');
  if (notUndone.length)
    lines.push(
      `  NOT undone (${notUndone.length}): ${notUndone.map((s) => s.key).join(', ')} — their undo was refused or failed ([undo failed: …] above); what they changed is still changed`,
    );
  return lines.join('\n');
}
