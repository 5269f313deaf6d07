// How the interpreter and the saga call actions: the run's context (which run and playbook, its guardrails,
// whether an approval raised its caps, whether it is a dry run or an undo) goes beside the arguments, and a
// dry run's would-be changes come back beside the output (src/workflows/actionContext.ts). Deterministic: it
// reads only the run's input and what the activities returned.
import { patched, workflowInfo } from '@temporalio/workflow';
import type { JsonValue } from '../common/json.js';
import type { ActionCall } from '../dsl/plan.js';
import type { GuardrailLevel } from '../guardrails/policy.js';
import type { ActionContext, DryRunEffect, DryRunResult } from './actionContext.js';
import { callAction } from './activities.js';
import { spliceContext, takeEffects } from './legacyEnvelope.js';
import type { RunTracker } from './runTracker.js';
import type { DryRunMutation, RunPlaybookInput } from './types.js';

/** Calls made before this patch spliced the context into the arguments (src/workflows/legacyEnvelope.ts). */
const ACTION_CONTEXT = 'idflow-action-context';

export class RunContext {
  /** A dry run's would-be changes so far, in the order their calls returned. */
  readonly effects: DryRunEffect[] = [];
  /** The same, with the step that would have made each: the run's dry-run report. */
  readonly mutations: DryRunMutation[] = [];

  constructor(
    readonly input: RunPlaybookInput,
    private readonly tracker: RunTracker,
  ) {}

  get dryRun(): boolean {
    return this.input.dryRun === true;
  }

  /** The playbook's `raise` approval was approved in this run (its record says so). */
  raised(): boolean {
    const approval = this.input.plan.guardrails?.raise?.approval;
    if (approval === undefined) return false;
    for (const r of this.tracker.records.values()) {
      if (r.kind !== 'approval' || r.id !== approval || r.status !== 'succeeded') continue;
      const out = r.output;
      if (typeof out === 'object' && out !== null && !Array.isArray(out) && out.approved === true)
        return true;
    }
    return false;
  }

  private context(compensation: boolean): ActionContext {
    const { plan } = this.input;
    return {
      workflowId: workflowInfo().workflowId,
      playbook: plan.name,
      planHash: plan.hash,
      ...(this.dryRun ? { dryRun: true, effects: [...this.effects] } : {}),
      ...(plan.guardrails ? { guardrails: plan.guardrails } : {}),
      ...(this.raised() ? { raised: true } : {}),
      ...(compensation ? { compensation: true } : {}),
      ...(this.input.lineage?.length ? { lineage: this.input.lineage } : {}),
    };
  }

  /** What a child started now runs under: this run's ancestors, then this run as it stands. */
  childLineage(): GuardrailLevel[] {
    const { plan } = this.input;
    return [
      ...(this.input.lineage ?? []),
      {
        workflowId: workflowInfo().workflowId,
        playbook: plan.name,
        ...(plan.guardrails ? { guardrails: plan.guardrails } : {}),
        ...(this.raised() ? { raised: true } : {}),
      },
    ];
  }

  /**
   * Calls one action (activity id `activityId`) and returns its output; a dry run's would-be changes are
   * noted on the record of step `stepKey` (an undo's are noted on the step it undoes).
   */
  async callAction(
    call: ActionCall,
    args: JsonValue,
    activityId: string,
    stepKey: string,
    compensation: boolean,
  ): Promise<JsonValue> {
    const context = this.context(compensation);
    if (!patched(ACTION_CONTEXT)) {
      const { output, effects } = takeEffects(
        await callAction(call, [spliceContext(args, context)], activityId),
      );
      this.noteEffects(stepKey, effects);
      return output;
    }
    const result = await callAction(call, [args, context as unknown as JsonValue], activityId);
    if (!this.dryRun) return result;
    const { output, effects } = result as unknown as DryRunResult;
    this.noteEffects(stepKey, effects);
    return output;
  }

  private noteEffects(stepKey: string, effects: readonly DryRunEffect[]): void {
    if (effects.length === 0) return;
    this.effects.push(...effects);
    this.noteWouldDo(
      stepKey,
      effects.map((e) => e.text),
    );
    for (const e of effects)
      this.mutations.push({
        step: stepKey,
        action: e.action,
        text: e.text,
        op: e.op,
        ...(e.request !== undefined ? { request: e.request } : {}),
      });
  }

  /** Records what a dry run would have done (or asked, or waited for) at a step. */
  noteWouldDo(stepKey: string, texts: string[]): void {
    const record = this.tracker.get(stepKey);
    record.wouldDo = [...(record.wouldDo ?? []), ...texts];
  }
}
