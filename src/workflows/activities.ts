// The only way workflow code reaches activities: proxies built from the Plan's per-step options. Activity
// ids are the step's record key, so pending attempts can be matched to steps from outside the workflow.
import {
  ActivityFailure,
  ApplicationFailure,
  proxyActivities,
  type ActivityOptions,
} from '@temporalio/workflow';
import type { ActionCall } from '../dsl/plan.js';
import type { JsonValue } from '../common/json.js';
import type { StepError } from './types.js';

/** What the interpreter asks `idflow.announceApproval` to post when an approval opens or escalates. */
export interface AnnounceApprovalInput {
  workflowId: string;
  /** The approval's record key (what `idflow approve --step` and the links name). */
  stepId: string;
  title: string;
  approvers: string[];
  required: number;
  stage: 'primary' | 'escalated';
  expiresAt: string;
  playbook: string;
  subject: string;
  requestedBy?: string;
}

export interface AnnounceApprovalOutput {
  sent: boolean;
  /** Why nothing was sent (not configured, nobody to ask). */
  reason?: string;
  /** How many approver links the message carried (the links themselves stay out of history). */
  links: number;
}

/** Internal activities the interpreter needs besides the catalog's actions. */
export interface InterpreterActivities {
  /** Expands `group:<name>` entries to the active members' emails; passes emails through, lower-cased. */
  'idflow.resolveApprovers'(input: {
    entries: string[];
  }): Promise<{ emails: string[]; unresolved: string[] }>;
  /** Posts "approval needed" with per-approver links to the configured chat channel (links stay out of history). */
  'idflow.announceApproval'(input: AnnounceApprovalInput): Promise<AnnounceApprovalOutput>;
  /** Checks a child playbook's inputs against its schema and fills defaults (ajv cannot run in here). */
  'idflow.prepareInputs'(input: {
    schema: JsonValue;
    inputs: JsonValue;
    playbook: string;
  }): Promise<{ [k: string]: JsonValue }>;
}

const internal = proxyActivities<InterpreterActivities>({
  startToCloseTimeout: 60_000,
  retry: {
    maximumAttempts: 8,
    initialInterval: 1_000,
    backoffCoefficient: 2,
    maximumInterval: 60_000,
    nonRetryableErrorTypes: ['IdflowInvalidInputs'],
  },
});

export function resolveApprovers(
  entries: string[],
  activityId: string,
): Promise<{ emails: string[]; unresolved: string[] }> {
  const needsDirectory = entries.some((e) => e.toLowerCase().startsWith('group:'));
  if (!needsDirectory) {
    return Promise.resolve({
      emails: [...new Set(entries.map((e) => e.trim().toLowerCase()).filter(Boolean))],
      unresolved: [],
    });
  }
  return proxyActivities<InterpreterActivities>({
    startToCloseTimeout: 60_000,
    activityId,
    retry: { maximumAttempts: 8, initialInterval: 1_000, backoffCoefficient: 2, maximumInterval: 60_000 },
  })['idflow.resolveApprovers']({ entries });
}

export const prepareInputs = internal['idflow.prepareInputs'];

/** Announcing is a courtesy: a few quick tries, and the approval waits regardless of the outcome. */
export const announceApproval = proxyActivities<InterpreterActivities>({
  startToCloseTimeout: 30_000,
  retry: { maximumAttempts: 4, initialInterval: 2_000, backoffCoefficient: 2, maximumInterval: 30_000 },
})['idflow.announceApproval'];

function activityOptions(call: ActionCall, activityId: string): ActivityOptions {
  return {
    activityId,
    startToCloseTimeout: call.timeoutMs,
    // Long listings heartbeat per page; a worker that died mid-listing is noticed within this window.
    heartbeatTimeout: Math.min(call.timeoutMs, 60_000),
    retry: {
      maximumAttempts: call.retry.maxAttempts,
      initialInterval: call.retry.initialIntervalMs,
      backoffCoefficient: call.retry.backoff,
      maximumInterval: call.retry.maxIntervalMs,
    },
  };
}

/** One activity call of a catalog action: `args` are its arguments (the action's input, then the run context). */
export async function callAction(
  call: ActionCall,
  args: JsonValue[],
  activityId: string,
): Promise<JsonValue> {
  // The compiler guarantees `call.action` is in the catalog, and the worker registers the whole catalog.
  const activities = proxyActivities<Record<string, (...args: JsonValue[]) => Promise<JsonValue>>>(
    activityOptions(call, activityId),
  );
  const fn = activities[call.action];
  if (!fn) throw ApplicationFailure.nonRetryable(`unknown action ${call.action}`, 'IdflowUnknownAction');
  return fn(...args);
}

/** The message and type an operator needs, unwrapped from Temporal's failure chain. */
export function describeError(err: unknown): StepError {
  let cause: unknown = err;
  while (
    cause instanceof ActivityFailure ||
    (cause instanceof Error && cause.name === 'ChildWorkflowFailure')
  ) {
    const next: unknown = (cause as Error).cause;
    if (!next) break;
    cause = next;
  }
  if (cause instanceof ApplicationFailure)
    return { message: cause.message, ...(cause.type ? { type: cause.type } : {}) };
  if (cause instanceof Error) return { message: cause.message, type: cause.name };
  return { message: String(cause) };
}
