// Real playbooks wait hours for approvals and days for start dates; the compiler rightly refuses a
// one-second approval. Tests compile sane durations and then shorten the Plan's timers, so the playbook
// under test is the real one and only the clock is compressed.
import type { Plan, PlanStep } from '../../src/dsl/plan.js';

export interface ShortTimers {
  /** Every approval's own timeout. */
  approvalMs?: number;
  /** Every escalation's timeout. */
  escalationMs?: number;
  /** Every wait step becomes a wait of this long (`until` dropped). */
  waitMs?: number;
  /** The run's timeout. */
  runMs?: number;
}

function shorten(steps: PlanStep[], t: ShortTimers): PlanStep[] {
  return steps.map((step): PlanStep => {
    const onError =
      step.onError.kind === 'steps'
        ? { kind: 'steps' as const, steps: shorten(step.onError.steps, t) }
        : step.onError;
    switch (step.kind) {
      case 'approval':
        return {
          ...step,
          onError,
          timeoutMs: t.approvalMs ?? step.timeoutMs,
          onTimeout: step.onTimeout.escalate
            ? {
                ...step.onTimeout,
                escalate: {
                  ...step.onTimeout.escalate,
                  timeoutMs: t.escalationMs ?? step.onTimeout.escalate.timeoutMs,
                },
              }
            : step.onTimeout,
        };
      case 'wait': {
        if (t.waitMs === undefined) return { ...step, onError };
        const { until: _until, ...rest } = step;
        return { ...rest, onError, forMs: t.waitMs };
      }
      case 'parallel':
        return { ...step, onError, branches: step.branches.map((b) => shorten(b, t)) };
      case 'forEach':
        return { ...step, onError, steps: shorten(step.steps, t) };
      default:
        return { ...step, onError };
    }
  });
}

export function withShortTimers(plan: Plan, t: ShortTimers): Plan {
  return {
    ...plan,
    steps: shorten(plan.steps, t),
    ...(t.runMs !== undefined ? { timeoutMs: t.runMs } : {}),
  };
}
