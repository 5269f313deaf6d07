// Starting and answering playbook runs: what the CLI, the HTTP server and the tests share.
import { createHash } from 'node:crypto';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  type Client,
  type WorkflowHandle,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import type { Plan } from '../dsl/plan.js';
import type { JsonValue } from '../common/json.js';
import { evaluateValue } from '../expr/evaluate.js';
import { prepareInputs } from '../dsl/inputs.js';
export { InvalidInputsError } from '../dsl/inputs.js';
import { approveUpdate, idflowSearchAttributes, rejectUpdate, stateQuery } from '../workflows/definitions.js';
import { runPlaybook } from '../workflows/runPlaybook.js';
import type {
  DecisionRequest,
  DecisionResult,
  RunPlaybookInput,
  RunState,
  Trigger,
} from '../workflows/types.js';

function shortHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

export interface StartRunOptions {
  plan: Plan;
  inputs: Record<string, unknown>;
  trigger: Omit<Trigger, 'key'>;
  /**
   * Idempotency key. An explicit key (an HRIS event id, `--key`) names one run forever: a repeat, running
   * or finished, returns that run and starts nothing. Without one, the key is a hash of the inputs, which
   * only guards against double starts: a repeat attaches while the run is open, and starts anew after it
   * ended. @default a hash of the plan and inputs
   */
  key?: string;
  taskQueue: string;
  /**
   * A dry run: reads are real, writes are reported, not sent (docs/safety.md). Its workflow id carries a
   * `dry-run-` key, so it never stands in for (or blocks) the real run. @default false
   */
  dryRun?: boolean;
  /**
   * Payloads are encrypted (the client's data converter has the codec): the subject then appears in the
   * workflow id and the IdflowSubject search attribute only as a keyed pseudonym. @default none
   */
  subjects?: SubjectPseudonyms;
}

/** How an encrypting client names subjects in ids and search attributes (src/codec). */
export interface SubjectPseudonyms {
  /** Under the key that encrypts now. */
  pseudonym(subject: string): string;
  /** Under every configured key, the active one first (runs from before a rotation). */
  pseudonyms(subject: string): string[];
}

export interface StartedRun {
  workflowId: string;
  handle: WorkflowHandle<typeof runPlaybook>;
  subject: string;
  /** False when the key named a run that already existed: nothing new was started. */
  started: boolean;
  /** The run this start created or attached to. */
  firstExecutionRunId: string;
}

/** The workflow id of a run: `<playbook>:<subject>:<key>` (meaningful, and the idempotency boundary). */
export function runWorkflowId(plan: Plan, subject: string, key: string): string {
  return `${plan.name}:${subject}:${key}`;
}

