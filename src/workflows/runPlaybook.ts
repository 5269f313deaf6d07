// The playbook workflow: sets up the updates and the query, runs the Plan with the interpreter, and turns
// failure, cancellation and the run's timeout into compensation and a clear outcome.
import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation as isCancelledFailure,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { Scope } from '../expr/evaluate.js';
import { evaluateValue } from '../expr/evaluate.js';
import { describeError } from './activities.js';
import { DecisionRefused, type OpenApproval } from './approvals.js';
import { approveUpdate, rejectUpdate, stateQuery } from './definitions.js';
import { Interpreter, StepFailed } from './interpreter.js';
import { RunContext } from './runContext.js';
import { RunTracker, now } from './runTracker.js';
import { Saga } from './saga.js';
import type {
  DecisionRequest,
  DecisionResult,
  RunFailureDetails,
  RunPlaybookInput,
  RunResult,
  StepError,
} from './types.js';

function findApproval(tracker: RunTracker, request: DecisionRequest): OpenApproval {
  const all = [...tracker.approvals.values()];
  if (request.stepId !== undefined) {
    const byKey = tracker.approvals.get(request.stepId);
    const byId = all.filter((a) => a.stepId.split('.').pop() === request.stepId);
    const found = byKey ?? (byId.length === 1 ? byId[0] : undefined);
    if (!found) {
      throw new DecisionRefused(
        byId.length > 1
          ? `step ${request.stepId} has several approvals (${byId.map((a) => a.stepId).join(', ')}); name one`
          : `step ${request.stepId} has no approval open or decided in this run`,
      );
    }
    return found;
  }
  const pending = all.filter((a) => a.status === 'pending');
  if (pending.length === 1 && pending[0]) return pending[0];
  if (pending.length === 0) throw new DecisionRefused('no approval is waiting for a decision in this run');
  throw new DecisionRefused(
    `several approvals are open (${pending.map((a) => a.stepId).join(', ')}); name the step`,
  );
}

function installHandlers(tracker: RunTracker): void {
  setHandler(stateQuery, () => tracker.view());
  const decide = (decision: 'approve' | 'reject', request: DecisionRequest): DecisionResult => {
    try {
      const approval = findApproval(tracker, request);
      const recorded = approval.record(decision, request, now());
      return {
        stepId: approval.stepId,
        decision,
        recorded,
        status: approval.status,
        approvals: approval.approvals(),
        required: approval.required,
      };
    } catch (err) {
      // Only an ApplicationFailure fails an update cleanly; anything else would fail the workflow task.
      if (err instanceof DecisionRefused)
        throw ApplicationFailure.nonRetryable(err.message, 'IdflowDecisionRefused');
      throw err;
    }
  };
  const validate = (decision: 'approve' | 'reject', request: DecisionRequest): void => {
    findApproval(tracker, request).check(decision, request);
  };
  setHandler(approveUpdate, (req: DecisionRequest) => decide('approve', req), {
    validator: (req: DecisionRequest) => validate('approve', req),
    description:
      'Approve an open approval step (the approver must be allowed; requester and subject may not).',
  });
  setHandler(rejectUpdate, (req: DecisionRequest) => decide('reject', req), {
    validator: (req: DecisionRequest) => validate('reject', req),
    description: 'Reject an open approval step.',
  });
}

export async function runPlaybook(input: RunPlaybookInput): Promise<RunResult> {
  const { plan } = input;
  const info = workflowInfo();
  const tracker = new RunTracker({
    playbook: plan.name,
    planHash: plan.hash,
    subject: input.subject,
    ...(input.dryRun ? { dryRun: true } : {}),
  });
  tracker.declareAll(plan.steps);
  installHandlers(tracker);
  const run = new RunContext(input, tracker);
  const saga = new Saga(tracker, run);
  const scope: Scope = {
    inputs: input.inputs,
    steps: {},
    vars: {},
    trigger: {
      kind: input.trigger.kind,
      requestedBy: input.trigger.requestedBy ?? null,
      source: input.trigger.source ?? null,
      key: input.trigger.key,
    },
    run: {
      workflowId: info.workflowId,
      runId: info.runId,
      playbook: plan.name,
      planHash: plan.hash,
      subject: input.subject,
      startedAt: info.startTime.toISOString(),
    },
  };

  // The run's own deadline lives inside the workflow (not as a server-side execution timeout), so that
  // running out of time still compensates.
  const main = new CancellationScope();
  let timedOut = false;
  if (plan.timeoutMs !== undefined) {
    const deadline = plan.timeoutMs;
    void CancellationScope.nonCancellable(() => sleep(deadline)).then(() => {
      timedOut = true;
      main.cancel();
    });
  }

  try {
    await main.run(() => new Interpreter(input, tracker, saga, run).runSteps(plan.steps, scope, ''));
  } catch (err) {
    const cancelled = isCancelledFailure(err) && !timedOut;
    const failure: StepError & { step: string } = timedOut
      ? {
          step: '(run)',
          message: `the run exceeded its timeout of ${plan.timeoutMs ?? 0} ms`,
          type: 'IdflowRunTimedOut',
        }
      : err instanceof StepFailed
        ? { step: err.stepKey, ...err.error }
        : { step: '(run)', ...describeError(err) };
    tracker.failure = failure;
    if (plan.onFailure === 'compensate') {
      tracker.status = 'compensating';
      // Undo must run even though the run is being cancelled.
      await CancellationScope.nonCancellable(() => saga.compensate());
    }
    tracker.status = cancelled ? 'cancelled' : 'failed';
    if (cancelled) throw err;
    const details: RunFailureDetails = {
      step: failure.step,
      compensated: [...tracker.compensated],
      compensationFailures: [...saga.failures],
      ...(saga.notUndone.length > 0 ? { notUndone: [...saga.notUndone] } : {}),
    };
    // Changes that should have been undone and were not are the first thing an operator must know.
    const notUndone =
      saga.failures.length > 0
        ? `; ${saga.failures.length} step${saga.failures.length === 1 ? '' : 's'} NOT undone (compensation refused or failed)`
        : '';
    const message =
      (failure.step === '(run)' ? failure.message : `step ${failure.step} failed: ${failure.message}`) +
      notUndone;
    // A failure's message is not a payload, so the codec cannot encrypt it; when payloads are encrypted the
    // message (which may name a person) moves into the details, which it does encrypt.
    const encrypted = input.subjectTag !== undefined;
    throw ApplicationFailure.create({
      message: encrypted
        ? `${failure.step === '(run)' ? 'the run' : `step ${failure.step}`} failed (${failure.type ?? 'IdflowStepFailed'}); the reason is in the encrypted details${notUndone}`
        : message,
      type: failure.type ?? 'IdflowStepFailed',
      nonRetryable: true,
      details: [encrypted ? { ...details, message } : details],
    });
  }

  const outputs: RunResult['outputs'] = {};
  for (const [name, value] of Object.entries(plan.outputs)) outputs[name] = evaluateValue(value, scope);
  tracker.status = 'completed';
  // An update accepted just before the run ended still gets its answer.
  await condition(allHandlersFinished);
  const steps = tracker.view().steps;
  return {
    outputs,
    steps,
    compensated: [...tracker.compensated],
    ...(input.dryRun ? { dryRun: { mutations: [...run.mutations] } } : {}),
  };
}
