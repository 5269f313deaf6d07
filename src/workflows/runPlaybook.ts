// The interpreter: walks a compiled Plan step by step inside Temporal's deterministic sandbox. Everything
// that touches the world is an activity; this file only decides what happens next.
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  allHandlersFinished,
  proxyActivities,
  setHandler,
  workflowInfo,
  type ActivityOptions,
} from '@temporalio/workflow';
import type { ActionCall, ActionStep, ApprovalStep, JsonValue, Plan, PlanStep } from '../dsl/plan.js';
import { evaluateExpr, evaluateValue, type Scope } from '../expr/evaluate.js';
import { toText } from '../expr/values.js';
import { OpenApproval, DecisionRefused, normalizeEmail } from './approvals.js';
import { approveUpdate, rejectUpdate, stateQuery } from './definitions.js';
import type {
  DecisionRequest,
  DecisionResult,
  RunPlaybookInput,
  RunResult,
  RunState,
  RunStatus,
  StepError,
  StepRecord,
} from './types.js';

/** A step failed and the run must stop (after compensation, when the playbook asks for it). */
class StepFailed extends Error {
  constructor(
    readonly stepId: string,
    readonly error: StepError,
  ) {
    super(`step ${stepId} failed: ${error.message}`);
  }
}

function now(): string {
  return new Date().toISOString();
}

function describeError(err: unknown): StepError {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) {
    return { message: err.cause.message, ...(err.cause.type ? { type: err.cause.type } : {}) };
  }
  if (err instanceof ActivityFailure && err.cause) return { message: err.cause.message };
  if (err instanceof ApplicationFailure)
    return { message: err.message, ...(err.type ? { type: err.type } : {}) };
  if (err instanceof Error) return { message: err.message, type: err.name };
  return { message: String(err) };
}

function activityOptions(call: ActionCall): ActivityOptions {
  return {
    startToCloseTimeout: call.timeoutMs,
    retry: {
      maximumAttempts: call.retry.maxAttempts,
      initialInterval: call.retry.initialIntervalMs,
      backoffCoefficient: call.retry.backoff,
      maximumInterval: call.retry.maxIntervalMs,
    },
  };
}

async function callAction(call: ActionCall, input: JsonValue): Promise<JsonValue> {
  // The compiler guarantees `call.action` is in the catalog and the worker registers the whole catalog.
  const activities = proxyActivities<Record<string, (input: JsonValue) => Promise<JsonValue>>>(
    activityOptions(call),
  );
  const fn = activities[call.action];
  if (!fn) throw ApplicationFailure.nonRetryable(`unknown action ${call.action}`, 'IdflowUnknownAction');
  return fn(input);
}

class Run {
  private readonly plan: Plan;
  private readonly records = new Map<string, StepRecord>();
  private readonly approvals = new Map<string, OpenApproval>();
  private readonly scope: Scope;
  private readonly done: { step: ActionStep; scope: Scope }[] = [];
  private readonly compensated: string[] = [];
  private status: RunStatus = 'running';