async function existingRun(
  client: Client,
  workflowId: string,
): Promise<{ running: boolean; runId: string } | undefined> {
  try {
    const d = await client.workflow.getHandle(workflowId).describe();
    return { running: d.status.name === 'RUNNING', runId: d.runId };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

export function evaluateSubject(plan: Plan, inputs: { [name: string]: JsonValue }): string {
  if (!plan.subject) return '-';
  const value = evaluateValue(plan.subject, { inputs, steps: {}, vars: {}, trigger: null, run: null });
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export async function startRun(client: Client, options: StartRunOptions): Promise<StartedRun> {
  const { plan, subjects } = options;
  const inputs = prepareInputs(plan.name, plan.inputs, options.inputs);
  const subject = evaluateSubject(plan, inputs);
  // With encryption the default key is keyed too: a plain hash of the inputs could be confirmed by guessing.
  const hashKey = subjects
    ? subjects.pseudonym(JSON.stringify({ plan: plan.hash, inputs })).slice(2, 18)
    : shortHash({ plan: plan.hash, inputs });
  const key = `${options.dryRun ? 'dry-run-' : ''}${options.key ?? hashKey}`;
  const subjectTag = subjects ? subjects.pseudonym(subject) : undefined;
  const workflowId = runWorkflowId(plan, subjectTag ?? subject, key);
  const explicitKey = options.key !== undefined;
  // Looking first tells a repeat from a start (the SDK's start does not say which happened with
  // USE_EXISTING). Two identical starts at the same instant may both report `started`; the server's
  // conflict policy still makes them one run. After a key rotation a run started under an older key has
  // that key's pseudonym in its id; it is found too.
  const candidates = subjects
    ? subjects.pseudonyms(subject).map((p) => runWorkflowId(plan, p, key))
    : [workflowId];
  for (const id of [...new Set([workflowId, ...candidates])]) {
    const existing = await existingRun(client, id);
    if (existing && (existing.running || explicitKey)) {
      return {
        workflowId: id,
        handle: runHandle(client, id),
        subject,
        started: false,
        firstExecutionRunId: existing.runId,
      };
    }
  }
  const input: RunPlaybookInput = {
    plan,
    inputs,
    subject,
    trigger: { ...options.trigger, key },
    ...(options.dryRun ? { dryRun: true } : {}),
    ...(subjectTag !== undefined ? { subjectTag } : {}),
  };
  let handle: WorkflowHandleWithFirstExecutionRunId<typeof runPlaybook>;
  try {
    handle = await client.workflow.start(runPlaybook, {
      args: [input],
      taskQueue: options.taskQueue,
      workflowId,
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowIdReusePolicy: explicitKey
        ? WorkflowIdReusePolicy.REJECT_DUPLICATE
        : WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      // No server-side execution timeout: the run enforces `timeout` itself so that running out of time
      // still compensates (a server timeout would end the execution without running any undo).
      typedSearchAttributes: [
        { key: idflowSearchAttributes.playbook, value: plan.name },
        { key: idflowSearchAttributes.subject, value: subjectTag ?? subject },
        { key: idflowSearchAttributes.planHash, value: plan.hash },
      ],
    });
  } catch (err) {
    // A run with this explicit key finished between our look and our start.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    const closed = await existingRun(client, workflowId);
    return {
      workflowId,
      handle: runHandle(client, workflowId),
      subject,
      started: false,
      firstExecutionRunId: closed?.runId ?? '',
    };
  }
  return { workflowId, handle, subject, started: true, firstExecutionRunId: handle.firstExecutionRunId };
}

export function runHandle(client: Client, workflowId: string): WorkflowHandle<typeof runPlaybook> {
  return client.workflow.getHandle<typeof runPlaybook>(workflowId);
}

export async function decide(
  client: Client,
  workflowId: string,
  decision: 'approve' | 'reject',
  request: DecisionRequest,
): Promise<DecisionResult> {
  return runHandle(client, workflowId).executeUpdate(decision === 'approve' ? approveUpdate : rejectUpdate, {
    args: [request],
  });
}

export function queryState(client: Client, workflowId: string): Promise<RunState> {
  return runHandle(client, workflowId).query(stateQuery);
}

/**
 * Waits until `predicate` holds on the run's state, polling with a growing interval. For callers that must
 * wait on the run (an approval opening), never a fixed sleep.
 */
export async function waitForState(
  client: Client,
  workflowId: string,
  predicate: (state: RunState) => boolean,
  timeoutMs = 30_000,
): Promise<RunState> {
  const deadline = Date.now() + timeoutMs;
  let interval = 25;
  for (;;) {
    let state: RunState | undefined;
    try {
      state = await queryState(client, workflowId);
    } catch (err) {
      // The first workflow task may not have run yet; the query then has nothing to answer with.
      if (Date.now() > deadline) throw err;
    }
    if (state && predicate(state)) return state;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for run ${workflowId} (status ${state?.status ?? 'unknown'})`,
      );
    }
    await new Promise((r) => setTimeout(r, interval));
    interval = Math.min(interval * 2, 500);
  }
}
