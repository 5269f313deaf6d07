// A refused mutation: a non-retryable ApplicationFailure of one stable type, whose message names the rule,
// the limit and the count, and whose details carry them for tools. The worker also logs it (without the
// target, which may be a person).
import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';

/** `ApplicationFailure.type` of every guardrail refusal: match on this, never on the message. */
export const GUARDRAIL_FAILURE_TYPE = 'IdflowGuardrail';

export interface GuardrailViolation {
  /** The rule as written, with where it is declared: `limits.jumpcloud.user.suspend.perRun (playbook x)`. */
  rule: string;
  action: string;
  /** Caps: the limit and how many mutations it had counted already. */
  limit?: number;
  count?: number;
  /** What was refused, for people (may name a person: it travels in details, which the codec encrypts). */
  target?: string;
  /** Found by a dry run: a real run would be refused here. */
  dryRun?: boolean;
  /** The refused call was an undo (compensation): the step it would have undone stays done. */
  compensation?: boolean;
}

export function violationMessage(v: GuardrailViolation, why: string): string {
  const counts = v.limit !== undefined ? ` (limit ${v.limit}, count ${v.count ?? 0})` : '';
  const refused = v.compensation
    ? `undo ${v.action} refused: the step it would undo stays NOT undone`
    : `${v.action} refused`;
  return `${v.dryRun ? 'dry run: a real run would be refused — ' : ''}guardrail ${v.rule}${counts}: ${why}; ${refused}`;
}

export function guardrailFailure(v: GuardrailViolation, why: string): ApplicationFailure {
  let log: Context['log'] | undefined;
  try {
    log = Context.current().log;
  } catch {
    // Called outside an activity (unit tests): nothing to log to.
  }
  log?.warn('guardrail refused a mutation', {
    rule: v.rule,
    action: v.action,
    ...(v.limit !== undefined ? { limit: v.limit, count: v.count } : {}),
    dryRun: v.dryRun ?? false,
    compensation: v.compensation ?? false,
  });
  return ApplicationFailure.create({
    message: violationMessage(v, why),
    type: GUARDRAIL_FAILURE_TYPE,
    nonRetryable: true,
    details: [v],
  });
}
