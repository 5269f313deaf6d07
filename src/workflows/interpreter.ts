// Walks the Plan's steps. Each kind of step is a small method; everything that touches the world goes
// through an activity, so this code only decides what happens next and is replayed deterministically.
import {
  ApplicationFailure,
  condition,
  executeChild,
  patched,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type {
  ActionStep,
  ApprovalStep,
  ForEachStep,
  ParallelStep,
  Plan,
  PlanStep,
  PlaybookStep,
  WaitStep,
} from '../dsl/plan.js';
import type { JsonValue } from '../common/json.js';
import { evaluateExpr, evaluateValue, type Scope } from '../expr/evaluate.js';
import { toText } from '../expr/values.js';
import { announceApproval, describeError, prepareInputs, resolveApprovers } from './activities.js';
import { normalizeEmail, OpenApproval } from './approvals.js';
import { idflowSearchAttributes } from './definitions.js';
import type { RunContext } from './runContext.js';
import type { RunTracker } from './runTracker.js';
import type { Saga } from './saga.js';
import type { RunPlaybookInput, RunResult, StepError } from './types.js';

/** Runs recorded before approvals were announced replay without the announcement activity. */
const ANNOUNCE_APPROVALS = 'idflow-announce-approvals';

/** A step failed and nothing handled it: the run stops (after compensation, when the playbook asks). */
export class StepFailed extends Error {
  constructor(
    readonly stepKey: string,
    readonly error: StepError,
  ) {
    super(`step ${stepKey} failed: ${error.message}`);
    this.name = 'StepFailed';
  }
}

function asList(value: JsonValue): JsonValue[] {
  return Array.isArray(value) ? value : value === null ? [] : [value];
}

export class Interpreter {
  constructor(
    private readonly input: RunPlaybookInput,
    private readonly tracker: RunTracker,
    private readonly saga: Saga,
    private readonly run: RunContext,
  ) {}

  private get plan(): Plan {
    return this.input.plan;
  }

  /** Runs steps in order. `prefix` keeps record keys unique inside forEach iterations. */
  async runSteps(steps: PlanStep[], scope: Scope, prefix: string): Promise<void> {
    for (const step of steps) await this.runStep(step, scope, prefix);
  }

  private async runStep(step: PlanStep, scope: Scope, prefix: string): Promise<void> {
    const key = `${prefix}${step.id}`;
    this.tracker.declare(step, prefix);
    if (step.if && evaluateExpr(step.if, scope) !== true) {
      this.tracker.finish(key, 'skipped');
      scope.steps[step.id] = { status: 'skipped' };
      return;
    }
    this.tracker.start(key);
    let output: JsonValue;
    try {
      output = await this.execute(step, scope, key, prefix);
    } catch (err) {
      if (err instanceof StepFailed && err.stepKey !== key) {
        // A nested step failed: this (container) step failed with it.
        this.tracker.finish(key, 'failed', undefined, err.error);
      } else {
        this.tracker.finish(
          key,
          'failed',
          undefined,
          err instanceof StepFailed ? err.error : describeError(err),
        );
      }
      const error = err instanceof StepFailed ? err.error : describeError(err);
      scope.steps[step.id] = { status: 'failed', output: { error: error.message, type: error.type ?? null } };
      if (isCancellation(err)) throw err;
      if (step.onError.kind === 'continue') return;
      if (step.onError.kind === 'steps') {
        await this.runSteps(step.onError.steps, scope, prefix);
        return;
      }
      throw err instanceof StepFailed ? err : new StepFailed(key, error);
    }
    this.tracker.finish(key, 'succeeded', output);
    scope.steps[step.id] = { status: 'succeeded', output };
    if (step.kind === 'action') this.saga.remember(key, step, scope);
  }

  private execute(step: PlanStep, scope: Scope, key: string, prefix: string): Promise<JsonValue> {
    switch (step.kind) {
      case 'action':
        return this.action(step, scope, key);
      case 'approval':
        return this.approval(step, scope, key);
      case 'set':
        return Promise.resolve(this.set(step.vars, scope));
      case 'fail':
        return Promise.reject(
          new StepFailed(key, {
            message: toText(evaluateValue(step.message, scope)),
            type: 'IdflowFailStep',
          }),
        );
      case 'parallel':
        return this.parallel(step, scope, prefix);
      case 'forEach':
        return this.forEach(step, scope, key);
      case 'wait':
        return this.wait(step, scope, key);
      case 'playbook':
        return this.child(step, scope, key);
    }
  }

  private async action(step: ActionStep, scope: Scope, key: string): Promise<JsonValue> {
    return this.run.callAction(step, evaluateValue(step.with, scope), key, key, false);
  }

  private set(vars: { [name: string]: Parameters<typeof evaluateValue>[0] }, scope: Scope): JsonValue {
    const values: { [k: string]: JsonValue } = {};
    for (const [name, value] of Object.entries(vars)) values[name] = evaluateValue(value, scope);
    Object.assign(scope.vars, values);
    return values;
  }

  /**
   * Branches run together and the step waits for all of them, even after one failed: cancelling the
   * others half-way could leave a change made but not recorded for compensation.
   */
  private async parallel(step: ParallelStep, scope: Scope, prefix: string): Promise<JsonValue> {
    const results = await Promise.allSettled(
      step.branches.map((branch) => this.runSteps(branch, scope, prefix)),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return { branches: step.branches.length };
  }

  /** At most `concurrency` iterations at once; after a failure no new iteration starts. */
  private async forEach(step: ForEachStep, scope: Scope, key: string): Promise<JsonValue> {
    const items = asList(evaluateValue(step.items, scope));
    const results: JsonValue[] = new Array<JsonValue>(items.length).fill(null);
    let running = 0;
    let firstFailure: Error | undefined;
    const iterations: Promise<void>[] = [];
    for (let i = 0; i < items.length; i++) {
      await condition(() => running < step.concurrency || firstFailure !== undefined);
      if (firstFailure !== undefined) break;
      const item = items[i] ?? null;
      const iterationScope: Scope = {
        ...scope,
        steps: { ...scope.steps },
        vars: { ...scope.vars },
        item,
      };
      const prefix = `${key}[${i}].`;
      this.tracker.declareAll(step.steps, prefix);
      running += 1;
      iterations.push(
        this.runSteps(step.steps, iterationScope, prefix)
          .then(() => {
            results[i] = { item, status: 'succeeded', steps: ownSteps(iterationScope, step) };
          })
          .catch((err: unknown) => {
            results[i] = { item, status: 'failed', steps: ownSteps(iterationScope, step) };
            firstFailure ??= err instanceof Error ? err : new Error(String(err));
          })
          .finally(() => {
            running -= 1;
          }),
      );
    }
    await Promise.all(iterations);
    if (firstFailure !== undefined) throw firstFailure;
    return results;
  }

  private async wait(step: WaitStep, scope: Scope, key: string): Promise<JsonValue> {
    let ms = step.forMs ?? 0;
    if (step.until) {
      const raw = evaluateValue(step.until, scope);
      const at = typeof raw === 'string' || typeof raw === 'number' ? new Date(raw).getTime() : NaN;
      if (Number.isNaN(at)) {
        throw ApplicationFailure.nonRetryable(
          `wait until: ${JSON.stringify(raw)} is not a date or timestamp`,
          'IdflowInvalidTime',
        );
      }
      ms = Math.max(0, at - Date.now());
    }
    const until = new Date(Date.now() + ms).toISOString();
    if (this.run.dryRun) {
      // A dry run shows the wait and moves on: what follows it is what the operator wants to see.
      this.run.noteWouldDo(key, [`would wait until ${until}`]);
      return { waitedUntil: until };
    }
    this.tracker.get(key).until = until;
    this.tracker.get(key).status = 'waiting';
    this.tracker.beginWait('timers');
    try {
      if (ms > 0) await sleep(ms);
    } finally {
      this.tracker.endWait('timers');
    }
    return { waitedUntil: until };
  }

  private async child(step: PlaybookStep, scope: Scope, key: string): Promise<JsonValue> {
    const childPlan = this.plan.children?.[step.playbook];
    if (!childPlan) {
      throw ApplicationFailure.nonRetryable(
        `the Plan does not embed playbook ${step.playbook}`,
        'IdflowMissingChildPlan',
      );
    }
    const inputs = await prepareInputs({
      schema: childPlan.inputs,
      inputs: evaluateValue(step.with, scope),
      playbook: childPlan.name,
    });
    const subject = childPlan.subject
      ? toText(evaluateValue(childPlan.subject, { inputs, steps: {}, vars: {}, trigger: null, run: null }))
      : this.input.subject;
    const parent = workflowInfo();
    const workflowId = `${parent.workflowId}/${key}`;
    this.tracker.get(key).childWorkflowId = workflowId;
    const childInput: RunPlaybookInput = {
      plan: { ...childPlan, children: { ...this.plan.children, ...childPlan.children } },
      inputs,
      subject,
      ...(this.input.dryRun ? { dryRun: true } : {}),
      // The child runs under this run's guardrails and its ancestors', not only its own.
      lineage: this.run.childLineage(),
      // Encrypted runs keep the subject out of clear text: the child shares the parent's pseudonym when it
      // is about the same subject, and is listed under none otherwise (the worker holds no key to make one).
      ...(this.input.subjectTag !== undefined && subject === this.input.subject
        ? { subjectTag: this.input.subjectTag }
        : {}),
      trigger: {
        kind: 'playbook',
        source: parent.workflowId,
        key: `${this.input.trigger.key}/${key}`,
        ...(this.input.trigger.requestedBy ? { requestedBy: this.input.trigger.requestedBy } : {}),
      },
    };
    const subjectAttribute = this.input.subjectTag === undefined ? subject : childInput.subjectTag;
    const result = await executeChild<(input: RunPlaybookInput) => Promise<RunResult>>('runPlaybook', {
      args: [childInput],
      workflowId,
      typedSearchAttributes: [
        { key: idflowSearchAttributes.playbook, value: childPlan.name },
        ...(subjectAttribute !== undefined
          ? [{ key: idflowSearchAttributes.subject, value: subjectAttribute }]
          : []),
        { key: idflowSearchAttributes.planHash, value: childPlan.hash },
      ],
    });
    for (const m of result.dryRun?.mutations ?? []) {
      this.run.noteWouldDo(key, [`${m.step}: ${m.text}`]);
      this.run.mutations.push({ ...m, step: `${key}/${m.step}` });
    }
    return { outputs: result.outputs, compensated: result.compensated };
  }

  /** Tells the approvers, without making the approval wait for the message. */
  private announce(approval: OpenApproval): void {
    if (!patched(ANNOUNCE_APPROVALS)) return;
    const view = approval.view();
    approval.announcement = 'sending';
    announceApproval({
      workflowId: workflowInfo().workflowId,
      stepId: view.stepId,
      title: view.title,
      approvers: view.approvers,
      required: view.required,
      stage: view.stage,
      expiresAt: view.expiresAt,
      playbook: this.plan.name,
      subject: this.input.subject,
      ...(this.input.trigger.requestedBy ? { requestedBy: this.input.trigger.requestedBy } : {}),
    }).then(
      (r) => {
        approval.announcement = r.sent
          ? `sent (${r.links} link${r.links === 1 ? '' : 's'})`
          : `not sent: ${r.reason ?? 'no reason'}`;
      },
      (err: unknown) => {
        approval.announcement = `failed: ${describeError(err).message}`;
      },
    );
  }

  /** A dry run asks nobody: it says whom it would ask and carries on as if they approved. */
  private dryRunApproval(
    step: ApprovalStep,
    scope: Scope,
    key: string,
    approvers: { emails: string[]; unresolved: string[] },
  ): JsonValue {
    const title = toText(evaluateValue(step.title, scope));
    const who = approvers.emails.length > 0 ? approvers.emails.join(', ') : '(nobody resolved)';
    this.run.noteWouldDo(key, [`would ask ${who} (${step.required} needed): "${title}"; assumed approved`]);
    return {
      approved: true,
      status: 'approved',
      stage: 'primary',
      decisions: [],
      decidedBy: [],
      at: new Date().toISOString(),
    };
  }

  private async approval(step: ApprovalStep, scope: Scope, key: string): Promise<JsonValue> {
    const entries = asList(evaluateValue(step.approvers, scope)).filter(
      (x): x is string => typeof x === 'string' && x.trim() !== '',
    );
    const primary = await resolveApprovers(entries, `${key}:approvers`);
    if (this.run.dryRun) return this.dryRunApproval(step, scope, key, primary);
    const openedAt = new Date();
    const approval = new OpenApproval({
      stepId: key,
      title: toText(evaluateValue(step.title, scope)),
      approvers: primary.emails,
      unresolved: primary.unresolved,
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
    this.tracker.approvals.set(key, approval);
    this.tracker.get(key).status = 'waiting';
    this.tracker.beginWait('approvals');
    this.announce(approval);
    try {
      let decided = await condition(() => approval.status !== 'pending', step.timeoutMs);
      const escalation = step.onTimeout.escalate;
      if (!decided && escalation) {
        const entries2 = asList(evaluateValue(escalation.approvers, scope)).filter(
          (x): x is string => typeof x === 'string',
        );
        const next = await resolveApprovers(entries2, `${key}:escalation`);
        approval.escalate(
          next.emails,
          next.unresolved,
          new Date(Date.now() + escalation.timeoutMs).toISOString(),
        );
        decided = await condition(() => approval.status !== 'pending', escalation.timeoutMs);
      }
      if (!decided) approval.timeOut();
    } finally {
      this.tracker.endWait('approvals');
    }
    const view = approval.view();
    if (view.status === 'timedOut' && step.onTimeout.then === 'fail') {
      throw new StepFailed(key, {
        message: `nobody decided on "${view.title}" in time`,
        type: 'IdflowApprovalTimedOut',
      });
    }
    return {
      approved: view.status === 'approved',
      status: view.status,
      stage: view.stage,
      decisions: view.decisions.map((d) => ({ ...d, comment: d.comment ?? null })),
      decidedBy: view.decisions.map((d) => d.approver),
      at: view.decisions.at(-1)?.at ?? new Date().toISOString(),
    };
  }
}

function ownSteps(scope: Scope, step: ForEachStep): { [id: string]: JsonValue } {
  const out: { [id: string]: JsonValue } = {};
  for (const s of step.steps) {
    const r = scope.steps[s.id];
    if (r) out[s.id] = { status: r.status, output: r.output ?? null };
  }
  return out;
}

export function isCancellation(err: unknown): boolean {
  return (
    err instanceof Error &&
    (err.name === 'CancelledFailure' || (err.cause instanceof Error && err.cause.name === 'CancelledFailure'))
  );
}
