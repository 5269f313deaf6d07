// What the `state` query shows: every step's record, open approvals, the run's status. Kept separate from
// the interpreter so that observing a run never changes how it runs.
import type { OpenApproval } from './approvals.js';
import type { PlanStep } from '../dsl/plan.js';
import type { JsonValue } from '../common/json.js';
import type { RunState, RunStatus, StepError, StepRecord, StepStatus } from './types.js';

export function now(): string {
  return new Date().toISOString();
}

export class RunTracker {
  readonly records = new Map<string, StepRecord>();
  readonly approvals = new Map<string, OpenApproval>();
  readonly compensated: string[] = [];
  status: RunStatus = 'running';
  failure?: RunState['failure'];
  private readonly startedAt = now();
  /** Approvals and timers currently open; the run's status reflects the deepest wait. */
  private waits = { approvals: 0, timers: 0 };

  constructor(private readonly header: Pick<RunState, 'playbook' | 'planHash' | 'subject' | 'dryRun'>) {}

  /** Creates (or returns) the record for a step under a key prefix, e.g. `users[2].`. */
  declare(step: PlanStep, prefix = ''): StepRecord {
    const key = `${prefix}${step.id}`;
    let record = this.records.get(key);
    if (!record) {
      record = {
        key,
        id: step.id,
        kind: step.kind,
        status: 'pending',
        ...(step.name ? { name: step.name } : {}),
        ...(step.kind === 'action' ? { action: step.action } : {}),
      };
      this.records.set(key, record);
    }
    return record;
  }

  /** Declares a list of steps and, recursively, the steps of their parallel branches and recovery steps. */
  declareAll(steps: PlanStep[], prefix = ''): void {
    for (const step of steps) {
      this.declare(step, prefix);
      if (step.kind === 'parallel') for (const branch of step.branches) this.declareAll(branch, prefix);
      if (step.onError.kind === 'steps') this.declareAll(step.onError.steps, prefix);
    }
  }

  get(key: string): StepRecord {
    const record = this.records.get(key);
    if (!record) throw new Error(`no record for step ${key}`);
    return record;
  }

  start(key: string): void {
    const r = this.get(key);
    r.status = 'running';
    r.startedAt = now();
  }

  finish(key: string, status: StepStatus, output?: JsonValue, error?: StepError): void {
    const r = this.get(key);
    r.status = status;
    r.endedAt = now();
    if (output !== undefined) r.output = output;
    if (error) r.error = error;
  }

  beginWait(kind: 'approvals' | 'timers'): void {
    this.waits[kind] += 1;
    this.refreshStatus();
  }

  endWait(kind: 'approvals' | 'timers'): void {
    this.waits[kind] -= 1;
    this.refreshStatus();
  }

  private refreshStatus(): void {
    if (this.status !== 'running' && this.status !== 'waiting' && this.status !== 'waitingForApproval')
      return;
    this.status =
      this.waits.approvals > 0 ? 'waitingForApproval' : this.waits.timers > 0 ? 'waiting' : 'running';
  }

  view(): RunState {
    return {
      ...this.header,
      status: this.status,
      startedAt: this.startedAt,
      steps: [...this.records.values()],
      approvals: [...this.approvals.values()].map((a) => a.view()),
      compensated: [...this.compensated],
      ...(this.failure ? { failure: this.failure } : {}),
    };
  }
}