  constructor(private readonly input: RunPlaybookInput) {
    this.plan = input.plan;
    const info = workflowInfo();
    this.scope = {
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
        playbook: this.plan.name,
        planHash: this.plan.hash,
        subject: input.subject,
        startedAt: info.startTime.toISOString(),
      },
    };
    for (const step of this.plan.steps) {
      this.records.set(step.id, {
        id: step.id,
        kind: step.kind,
        status: 'pending',
        ...(step.name ? { name: step.name } : {}),
        ...(step.kind === 'action' ? { action: step.action } : {}),
      });
    }
  }

  state(): RunState {
    return {
      playbook: this.plan.name,
      planHash: this.plan.hash,
      subject: this.input.subject,
      status: this.status,
      steps: [...this.records.values()],
      approvals: [...this.approvals.values()].map((a) => a.view()),
      compensated: [...this.compensated],
    };
  }

  decide(decision: 'approve' | 'reject', request: DecisionRequest): DecisionResult {
    let approval: OpenApproval;
    let recorded: boolean;
    try {
      approval = this.findApproval(request);
      recorded = approval.record(decision, request, now());
    } catch (err) {
      // Only ApplicationFailure fails an update cleanly; anything else would fail the workflow task.
      if (err instanceof DecisionRefused)
        throw ApplicationFailure.nonRetryable(err.message, 'IdflowDecisionRefused');
      throw err;
    }
    return {
      stepId: approval.stepId,
      decision,
      recorded,
      status: approval.status,
      approvals: approval.approvals(),
      required: approval.required,
    };
  }

  validateDecision(decision: 'approve' | 'reject', request: DecisionRequest): void {
    this.findApproval(request).check(decision, request);
  }

  private findApproval(request: DecisionRequest): OpenApproval {
    if (request.stepId !== undefined) {
      const found = this.approvals.get(request.stepId);
      if (!found)
        throw new DecisionRefused(`step ${request.stepId} has no approval open or decided in this run`);
      return found;
    }
    const pending = [...this.approvals.values()].filter((a) => a.status === 'pending');
    if (pending.length === 1 && pending[0]) return pending[0];
    if (pending.length === 0) throw new DecisionRefused('no approval is waiting for a decision in this run');
    throw new DecisionRefused(
      `several approvals are open (${pending.map((a) => a.stepId).join(', ')}); name the step`,
    );
  }

  private record(id: string): StepRecord {
    const r = this.records.get(id);
    if (!r) throw new Error(`no record for step ${id}`);
    return r;
  }

  private finish(
    step: PlanStep,
    status: 'succeeded' | 'failed' | 'skipped',
    output?: JsonValue,
    error?: StepError,
  ): void {
    const r = this.record(step.id);
    r.status = status;
    r.endedAt = now();
    if (output !== undefined) r.output = output;
    if (error) r.error = error;
    this.scope.steps[step.id] = { status, ...(output !== undefined ? { output } : {}) };
  }

  async execute(): Promise<RunResult> {
    try {
      for (const step of this.plan.steps) await this.runStep(step);
    } catch (err) {
      const failure = err instanceof StepFailed ? err : new StepFailed('(run)', describeError(err));
      if (this.plan.onFailure === 'compensate') await this.compensate();
      this.status = 'failed';
      throw ApplicationFailure.create({
        message: failure.message,
        type: failure.error.type ?? 'IdflowStepFailed',
        nonRetryable: true,
        details: [{ step: failure.stepId, compensated: this.compensated }],
      });
    }
    const outputs: RunResult['outputs'] = {};
    for (const [name, value] of Object.entries(this.plan.outputs))
      outputs[name] = evaluateValue(value, this.scope);
    this.status = 'completed';
    return { outputs, steps: [...this.records.values()], compensated: [...this.compensated] };
  }

  private async runStep(step: PlanStep): Promise<void> {
    const r = this.record(step.id);
    if (step.if && evaluateExpr(step.if, this.scope) !== true) {
      this.finish(step, 'skipped');
      return;
    }
    r.status = 'running';
    r.startedAt = now();
    try {
      switch (step.kind) {
        case 'action': {
          const output = await callAction(step, evaluateValue(step.with, this.scope));
          this.finish(step, 'succeeded', output);
          if (step.compensate)
            this.done.push({ step, scope: JSON.parse(JSON.stringify(this.scope)) as Scope });
          return;
        }
        case 'approval':
          this.finish(step, 'succeeded', await this.approval(step));
          return;
        case 'set': {
          const values: { [k: string]: JsonValue } = {};
          for (const [name, value] of Object.entries(step.vars))
            values[name] = evaluateValue(value, this.scope);
          Object.assign(this.scope.vars, values);
          this.finish(step, 'succeeded', values);
          return;
        }
        case 'fail': {
          const message = toText(evaluateValue(step.message, this.scope));
          throw new StepFailed(step.id, { message, type: 'IdflowFailStep' });
        }
      }
    } catch (err) {
      const error = err instanceof StepFailed ? err.error : describeError(err);
      this.finish(step, 'failed', undefined, error);
      if (step.onError.kind === 'continue') return;
      throw err instanceof StepFailed ? err : new StepFailed(step.id, error);
    }
  }

  private approvers(value: ApprovalStep['approvers']): string[] {
    const list = evaluateValue(value, this.scope);
    const entries = (Array.isArray(list) ? list : [list]).filter(
      (x): x is string => typeof x === 'string' && x.length > 0,
    );
    return entries.map(normalizeEmail);
  }

  private async approval(step: ApprovalStep): Promise<JsonValue> {
    const openedAt = new Date();
    const approval = new OpenApproval({
      stepId: step.id,
      title: toText(evaluateValue(step.title, this.scope)),
      approvers: this.approvers(step.approvers),
      required: step.required,
      allowSelfApproval: step.allowSelfApproval,
      excluded: {
        ...(this.input.trigger.requestedBy
          ? { requester: normalizeEmail(this.input.trigger.requestedBy) }
          : {}),
        ...(this.input.subject ? { subject: normalizeEmail(this.input.subject) } : {}),
      },
      openedAt: openedAt.toISOString(),
      expiresAt: new Date(openedAt.getTime() + step.timeoutMs).toISOString(),
    });
    this.approvals.set(step.id, approval);
    this.record(step.id).status = 'waiting';
    this.status = 'waitingForApproval';

    let decided = await condition(() => approval.status !== 'pending', step.timeoutMs);
    const escalation = step.onTimeout.escalate;
    if (!decided && escalation) {
      approval.escalate(
        this.approvers(escalation.approvers),
        new Date(Date.now() + escalation.timeoutMs).toISOString(),
      );
      decided = await condition(() => approval.status !== 'pending', escalation.timeoutMs);
    }
    if (!decided) approval.timeOut();
    this.status = 'running';

    const view = approval.view();
    const output = {
      approved: view.status === 'approved',
      status: view.status,
      decisions: view.decisions.map((d) => ({ ...d, comment: d.comment ?? null })),
      decidedBy: view.decisions.map((d) => d.approver),
      at: view.decisions.at(-1)?.at ?? now(),
    };
    if (view.status === 'timedOut' && step.onTimeout.then === 'fail') {
      throw new StepFailed(step.id, {
        message: `nobody decided on "${view.title}" in time`,
        type: 'IdflowApprovalTimedOut',
      });
    }
    return output;
  }

  /** Saga: undo completed steps that declare `compensate`, newest first; keep going if one undo fails. */
  private async compensate(): Promise<void> {
    this.status = 'compensating';
    for (const { step, scope } of [...this.done].reverse()) {
      if (!step.compensate) continue;
      try {
        await callAction(step.compensate, evaluateValue(step.compensate.with, scope));
        this.record(step.id).status = 'compensated';
        this.compensated.push(step.id);
      } catch (err) {
        this.record(step.id).error = { message: `compensation failed: ${describeError(err).message}` };
      }
    }
  }
}

export async function runPlaybook(input: RunPlaybookInput): Promise<RunResult> {
  const run = new Run(input);
  setHandler(stateQuery, () => run.state());
  setHandler(approveUpdate, (req: DecisionRequest) => run.decide('approve', req), {
    validator: (req: DecisionRequest) => run.validateDecision('approve', req),
    description:
      'Approve the open approval step (the approver must be allowed; requester and subject may not).',
  });
  setHandler(rejectUpdate, (req: DecisionRequest) => run.decide('reject', req), {
    validator: (req: DecisionRequest) => run.validateDecision('reject', req),
    description: 'Reject the open approval step.',
  });
  const result = await run.execute();
  // An update accepted just before the run ended still gets its answer.
  await condition(allHandlersFinished);
  return result;
}
