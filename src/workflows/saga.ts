// Compensation: every succeeded step that declares `compensate` is remembered with the scope it ran in;
// when the run fails, is cancelled or times out, the undo actions run newest first. One failing undo does
// not stop the others — the run reports which ones failed.
import type { ActionStep } from '../dsl/plan.js';
import { evaluateValue, type Scope } from '../expr/evaluate.js';
import { describeError } from './activities.js';
import type { RunContext } from './runContext.js';
import { now, type RunTracker } from './runTracker.js';

interface Done {
  key: string;
  step: ActionStep;
  scope: Scope;
}

export class Saga {
  private readonly done: Done[] = [];
  readonly failures: string[] = [];

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
        record.compensation = { status: 'failed', at: now(), error: describeError(err) };
        this.failures.push(key);
      }
    }
  }
}
