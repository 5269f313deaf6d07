// Compensation: every succeeded step that declares `compensate` is remembered with the scope it ran in;
// when the run fails, is cancelled or times out, the undo actions run newest first. One failing undo does
// not stop the others — the run reports which ones failed. An undo is a mutation like any other: the
// guardrails check it and count it against the caps, so an undo can be refused, and a step whose undo was
// refused is reported loudly as NOT undone (the failure's details, `idflow status`, the worker's log).
import { log } from '@temporalio/workflow';
import type { ActionStep } from '../dsl/plan.js';
import { evaluateValue, type Scope } from '../expr/evaluate.js';
import { describeError } from './activities.js';
import type { RunContext } from './runContext.js';
import { now, type RunTracker } from './runTracker.js';
import type { NotUndone } from './types.js';

interface Done {
  key: string;
  step: ActionStep;
  scope: Scope;
}

export class Saga {
  private readonly done: Done[] = [];
  readonly failures: string[] = [];
  /** The same steps, with the undo that failed and why. */
  readonly notUndone: NotUndone[] = [];

  constructor(
    private readonly tracker: RunTracker,
    private readonly run: RunContext,
  ) {}

  /** Call after the step's own output is in `scope`: the undo may refer to it (e.g. a created user's id). */
  remember(key: string, step: ActionStep, scope: Scope): void {
    if (step.compensate) this.done.push({ key, step, scope: JSON.parse(JSON.stringify(scope)) as Scope });
  }

  async compensate(): Promise<void> {
    while (this.done.length > 0) {
      const { key, step, scope } = this.done.pop() as Done;
      const undo = step.compensate;
      if (!undo) continue;
      const record = this.tracker.get(key);
      try {
        await this.run.callAction(undo, evaluateValue(undo.with, scope), `${key}:compensate`, key, true);
        record.status = 'compensated';
        record.compensation = { status: 'succeeded', at: now() };
        this.tracker.compensated.push(key);
      } catch (err) {
        const error = describeError(err);
        record.compensation = { status: 'failed', at: now(), error };
        this.failures.push(key);
        this.notUndone.push({ step: key, action: undo.action, ...error });
        // The message may name a person (a guardrail's target): the log gets the step, the undo and the type.
        log.warn('step NOT undone: its compensation was refused or failed', {
          step: key,
          undo: undo.action,
          type: error.type ?? 'Error',
        });
      }
    }
  }
}
