// Starting a run from the server: startRun looks first, so `started` tells a new start from a repeat (a
// re-delivered event, a retried POST /runs), running or finished.
import type { Client } from '@temporalio/client';
import { evaluateSubject, startRun, type SubjectPseudonyms } from '../client/runs.js';
import type { Plan } from '../dsl/plan.js';
import { prepareInputs } from '../dsl/inputs.js';
import type { Trigger } from '../workflows/types.js';

export interface StartOrAttachOptions {
  plan: Plan;
  inputs: Record<string, unknown>;
  trigger: Omit<Trigger, 'key'>;
  key: string;
  taskQueue: string;
  /** With payload encryption: how subjects appear in ids and search attributes. */
  subjects?: SubjectPseudonyms;
  /** Reads for real, reports the writes, sends none (docs/safety.md). */
  dryRun?: boolean;
}

export interface RunRef {
  /** The run's id (its workflow id), as GET /runs/:id and `idflow status` take it. */
  id: string;
  playbook: string;
  subject: string;
  /** False when the key named a run that already existed: nothing new was started. */
  started: boolean;
  /** Present on a dry run: it changes nothing; its result lists what a real run would change. */
  dryRun?: true;
}

/**
 * Checks inputs before anything starts, as starting would: throws InvalidInputsError for inputs the playbook
 * refuses, ExpressionError when its subject cannot be worked out from them (the caller answers 400).
 */
export function checkRunInputs(plan: Plan, inputs: Record<string, unknown>): void {
  evaluateSubject(plan, prepareInputs(plan.name, plan.inputs, inputs));
}

export async function startOrAttach(client: Client, o: StartOrAttachOptions): Promise<RunRef> {
  const run = await startRun(client, {
    plan: o.plan,
    inputs: o.inputs,
    trigger: o.trigger,
    key: o.key,
    taskQueue: o.taskQueue,
    ...(o.subjects ? { subjects: o.subjects } : {}),
    ...(o.dryRun ? { dryRun: true } : {}),
  });
  return {
    id: run.workflowId,
    playbook: o.plan.name,
    subject: run.subject,
    started: run.started,
    ...(o.dryRun ? { dryRun: true as const } : {}),
  };
}
