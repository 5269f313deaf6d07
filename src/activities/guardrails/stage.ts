// The guardrails stage: before the action runs, may this playbook use it at all; then every write the call
// makes is checked against the lists and protected users and reserved against the caps (src/activities/
// guardrails/gate.ts) before it goes on — to JumpCloud, or, in a dry run, to the record.
import type { Stage } from '../actionCall.js';
import {
  composeGuardrails,
  DEFAULT_GLOBAL_GUARDRAILS,
  type GlobalGuardrails,
} from '../../guardrails/policy.js';
import { WriteGate } from './gate.js';
import { workerLedger, type LedgerClient } from './ledgerClient.js';

export interface GuardrailsStageOptions {
  /** The operator's guardrails. @default DEFAULT_GLOBAL_GUARDRAILS (admin groups are off limits) */
  policy?: GlobalGuardrails;
  /** Where caps are counted. @default the ledger of the worker running the activity */
  ledger?: LedgerClient;
}

export function guardrailsStage(options: GuardrailsStageOptions = {}): Stage {
  const policy = options.policy ?? DEFAULT_GLOBAL_GUARDRAILS;
  return (next) => (call) => {
    const context = call.context;
    const playbook = context?.playbook ?? '(unknown)';
    const lineage = context?.lineage ?? [];
    const gate = new WriteGate({
      action: call.action,
      workflowId: call.workflowId,
      activityId: call.activityId,
      playbook,
      lineage: lineage.map(({ workflowId, playbook }) => ({ workflowId, playbook })),
      rules: composeGuardrails(policy, [
        ...lineage,
        {
          workflowId: call.workflowId,
          playbook,
          ...(context?.guardrails ? { guardrails: context.guardrails } : {}),
          ...(context?.raised === true ? { raised: true } : {}),
        },
      ]),
      dryRun: context?.dryRun === true,
      compensation: context?.compensation === true,
      ledger: options.ledger ?? workerLedger,
      targets: call.targets,
    });
    gate.checkAction();
    const send = call.send;
    call.send = async (w) => {
      await gate.admit(w);
      return send(w);
    };
    return next(call);
  };
}
